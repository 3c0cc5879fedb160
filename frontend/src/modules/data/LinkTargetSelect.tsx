import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Ref, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { targetSearchOf } from './linkTargets';

export interface LinkTargetSelectProps {
  type: string;
  label: string;
  value: string;
  onChange: (id: string) => void;
  onBlur: () => void;
  /** The record the link starts from: not offered. */
  exclude: string;
  error?: string;
  ref?: Ref<HTMLInputElement>;
}

/**
 * The record to link to, searched by the server as the user types (for the types that {@link targetSearchOf} can
 * search; the others are given by id). Used by the add-link dialog and by the compliance evidence dialog.
 */
export function LinkTargetSelect({ type, label, value, onChange, onBlur, exclude, error, ref }: LinkTargetSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const [debounced] = useDebouncedValue(search, 250);
  const term = opened && debounced !== (chosen?.label ?? '') ? debounced.trim() : '';
  const searchOf = targetSearchOf(type);
  const results = useQuery({
    queryKey: ['link-targets', type, term] as const,
    queryFn: ({ signal }) => (searchOf ? searchOf(term, signal) : Promise.resolve([])),
    enabled: opened && searchOf !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const options = new Map<string, string>();
  if (chosen?.value === value) options.set(chosen.value, chosen.label);
  for (const option of results.data ?? []) {
    if (option.value !== exclude) options.set(option.value, option.label);
  }
  return (
    <Select
      ref={ref}
      label={label}
      placeholder={t('links.add.targetPlaceholder')}
      data={[...options].map(([id, text]) => ({ value: id, label: text }))}
      value={value || null}
      onChange={(id, option) => {
        setChosen(id ? { value: id, label: option?.label ?? id } : null);
        onChange(id ?? '');
      }}
      onBlur={onBlur}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      onDropdownOpen={() => {
        setOpened(true);
      }}
      onDropdownClose={() => {
        setOpened(false);
      }}
      nothingFoundMessage={results.isFetching ? t('common.loading') : t('links.add.noneFound')}
      required
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
