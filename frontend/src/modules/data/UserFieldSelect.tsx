import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../../lib/api';
import { type Member, memberQueryOptions, membersQueryKey } from '../administration/access/accessApi';

const SEARCH_LIMIT = 20;

function activeMembersQueryOptions(q: string) {
  const query = { q: q || undefined, status: 'active' as const, sort: 'name' as const, limit: SEARCH_LIMIT };
  return queryOptions({
    queryKey: [...membersQueryKey, 'search', query] as const,
    queryFn: async ({ signal }): Promise<Member[]> =>
      (await unwrap(client.GET('/members', { params: { query }, signal }))).data.items,
    staleTime: 30_000,
  });
}

function memberLabel(member: Pick<Member, 'name' | 'email'>): string {
  return member.name ? `${member.name} (${member.email})` : member.email;
}

export interface UserFieldSelectProps {
  label: string;
  description?: string;
  value: string | null;
  onChange: (userId: string | null) => void;
  required?: boolean;
  error?: string;
  disabled?: boolean;
}

/**
 * A `user` custom field: one active member, searched by the server as the user types (name or e-mail), as the members
 * picker of the administration pages does. The current choice is read on its own to show its name.
 */
export function UserFieldSelect({ label, description, value, onChange, required, error, disabled }: UserFieldSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [debounced] = useDebouncedValue(search, 250);
  const selected = useQuery({ ...memberQueryOptions(value ?? ''), enabled: value !== null, retry: false });
  const selectedMember = value !== null ? selected.data?.data : undefined;
  const term = opened && debounced !== (selectedMember ? memberLabel(selectedMember) : '') ? debounced.trim() : '';
  const results = useQuery({ ...activeMembersQueryOptions(term), enabled: opened, placeholderData: keepPreviousData });

  const options = new Map<string, string>();
  if (value !== null) options.set(value, selectedMember ? memberLabel(selectedMember) : value);
  for (const member of results.data ?? []) options.set(member.user_id, memberLabel(member));

  return (
    <Select
      label={label}
      description={description}
      placeholder={t('customFields.inputs.userPlaceholder')}
      data={[...options].map(([id, text]) => ({ value: id, label: text }))}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server filtered already (on name and e-mail): show what it answered.
      filter={({ options: all }) => all}
      onDropdownOpen={() => {
        setOpened(true);
      }}
      onDropdownClose={() => {
        setOpened(false);
      }}
      clearable={!required}
      clearButtonProps={{ 'aria-label': t('customFields.inputs.clear', { field: label }), 'aria-hidden': false, tabIndex: 0 }}
      nothingFoundMessage={results.isFetching ? t('common.loading') : t('customFields.inputs.userNoneFound')}
      required={required}
      error={error}
      disabled={disabled}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
