import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { type Ref, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../../../lib/api';
import { type Member, memberQueryOptions, membersQueryKey } from './accessApi';

const SEARCH_LIMIT = 20;

function memberSearchQueryOptions(q: string) {
  const query = { q: q || undefined, status: 'active' as const, sort: 'name' as const, limit: SEARCH_LIMIT };
  return queryOptions({
    queryKey: [...membersQueryKey, 'search', query] as const,
    queryFn: async ({ signal }): Promise<Member[]> =>
      (await unwrap(client.GET('/members', { params: { query }, signal }))).data.items,
    staleTime: 30_000,
  });
}

function optionLabel(member: Pick<Member, 'name' | 'email'>): string {
  return member.name ? `${member.name} (${member.email})` : member.email;
}

export interface MemberSelectProps {
  label: string;
  description?: string;
  /** The chosen member's user id, null for none. */
  value: string | null;
  onChange: (userId: string | null) => void;
  onBlur?: () => void;
  /** Members that may not be chosen (the person themselves). */
  exclude?: readonly string[];
  error?: string;
  disabled?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/**
 * Chooses one active member, searched by the server as the user types (name or e-mail), so that it works for an
 * organisation of any size. The current choice is read on its own to show its name.
 */
export function MemberSelect({ label, description, value, onChange, onBlur, exclude = [], error, disabled, ref }: MemberSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [debounced] = useDebouncedValue(search, 250);
  const selected = useQuery({ ...memberQueryOptions(value ?? ''), enabled: value !== null });
  const selectedMember = value !== null ? selected.data?.data : undefined;
  // While the dropdown is closed the search box shows the chosen name: do not search for it.
  const term = opened && debounced !== (selectedMember ? optionLabel(selectedMember) : '') ? debounced.trim() : '';
  const results = useQuery({ ...memberSearchQueryOptions(term), enabled: opened, placeholderData: keepPreviousData });

  const options = new Map<string, string>();
  if (value !== null) options.set(value, selectedMember ? optionLabel(selectedMember) : value);
  for (const member of results.data ?? []) {
    if (!exclude.includes(member.user_id)) options.set(member.user_id, optionLabel(member));
  }

  return (
    <Select
      ref={ref}
      label={label}
      description={description}
      placeholder={t('members.picker.placeholder')}
      data={[...options].map(([id, text]) => ({ value: id, label: text }))}
      value={value}
      onChange={onChange}
      onBlur={onBlur}
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
      clearable
      // Mantine hides the clear button from assistive technology by default; here it is the way to say "nobody".
      clearButtonProps={{ 'aria-label': t('members.picker.clear', { field: label }), 'aria-hidden': false, tabIndex: 0 }}
      nothingFoundMessage={results.isFetching ? t('common.loading') : t('members.picker.noneFound')}
      error={error}
      disabled={disabled}
    />
  );
}
