import {
  Badge,
  Card,
  Code,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCalendarDue, IconCoin, IconSitemap } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor, RouterButton } from '../../ui/RouterLinks';
import { WarrantyEnd } from './AssetBadges';
import { addDays, formatMoney, today } from './assetFormat';
import {
  assetTreeQueryOptions,
  DEPRECIATION_METHODS,
  type DepreciationMethod,
  depreciationQueryOptions,
  type DepreciationRow,
  TREE_GROUPINGS,
  type TreeGrouping,
} from './assetReportsApi';
import type { AssetSearch } from './assetSearch';
import { flattenPages, useAssets } from './assetsApi';
import { DEFAULT_LIFE_YEARS, mergeReportsSearch, type ReportsSearch, type ReportTab, searchOfFilter } from './inventorySearch';
import { ListFooter, ListSkeleton } from './ListParts';

const routeApi = getRouteApi('/_app/assets/reports');

/** The warranty window shown by default: from today, 90 days ahead. */
const WARRANTY_WINDOW_DAYS = 90;

type Update = (patch: Partial<ReportsSearch>) => void;

function WarrantyList({ search, update }: { search: ReportsSearch; update: Update }) {
  const { t, i18n } = useTranslation();
  const from = search.warranty_from ?? today();
  const to = search.warranty_to ?? addDays(from, WARRANTY_WINDOW_DAYS);
  const filters: AssetSearch = { warranty_from: from, warranty_to: to, sort: 'warranty_end' };
  const query = useAssets(filters);
  const { items, total } = flattenPages(query.data?.pages);
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <Stack gap="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          type="date"
          label={t('inventoryAssets.reports.warrantyFrom')}
          value={from}
          onChange={(event) => {
            update({ warranty_from: event.currentTarget.value || undefined });
          }}
        />
        <TextInput
          type="date"
          label={t('inventoryAssets.reports.warrantyTo')}
          value={to}
          onChange={(event) => {
            update({ warranty_to: event.currentTarget.value || undefined });
          }}
        />
        <RouterButton variant="default" to="/assets" search={filters}>
          {t('inventoryAssets.reports.openInList')}
        </RouterButton>
      </Group>
      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <ListSkeleton rows={4} /> : null}
      {query.data !== undefined && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('inventoryAssets.reports.noWarranties')}
        </Text>
      ) : null}
      {items.length > 0 ? (
        <>
          <Table.ScrollContainer minWidth={700}>
            <Table verticalSpacing="xs" aria-label={t('inventoryAssets.reports.warrantyTable')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('assets.fields.warranty_end')}</Table.Th>
                  <Table.Th>{t('assets.fields.name')}</Table.Th>
                  <Table.Th>{t('assets.fields.asset_tag')}</Table.Th>
                  <Table.Th>{t('assets.fields.model')}</Table.Th>
                  <Table.Th>{t('assets.fields.holder')}</Table.Th>
                  <Table.Th>{t('assets.fields.location')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((asset) => (
                  <Table.Tr key={asset.id}>
                    <Table.Td>
                      <WarrantyEnd value={asset.warranty_end} />
                    </Table.Td>
                    <Table.Td>
                      <RouterAnchor to="/assets/$id" params={{ id: asset.id }} size="sm" fw={500}>
                        {asset.name}
                      </RouterAnchor>
                    </Table.Td>
                    <Table.Td>{asset.asset_tag ? <Code>{asset.asset_tag}</Code> : null}</Table.Td>
                    <Table.Td>{asset.model_name}</Table.Td>
                    <Table.Td>{asset.holder_name}</Table.Td>
                    <Table.Td>{asset.location_name}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListFooter
            query={query}
            count={t('assets.list.count', { shown: number.format(items.length), total: number.format(total), count: total })}
          />
        </>
      ) : null}
    </Stack>
  );
}

function TreeView({ by, update }: { by: TreeGrouping; update: Update }) {
  const { t, i18n } = useTranslation();
  const query = useQuery({ ...assetTreeQueryOptions(by), placeholderData: keepPreviousData });
  const number = new Intl.NumberFormat(i18n.language);
  const groupLabelId = useId();
  const groups = query.data?.groups ?? [];
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm" fw={500} id={groupLabelId}>
          {t('inventoryAssets.reports.groupBy')}
        </Text>
        <SegmentedControl
          aria-labelledby={groupLabelId}
          data={TREE_GROUPINGS.map((value) => ({ value, label: t(`inventoryAssets.reports.by.${value}`) }))}
          value={by}
          onChange={(value) => {
            update({ by: value === 'location' ? undefined : (value) });
          }}
          w="fit-content"
        />
      </Stack>
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? <ListSkeleton rows={4} /> : null}
      {query.data && groups.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('inventoryAssets.reports.noGroups')}
        </Text>
      ) : null}
      {groups.length > 0 ? (
        <Stack
          gap={0}
          component="ul"
          aria-label={t('inventoryAssets.reports.groupsOf', { by: t(`inventoryAssets.reports.by.${by}`) })}
          style={{ listStyle: 'none', padding: 0, margin: 0, opacity: query.isPlaceholderData ? 0.6 : 1 }}
        >
          {groups.map((group) => (
            <Group
              key={group.key || '(none)'}
              component="li"
              justify="space-between"
              py={6}
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
              data-group={group.key}
            >
              <RouterAnchor to="/assets" search={searchOfFilter(group.filter)} size="sm" fw={500}>
                {group.label}
              </RouterAnchor>
              <Badge variant="light" color="gray" tt="none" c="var(--mantine-color-text)">
                {t('inventoryAssets.reports.groupCount', { count: group.count, formatted: number.format(group.count) })}
              </Badge>
            </Group>
          ))}
          <Group component="li" justify="space-between" py={6}>
            <Text size="sm" fw={700}>
              {t('inventoryAssets.reports.total')}
            </Text>
            <Text size="sm" fw={700}>
              {number.format(total)}
            </Text>
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}

function MoneyCells({ row, language }: { row: DepreciationRow; language: string }) {
  return (
    <>
      <Table.Td ta="right">{formatMoney(row.cost, row.currency, language)}</Table.Td>
      <Table.Td ta="right">{formatMoney(row.accumulated, row.currency, language)}</Table.Td>
      <Table.Td ta="right">{formatMoney(row.book_value, row.currency, language)}</Table.Td>
    </>
  );
}

function Depreciation({ search, update }: { search: ReportsSearch; update: Update }) {
  const { t, i18n } = useTranslation();
  const method: DepreciationMethod = search.method ?? 'linear';
  const lifeYears = search.life_years ?? DEFAULT_LIFE_YEARS;
  const query = useQuery({
    ...depreciationQueryOptions({ method, life_years: lifeYears, as_of: search.as_of }),
    placeholderData: keepPreviousData,
  });
  const number = new Intl.NumberFormat(i18n.language);
  const report = query.data;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Select
          label={t('inventoryAssets.reports.method')}
          data={DEPRECIATION_METHODS.map((value) => ({ value, label: t(`inventoryAssets.reports.methods.${value}`) }))}
          value={method}
          onChange={(value) => {
            update({ method: value === 'double_declining' ? 'double_declining' : undefined });
          }}
          allowDeselect={false}
        />
        <NumberInput
          label={t('inventoryAssets.reports.lifeYears')}
          value={lifeYears}
          min={1}
          max={50}
          allowDecimal={false}
          allowNegative={false}
          onChange={(value) => {
            const years = typeof value === 'number' ? value : Number(value);
            if (Number.isInteger(years) && years >= 1 && years <= 50) {
              update({ life_years: years === DEFAULT_LIFE_YEARS ? undefined : years });
            }
          }}
        />
        <TextInput
          type="date"
          label={t('inventoryAssets.reports.asOf')}
          description={t('inventoryAssets.reports.asOfDescription')}
          value={search.as_of ?? ''}
          onChange={(event) => {
            update({ as_of: event.currentTarget.value || undefined });
          }}
        />
      </SimpleGrid>
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? <Skeleton height={160} radius="sm" /> : null}
      {report?.rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('inventoryAssets.reports.noDepreciation')}
        </Text>
      ) : null}
      {report && report.rows.length > 0 ? (
        <Table.ScrollContainer minWidth={700}>
          <Table
            verticalSpacing="xs"
            aria-label={t('inventoryAssets.reports.depreciationTable')}
            style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('assets.fields.location')}</Table.Th>
                <Table.Th>{t('assets.fields.currency')}</Table.Th>
                <Table.Th ta="right">{t('inventoryAssets.dashboard.assets')}</Table.Th>
                <Table.Th ta="right">{t('assets.fields.cost')}</Table.Th>
                <Table.Th ta="right">{t('inventoryAssets.reports.accumulated')}</Table.Th>
                <Table.Th ta="right">{t('inventoryAssets.reports.bookValue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rows.map((row) => (
                <Table.Tr key={`${row.location_id ?? ''}-${row.currency}`}>
                  <Table.Th scope="row" fw={400}>
                    {row.location_name || t('inventoryAssets.reports.noLocation')}
                  </Table.Th>
                  <Table.Td>{row.currency}</Table.Td>
                  <Table.Td ta="right">{number.format(row.assets)}</Table.Td>
                  <MoneyCells row={row} language={i18n.language} />
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              {report.totals.map((row) => (
                <Table.Tr key={`total-${row.currency}`} fw={700} data-total={row.currency}>
                  <Table.Th scope="row">{t('inventoryAssets.reports.totalIn', { currency: row.currency })}</Table.Th>
                  <Table.Td>{row.currency}</Table.Td>
                  <Table.Td ta="right">{number.format(row.assets)}</Table.Td>
                  <MoneyCells row={row} language={i18n.language} />
                </Table.Tr>
              ))}
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}

/** Fleet reports: the warranty list, tree views that lead to the filtered list, and the depreciation report. */
export function AssetReportsPage() {
  const { t } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const tab: ReportTab = search.tab ?? 'warranty';
  const update: Update = (patch) => {
    void navigate({ search: (previous) => mergeReportsSearch(previous, patch), replace: true });
  };
  return (
    <Page title={t('inventoryAssets.reports.title')} description={t('inventoryAssets.reports.description')}>
      <Tabs
        value={tab}
        keepMounted={false}
        onChange={(value) => {
          update({ tab: value === 'tree' || value === 'depreciation' ? value : undefined });
        }}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="warranty" leftSection={<IconCalendarDue size={16} aria-hidden />}>
            {t('inventoryAssets.reports.warranty')}
          </Tabs.Tab>
          <Tabs.Tab value="tree" leftSection={<IconSitemap size={16} aria-hidden />}>
            {t('inventoryAssets.reports.tree')}
          </Tabs.Tab>
          <Tabs.Tab value="depreciation" leftSection={<IconCoin size={16} aria-hidden />}>
            {t('inventoryAssets.reports.depreciation')}
          </Tabs.Tab>
        </Tabs.List>
        <Card withBorder padding="lg" radius="md">
          <Tabs.Panel value="warranty">
            <WarrantyList search={search} update={update} />
          </Tabs.Panel>
          <Tabs.Panel value="tree">
            <TreeView by={search.by ?? 'location'} update={update} />
          </Tabs.Panel>
          <Tabs.Panel value="depreciation">
            <Depreciation search={search} update={update} />
          </Tabs.Panel>
        </Card>
      </Tabs>
    </Page>
  );
}
