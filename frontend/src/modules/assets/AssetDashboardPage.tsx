import { Card, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BarChart } from '../../ui/charts/BarChart';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { ASSET_STATUS_COLORS, formatMoney } from './assetFormat';
import { type AssetDashboard, assetDashboardQueryOptions } from './assetReportsApi';

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={label}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2} data-stat>
        {value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

/** "2026-03" as "Mar 2026" in the UI language. */
function monthLabel(month: string, language: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  return new Intl.DateTimeFormat(language, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(date);
}

function Capex({ dashboard }: { dashboard: AssetDashboard }) {
  const { t, i18n } = useTranslation();
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  if (dashboard.capex.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('inventoryAssets.dashboard.noCapex')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table verticalSpacing="xs" aria-label={t('inventoryAssets.dashboard.capex')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('assets.fields.currency')}</Table.Th>
            <Table.Th ta="right">{t('inventoryAssets.dashboard.purchaseTotal')}</Table.Th>
            <Table.Th ta="right">{t('inventoryAssets.dashboard.currentValue')}</Table.Th>
            <Table.Th ta="right">{t('inventoryAssets.dashboard.remaining')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {dashboard.capex.map((row) => {
            const total = Number(row.purchase_total);
            const current = Number(row.current_value);
            return (
              <Table.Tr key={row.currency}>
                <Table.Th scope="row">{row.currency}</Table.Th>
                <Table.Td ta="right">{formatMoney(row.purchase_total, row.currency, i18n.language)}</Table.Td>
                <Table.Td ta="right">{formatMoney(row.current_value, row.currency, i18n.language)}</Table.Td>
                <Table.Td ta="right">{total > 0 ? percent.format(current / total) : '—'}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RepairProneModels({ dashboard }: { dashboard: AssetDashboard }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  if (dashboard.repair_prone_models.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('inventoryAssets.dashboard.noRepairs')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing="xs" aria-label={t('inventoryAssets.dashboard.repairProne')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('assets.fields.model')}</Table.Th>
            <Table.Th>{t('assets.fields.brand')}</Table.Th>
            <Table.Th ta="right">{t('inventoryAssets.dashboard.assets')}</Table.Th>
            <Table.Th ta="right">{t('inventoryAssets.dashboard.repairs')}</Table.Th>
            <Table.Th ta="right">{t('inventoryAssets.dashboard.repairsPerAsset')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {dashboard.repair_prone_models.map((model) => (
            <Table.Tr key={model.model_id}>
              <Table.Th scope="row" fw={500}>
                <RouterAnchor to="/assets" search={{ model_id: model.model_id }} size="sm">
                  {model.model_name}
                </RouterAnchor>
              </Table.Th>
              <Table.Td>{model.brand_name}</Table.Td>
              <Table.Td ta="right">{number.format(model.assets)}</Table.Td>
              <Table.Td ta="right">{number.format(model.repairs)}</Table.Td>
              <Table.Td ta="right">{model.assets > 0 ? number.format(model.repairs / model.assets) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ChartCard({ children }: { children: ReactNode }) {
  return (
    <Card withBorder padding="lg" radius="md">
      {children}
    </Card>
  );
}

/** The fleet at a glance: counts by status, CAPEX against current value, age, breakdowns, warranties and mixes. */
export function AssetDashboardPage() {
  const { t, i18n } = useTranslation();
  const query = useQuery(assetDashboardQueryOptions());
  const dashboard = query.data;
  const number = new Intl.NumberFormat(i18n.language);
  const decimal = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const format = (value: number) => number.format(value);
  return (
    <Page title={t('inventoryAssets.dashboard.title')} description={t('inventoryAssets.dashboard.description')}>
      {query.isPending ? <Skeleton height={320} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {dashboard ? (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <Stat label={t('inventoryAssets.dashboard.fleet')} value={format(dashboard.fleet)} />
            <Stat label={t('assets.status.in_use')} value={format(dashboard.in_use)} />
            <Stat label={t('assets.status.in_stock')} value={format(dashboard.in_stock)} />
            <Stat label={t('assets.status.in_repair')} value={format(dashboard.in_repair)} />
            <Stat label={t('assets.status.awaiting_disposal')} value={format(dashboard.awaiting_disposal)} />
            <Stat
              label={t('inventoryAssets.dashboard.disposedLastYear')}
              value={format(dashboard.disposed_last_year)}
            />
            <Stat
              label={t('inventoryAssets.dashboard.averageAge')}
              value={
                dashboard.average_age_months === null
                  ? '—'
                  : t('inventoryAssets.dashboard.months', {
                      count: Math.round(dashboard.average_age_months),
                      value: decimal.format(dashboard.average_age_months),
                    })
              }
            />
            <Stat
              label={t('inventoryAssets.dashboard.breakdownRate')}
              value={decimal.format(dashboard.breakdown_rate)}
              hint={t('inventoryAssets.dashboard.breakdownRateHint')}
            />
          </SimpleGrid>

          <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="dashboard-capex">
            <Title order={2} size="h3" id="dashboard-capex" mb="xs">
              {t('inventoryAssets.dashboard.capex')}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {t('inventoryAssets.dashboard.capexHint')}
            </Text>
            <Capex dashboard={dashboard} />
          </Card>

          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <ChartCard>
              <BarChart
                title={t('inventoryAssets.dashboard.statusMix')}
                data={dashboard.status_mix.map((item) => ({
                  key: item.status,
                  label: t(`assets.status.${item.status}`),
                  value: item.count,
                  color: ASSET_STATUS_COLORS[item.status],
                }))}
                labelHeader={t('assets.fields.status')}
                valueHeader={t('inventoryAssets.dashboard.assets')}
                format={format}
                emptyText={t('inventoryAssets.dashboard.noData')}
              />
            </ChartCard>
            <ChartCard>
              <BarChart
                title={t('inventoryAssets.dashboard.brandMix')}
                data={dashboard.brand_mix.map((item) => ({
                  key: item.brand_name,
                  label: item.brand_name || t('inventoryAssets.dashboard.noBrand'),
                  value: item.count,
                }))}
                labelHeader={t('assets.fields.brand')}
                valueHeader={t('inventoryAssets.dashboard.assets')}
                format={format}
                color="indigo"
                emptyText={t('inventoryAssets.dashboard.noData')}
              />
            </ChartCard>
          </SimpleGrid>

          <ChartCard>
            <BarChart
              title={t('inventoryAssets.dashboard.warrantyCliff')}
              orientation="vertical"
              data={dashboard.warranty_cliff.map((item) => ({
                key: item.month,
                label: monthLabel(item.month, i18n.language),
                value: item.count,
              }))}
              labelHeader={t('inventoryAssets.dashboard.month')}
              valueHeader={t('inventoryAssets.dashboard.warrantiesEnding')}
              format={format}
              color="orange"
              emptyText={t('inventoryAssets.dashboard.noWarrantiesEnding')}
            />
          </ChartCard>

          <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="dashboard-repairs">
            <Title order={2} size="h3" id="dashboard-repairs" mb="sm">
              {t('inventoryAssets.dashboard.repairProne')}
            </Title>
            <RepairProneModels dashboard={dashboard} />
          </Card>
        </Stack>
      ) : null}
    </Page>
  );
}
