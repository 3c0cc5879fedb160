/**
 * Choosing an asset or a peripheral by typing part of its name (the server searches, so it works for any fleet size):
 * `ItemSelect` for one kind, `ItemPicker` for "an asset or a peripheral" (maintenance logs).
 */
import { SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../../lib/api';
import { assetQueryOptions, assetsQueryKey } from './assetsApi';
import type { ItemKind } from './disposalsApi';
import { peripheralQueryOptions, peripheralsQueryKey } from './peripheralsApi';

const SEARCH_DEBOUNCE_MS = 250;
const RESULTS = 20;

interface Option {
  value: string;
  label: string;
}

/** The first assets or peripherals whose name (tag, serial) holds `term`, by name. */
function itemSearchQueryOptions(kind: ItemKind, term: string) {
  return queryOptions({
    queryKey: [...(kind === 'asset' ? assetsQueryKey : peripheralsQueryKey), 'pick', term] as const,
    queryFn: async ({ signal }): Promise<Option[]> => {
      const query = { ...(term ? { q: term } : {}), sort: 'name', limit: RESULTS };
      const list =
        kind === 'asset'
          ? (await unwrap(client.GET('/assets', { params: { query }, signal }))).data.items
          : (await unwrap(client.GET('/peripherals', { params: { query }, signal }))).data.items;
      return list.map((item) => ({ value: item.id, label: item.name }));
    },
    staleTime: 10_000,
  });
}

export interface ItemSelectProps {
  kind: ItemKind;
  label: string;
  description?: string;
  value: string | null;
  onChange: (id: string | null) => void;
  /** The chosen item's name when already known (saves reading it). */
  valueLabel?: string | null;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
}

export function ItemSelect({
  kind,
  label,
  description,
  value,
  onChange,
  valueLabel,
  error,
  required,
  disabled,
  placeholder,
}: ItemSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [debounced] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  // Names of the items chosen from the results: no need to read them again.
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const knownName = valueLabel ?? (value !== null ? chosen[value] : undefined);
  const needName = value !== null && !knownName;
  const asset = useQuery({ ...assetQueryOptions(value ?? ''), enabled: needName && kind === 'asset' });
  const peripheral = useQuery({ ...peripheralQueryOptions(value ?? ''), enabled: needName && kind === 'peripheral' });
  const selectedName =
    value === null ? '' : (knownName ?? (kind === 'asset' ? asset.data?.data.name : peripheral.data?.data.name) ?? value);
  const term = opened && debounced !== selectedName ? debounced.trim() : '';
  const results = useQuery({ ...itemSearchQueryOptions(kind, term), enabled: opened, placeholderData: keepPreviousData });

  const options = new Map<string, string>();
  if (value !== null) options.set(value, selectedName);
  for (const option of results.data ?? []) options.set(option.value, option.label);

  return (
    <Select
      label={label}
      description={description}
      placeholder={placeholder ?? t('inventoryAssets.picker.placeholder')}
      data={[...options].map(([id, text]) => ({ value: id, label: text }))}
      value={value}
      onChange={(id, option) => {
        if (id !== null && option !== null) setChosen((previous) => ({ ...previous, [id]: option.label }));
        onChange(id);
      }}
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
      clearable={!required}
      clearButtonProps={{ 'aria-label': t('inventoryAssets.picker.clear', { field: label }) }}
      nothingFoundMessage={results.isFetching ? t('common.loading') : t('inventoryAssets.picker.noneFound')}
      required={required}
      error={error}
      disabled={disabled}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export interface ItemRef {
  kind: ItemKind;
  id: string | null;
}

/** An asset or a peripheral: the kind first, then the item. A fixed item (from its own page) is shown, not chosen. */
export function ItemPicker({
  value,
  onChange,
  error,
  fixedLabel,
}: {
  value: ItemRef;
  onChange: (value: ItemRef) => void;
  error?: string;
  /** Set when the item is given (the log is added from the item's page). */
  fixedLabel?: string;
}) {
  const { t } = useTranslation();
  const kindLabelId = useId();
  if (fixedLabel !== undefined) {
    return (
      <Stack gap={2}>
        <Text size="sm" fw={500}>
          {t(`inventoryAssets.kinds.${value.kind}`)}
        </Text>
        <Text size="sm">{fixedLabel}</Text>
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      <Stack gap={4}>
        <Text size="sm" fw={500} id={kindLabelId}>
          {t('inventoryAssets.picker.kind')}
        </Text>
        <SegmentedControl
          aria-labelledby={kindLabelId}
          data={[
            { value: 'asset', label: t('inventoryAssets.kinds.asset') },
            { value: 'peripheral', label: t('inventoryAssets.kinds.peripheral') },
          ]}
          value={value.kind}
          onChange={(kind) => {
            onChange({ kind: kind, id: null });
          }}
          w="fit-content"
        />
      </Stack>
      <ItemSelect
        key={value.kind}
        kind={value.kind}
        label={t(`inventoryAssets.kinds.${value.kind}`)}
        value={value.id}
        onChange={(id) => {
          onChange({ kind: value.kind, id });
        }}
        error={error}
        required
      />
    </Stack>
  );
}
