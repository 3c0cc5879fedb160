import { Badge, Button, Code, EmptyState, MultiSelect, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconRecycle, IconSearch } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { Day } from './AssetBadges';
import { formatMoney } from './assetFormat';
import { flattenPages } from './assetsApi';
import {
  DEFAULT_DISPOSAL_SORT,
  DISPOSAL_METHODS,
  type Disposal,
  type DisposalMethod,
  type DisposalSort,
  ITEM_KINDS,
  useDisposals,
} from './disposalsApi';
import { type DisposalSearch, hasFilters, mergeDisposalSearch } from './inventorySearch';
import { FilterCard, ListFooter, ListSkeleton, SortHeader } from './ListParts';

const routeApi = getRouteApi('/_app/assets/disposals');

export function DisposalMethodBadge({ method }: { method: DisposalMethod }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color="gray" tt="none" c="var(--mantine-color-text)" data-method={method}>
      {t(`inventoryAssets.disposalMethods.${method}`)}
    </Badge>
  );
}

/** The disposed item, linked to its page (archived, still readable). */
export function DisposedItemLink({ disposal }: { disposal: Disposal }) {
  if (disposal.asset_id) {
    return (
      <RouterAnchor to="/assets/$id" params={{ id: disposal.asset_id }} size="sm">
        {disposal.item_name}
      </RouterAnchor>
    );
  }
  if (disposal.peripheral_id) {
    return (
      <RouterAnchor to="/assets/peripherals/$id" params={{ id: disposal.peripheral_id }} size="sm">
        {disposal.item_name}
      </RouterAnchor>
    );
  }
  return <Text size="sm">{disposal.item_name}</Text>;
}

function DisposalsTable({
  disposals,
  sort,
  onSort,
  busy,
}: {
  disposals: Disposal[];
  sort: string;
  onSort: (sort: string) => void;
  busy: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table
        highlightOnHover
        verticalSpacing="xs"
        aria-label={t('inventoryAssets.disposals.tableLabel')}
        aria-busy={busy}
        style={{ opacity: busy ? 0.6 : 1 }}
      >
        <Table.Thead>
          <Table.Tr>
            <SortHeader column="disposed_on" sort={sort} onSort={onSort}>
              {t('inventoryAssets.disposals.disposedOn')}
            </SortHeader>
            <Table.Th>{t('inventoryAssets.disposals.item')}</Table.Th>
            <Table.Th>{t('inventoryAssets.disposals.kind')}</Table.Th>
            <Table.Th>{t('inventoryAssets.disposals.method')}</Table.Th>
            <Table.Th>{t('inventoryAssets.disposals.partner')}</Table.Th>
            <Table.Th>{t('inventoryAssets.disposals.price')}</Table.Th>
            <Table.Th>{t('inventoryAssets.disposals.certificateNumber')}</Table.Th>
            <Table.Th>{t('inventoryAssets.disposals.details')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {disposals.map((disposal) => (
            <Table.Tr key={disposal.id} data-disposal-id={disposal.id}>
              <Table.Td>
                <Day value={disposal.disposed_on} style={{ whiteSpace: 'nowrap' }} />
              </Table.Td>
              <Table.Td>
                <DisposedItemLink disposal={disposal} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`inventoryAssets.kinds.${disposal.item_kind}`)}</Text>
              </Table.Td>
              <Table.Td>
                <DisposalMethodBadge method={disposal.method} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={disposal.partner_name ? undefined : 'dimmed'}>
                  {disposal.partner_name || t('assets.none')}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={disposal.price ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
                  {disposal.price ? formatMoney(disposal.price, disposal.currency, i18n.language) : t('assets.none')}
                </Text>
              </Table.Td>
              <Table.Td>
                {disposal.certificate_number ? (
                  <Code>{disposal.certificate_number}</Code>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('assets.none')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <RouterAnchor
                  to="/assets/disposals/$id"
                  params={{ id: disposal.id }}
                  size="sm"
                  aria-label={t('inventoryAssets.disposals.openRecord', { name: disposal.item_name })}
                >
                  {t('inventoryAssets.disposals.open')}
                </RouterAnchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The disposal register: every asset and peripheral disposed of or sold. */
export function DisposalsPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const query = useDisposals(search);
  const { items, total } = flattenPages(query.data?.pages);
  const update = (patch: Partial<DisposalSearch>) => {
    void navigate({ search: (previous) => mergeDisposalSearch(previous, patch), replace: true });
  };
  const clear = () => {
    void navigate({ search: search.sort ? { sort: search.sort } : {}, replace: true });
  };
  const filtered = hasFilters(search);
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <Page title={t('inventoryAssets.disposals.title')} description={t('inventoryAssets.disposals.description')}>
      <FilterCard label={t('assets.filters.label')} filtered={filtered} onClear={clear}>
        <DebouncedTextInput
          label={t('assets.filters.q')}
          placeholder={t('inventoryAssets.disposals.qPlaceholder')}
          type="search"
          maxLength={200}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search.q ?? ''}
          onCommit={(q) => {
            update({ q });
          }}
        />
        <MultiSelect
          label={t('inventoryAssets.disposals.method')}
          placeholder={search.method?.length ? undefined : t('inventoryAssets.disposals.anyMethod')}
          data={DISPOSAL_METHODS.map((value) => ({ value, label: t(`inventoryAssets.disposalMethods.${value}`) }))}
          value={search.method ?? []}
          onChange={(method) => {
            update({ method: method });
          }}
          clearable
        />
        <Select
          label={t('inventoryAssets.disposals.kind')}
          placeholder={t('inventoryAssets.disposals.anyKind')}
          data={ITEM_KINDS.map((value) => ({ value, label: t(`inventoryAssets.kinds.${value}`) }))}
          value={search.item_kind ?? null}
          onChange={(value) => {
            update({ item_kind: (value) ?? undefined });
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('inventoryAssets.disposals.clearKind') }}
        />
        <Stack gap="sm">
          <TextInput
            type="date"
            label={t('inventoryAssets.filters.from')}
            value={search.from ?? ''}
            onChange={(event) => {
              update({ from: event.currentTarget.value || undefined });
            }}
          />
          <TextInput
            type="date"
            label={t('inventoryAssets.filters.to')}
            value={search.to ?? ''}
            onChange={(event) => {
              update({ to: event.currentTarget.value || undefined });
            }}
          />
        </Stack>
      </FilterCard>
      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <ListSkeleton /> : null}
      {query.data !== undefined && items.length === 0 ? (
        <EmptyState
          icon={<IconRecycle size={32} aria-hidden />}
          title={filtered ? t('assets.empty.filteredTitle') : t('inventoryAssets.disposals.emptyTitle')}
          description={filtered ? t('assets.empty.filteredBody') : t('inventoryAssets.disposals.emptyBody')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clear}>
                {t('assets.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <Stack gap="sm">
          <DisposalsTable
            disposals={items}
            sort={search.sort ?? DEFAULT_DISPOSAL_SORT}
            onSort={(sort) => {
              update({ sort: sort as DisposalSort });
            }}
            busy={query.isPlaceholderData}
          />
          <ListFooter
            query={query}
            count={t('inventoryAssets.disposals.count', {
              shown: number.format(items.length),
              total: number.format(total),
              count: total,
            })}
          />
        </Stack>
      ) : null}
    </Page>
  );
}
