import { Button, Group, EmptyState, MultiSelect, Stack } from '@mantine/core';
import { IconApps, IconPlus, IconSearch } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { flattenPages } from '../assets/assetsApi';
import { ListFooter, ListSkeleton } from '../assets/ListParts';
import { PersonSelect } from '../data/PersonSelect';
import { TagPicker } from '../data/TagPicker';
import { ImportExportActions } from '../imports/ImportExportActions';
import { CreateSoftwareModal, GroupSelect } from './SoftwareFormModal';
import { FilterCard } from './SoftwareParts';
import { DEFAULT_SORT, SOFTWARE_CATEGORIES, useSoftwareList } from './softwareApi';
import { hasFilters, mergeSoftwareSearch, type SoftwareSearch } from './softwareSearch';
import { SoftwareTable } from './SoftwareTables';

const routeApi = getRouteApi('/_app/assets/software');

function SoftwareFilters({
  search,
  onChange,
  onClear,
}: {
  search: SoftwareSearch;
  onChange: (patch: Partial<SoftwareSearch>) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  return (
    <FilterCard
      filtered={hasFilters(search)}
      onClear={onClear}
      includeArchived={search.include_archived ?? false}
      archivedLabel={t('software.filters.includeArchived')}
      onIncludeArchived={(include_archived) => {
        onChange({ include_archived });
      }}
    >
      <DebouncedTextInput
        label={t('software.filters.q')}
        placeholder={t('software.filters.qPlaceholder')}
        type="search"
        maxLength={200}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search.q ?? ''}
        onCommit={(q) => {
          onChange({ q });
        }}
      />
      <MultiSelect
        label={t('software.fields.category')}
        placeholder={search.category?.length ? undefined : t('software.filters.anyCategory')}
        data={SOFTWARE_CATEGORIES.map((category) => ({ value: category, label: t(`software.category.${category}`) }))}
        value={search.category ?? []}
        onChange={(category) => {
          onChange({ category: category });
        }}
        clearable
      />
      <PersonSelect
        label={t('software.fields.owner_user')}
        value={search.owner_user_id ?? null}
        onChange={(id) => {
          onChange({ owner_user_id: id ?? undefined });
        }}
      />
      <GroupSelect
        label={t('software.fields.owner_group')}
        placeholder={t('software.filters.anyGroup')}
        value={search.owner_group_id ?? null}
        onChange={(id) => {
          onChange({ owner_group_id: id ?? undefined });
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

/** The software catalogue: filtered, sorted and paged by the server; filters in the address. */
export function SoftwarePage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useSoftwareList(search);
  const { items, total } = flattenPages(query.data?.pages);
  const [creating, setCreating] = useState(false);
  const update = (patch: Partial<SoftwareSearch>) => {
    void navigate({ search: (previous) => mergeSoftwareSearch(previous, patch), replace: true });
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
      title={t('software.list.title')}
      description={t('software.list.description')}
      actions={
        <Group gap="xs">
          <ImportExportActions entity="software" />
          {writer ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
              {t('software.create.button')}
            </Button>
          ) : null}
        </Group>
      }
    >
      <SoftwareFilters search={search} onChange={update} onClear={clear} />
      {query.isError && query.data === undefined ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? <ListSkeleton /> : null}
      {query.data !== undefined && items.length === 0 ? (
        <EmptyState
          icon={<IconApps size={32} aria-hidden />}
          title={filtered ? t('software.empty.filteredTitle') : t('software.empty.title')}
          description={filtered ? t('software.empty.filteredBody') : t('software.empty.body')}
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
                {t('software.create.button')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <Stack gap="sm">
          <SoftwareTable
            items={items}
            sort={search.sort ?? DEFAULT_SORT}
            onSort={(sort) => {
              update({ sort });
            }}
            busy={query.isPlaceholderData}
          />
          <ListFooter
            query={query}
            count={t('software.list.count', { shown: number.format(items.length), total: number.format(total), count: total })}
          />
        </Stack>
      ) : null}
      {writer ? (
        <CreateSoftwareModal
          opened={creating}
          onClose={() => {
            setCreating(false);
          }}
        />
      ) : null}
    </Page>
  );
}
