import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { peopleSearchQueryOptions, personOptionLabel, personQueryOptions } from './peopleApi';

/** How long the typing pauses before the server is asked. */
const SEARCH_DEBOUNCE_MS = 250;

export interface PersonSelectProps {
  label: string;
  description?: string;
  /** The chosen person's user id, null for none. */
  value: string | null;
  onChange: (userId: string | null) => void;
  onBlur?: () => void;
  error?: string;
  disabled?: boolean;
  /** Marks the input required; a required choice cannot be cleared. */
  required?: boolean;
  placeholder?: string;
}

/**
 * Chooses one person of the organisation's directory (GET /people, open to every member), searched by the server as the
 * user types (name or e-mail), so that it works for an organisation of any size. The current choice is read on its own
 * (`/people?id=`) to show its name.
 */
export function PersonSelect({
  label,
  description,
  value,
  onChange,
  onBlur,
  error,
  disabled,
  required,
  placeholder,
}: PersonSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [debounced] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const selected = useQuery({ ...personQueryOptions(value ?? ''), enabled: value !== null });
  const selectedPerson = value !== null ? selected.data : undefined;
  // While the dropdown is closed the search box shows the chosen name: do not search for it.
  const term = opened && debounced !== (selectedPerson ? personOptionLabel(selectedPerson) : '') ? debounced.trim() : '';
  const results = useQuery({ ...peopleSearchQueryOptions(term), enabled: opened, placeholderData: keepPreviousData });

  const options = new Map<string, string>();
  if (value !== null) options.set(value, selectedPerson ? personOptionLabel(selectedPerson) : value);
  for (const person of results.data ?? []) options.set(person.id, personOptionLabel(person));

  return (
    <Select
      label={label}
      description={description}
      placeholder={placeholder ?? t('people.picker.placeholder')}
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
      clearable={!required}
      // Mantine hides the clear button from assistive technology by default; here it is the way to say "nobody".
      clearButtonProps={{ 'aria-label': t('people.picker.clear', { field: label }), 'aria-hidden': false, tabIndex: 0 }}
      nothingFoundMessage={results.isFetching ? t('common.loading') : t('people.picker.noneFound')}
      required={required}
      error={error}
      disabled={disabled}
    />
  );
}
