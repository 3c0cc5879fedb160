import { Button, Group, EmptyState, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { IconLicense, IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { flattenPages } from '../assets/assetsApi';
import { ListFooter, ListSkeleton } from '../assets/ListParts';
import { TagPicker } from '../data/TagPicker';
import { ImportExportActions } from '../imports/ImportExportActions';
import { CreateLicenceModal } from './LicenceFormModal';
import { FilterCard } from './SoftwareParts';
import { DEFAULT_SORT, LICENCE_STATUSES, softwareOptionsQueryOptions, useLicences } from './softwareApi';
import { hasFilters, type LicenceSearch, mergeLicenceSearch } from './softwareSearch';
import { LicencesTable } from './SoftwareTables';

const routeApi = getRouteApi('/_app/assets/licences');

function LicenceFilters({
  search,
  onChange,
  onClear,
}: {
  search: LicenceSearch;
  onChange: (patch: Partial<LicenceSearch>) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const products = useQuery(softwareOptionsQueryOptions(''));
  const options = (products.data ?? []).map((software) => ({ value: software.id, label: software.name }));
  if (search.software_id && !options.some((option) => option.value === search.software_id)) {
    options.push({ value: search.software_id, label: search.software_id });
  }
  return (
    <FilterCard
      filtered={hasFilters(search)}
      onClear={onClear}
      includeArchived={search.include_archived ?? false}
      archivedLabel={t('software.filters.includeArchivedLicences')}
      onIncludeArchived={(include_archived) => {
        onChange({ include_archived });
      }}
    >
      <DebouncedTextInput
        label={t('software.filters.q')}
        placeholder={t('software.filters.qLicencePlaceholder')}
        type="search"
        maxLength={200}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search.q ?? ''}
        onCommit={(q) => {
          onChange({ q });
        }}
      />
      <MultiSelect
        label={t('software.fields.status')}
        placeholder={search.status?.length ? undefined : t('software.filters.anyStatus')}
        data={LICENCE_STATUSES.map((status) => ({ value: status, label: t(`software.status.${status}`) }))}
        value={search.status ?? []}
        onChange={(status) => {
          onChange({ status: status });
        }}
        clearable
      />
      <Select
        label={t('software.fields.software')}
        placeholder={t('software.filters.anySoftware')}
        data={options}
        value={search.software_id ?? null}
        onChange={(id) => {
          onChange({ software_id: id ?? undefined });
        }}
        searchable
        clearable
        clearButtonProps={{ 'aria-label': t('software.filters.clearSoftware') }}
      />
      <TextInput
        type="date"
        label={t('software.filters.expiresBefore')}
        description={t('software.filters.expiresBeforeDescription')}
        value={search.expires_before ?? ''}
        onChange={(event) => {
          onChange({ expires_before: event.currentTarget.value || undefined });
        }}
      />
      <TagPicker
        label={t('software.fields.tags')}
        value={search.tag ?? []}
        onChange={(tag) => {
          onChange({ tag });
        }}
      />
    </FilterCard>
  );
}

/** Licences with their derived status and seats; filtered, sorted and paged by the server. */
export function LicencesPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useLicences(search);
  const { items, total } = flattenPages(query.data?.pages);
  const [creating, setCreating] = useState(false);
  const update = (patch: Partial<LicenceSearch>) => {
    void navigate({ search: (previous) => mergeLicenceSearch(previous, patch), replace: true });
  };
  const clear = () => {
    void navigate({ search: search.sort ? { sort: search.sort } : {}, replace: true });
  };
  const filtered = hasFilters(search);
  const number = new Intl.NumberFormat(i18n.language);
  const open = () => {
    setCreating(true);
  };
  return (
    <Page
      title={t('software.licences.title')}
      description={t('software.licences.description')}
      actions={
        <Group gap="xs">
          <ImportExportActions entity="licence" />
          {writer ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
              {t('software.licences.create')}
            </Button>
          ) : null}
        </Group>
      }
    >
      <LicenceFilters search={search} onChange={update} onClear={clear} />
      {query.isError && query.data === undefined ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? <ListSkeleton /> : null}
      {query.data !== undefined && items.length === 0 ? (
        <EmptyState
          icon={<IconLicense size={32} aria-hidden />}
          title={filtered ? t('software.empty.filteredTitle') : t('software.licences.emptyTitle')}
          description={filtered ? t('software.empty.filteredBody') : t('software.licences.emptyBody')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clear}>
                {t('software.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : writer ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={open}>
                {t('software.licences.create')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <Stack gap="sm">
          <LicencesTable
            items={items}
            sort={search.sort ?? DEFAULT_SORT}
            onSort={(sort) => {
              update({ sort });
            }}
            busy={query.isPlaceholderData}
          />
          <ListFooter
            query={query}
            count={t('software.licences.count', { shown: number.format(items.length), total: number.format(total), count: total })}
          />
        </Stack>
      ) : null}
      {writer ? (
        <CreateLicenceModal
          opened={creating}
          onClose={() => {
            setCreating(false);
          }}
        />
      ) : null}
    </Page>
  );
}
