import { Code, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RouterAnchor } from '../../ui/RouterLinks';
import { TagBadges } from '../data/TagBadges';
import { ArchivedBadge, AssetStatusBadge, RemoteBadge, WarrantyEnd } from './AssetBadges';
import { SortHeader } from './ListParts';
import type { Peripheral } from './peripheralsApi';

function Dimmed({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  return value ? (
    <Text size="sm">{value}</Text>
  ) : (
    <Text size="sm" c="dimmed">
      {t('assets.none')}
    </Text>
  );
}

/** Peripherals in a table; sortable when given the sort (the full list), plain otherwise (an asset's tab). */
export function PeripheralsTable({
  peripherals,
  sort,
  onSort,
  busy = false,
  withAsset = true,
}: {
  peripherals: Peripheral[];
  sort?: string;
  onSort?: (sort: string) => void;
  busy?: boolean;
  /** Shows the attached asset (not on the asset's own page). */
  withAsset?: boolean;
}) {
  const { t } = useTranslation();
  const header = (column: string, label: string) =>
    sort !== undefined && onSort ? (
      <SortHeader column={column} sort={sort} onSort={onSort}>
        {label}
      </SortHeader>
    ) : (
      <Table.Th>{label}</Table.Th>
    );
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table
        highlightOnHover
        verticalSpacing="xs"
        aria-label={t('inventoryAssets.peripherals.tableLabel')}
        aria-busy={busy}
        style={{ opacity: busy ? 0.6 : 1 }}
      >
        <Table.Thead>
          <Table.Tr>
            {header('name', t('assets.fields.name'))}
            {header('serial', t('assets.fields.serial'))}
            {header('status', t('assets.fields.status'))}
            <Table.Th>{t('assets.fields.model')}</Table.Th>
            {withAsset ? <Table.Th>{t('inventoryAssets.peripherals.asset')}</Table.Th> : null}
            <Table.Th>{t('assets.fields.location')}</Table.Th>
            <Table.Th>{t('assets.fields.holder')}</Table.Th>
            {header('warranty_end', t('assets.fields.warranty_end'))}
            <Table.Th>{t('assets.fields.tags')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {peripherals.map((peripheral) => (
            <Table.Tr key={peripheral.id} data-peripheral-id={peripheral.id}>
              <Table.Td>
                <RouterAnchor to="/assets/peripherals/$id" params={{ id: peripheral.id }} size="sm" fw={500}>
                  {peripheral.name}
                </RouterAnchor>
                {peripheral.archived_at ? (
                  <Group gap={4} mt={2}>
                    <ArchivedBadge />
                  </Group>
                ) : null}
              </Table.Td>
              <Table.Td>{peripheral.serial ? <Code>{peripheral.serial}</Code> : <Dimmed value={null} />}</Table.Td>
              <Table.Td>
                <AssetStatusBadge status={peripheral.status} />
              </Table.Td>
              <Table.Td>
                {peripheral.model_name ? (
                  <Stack gap={0}>
                    <Text size="sm">{peripheral.model_name}</Text>
                    {peripheral.brand_name ? (
                      <Text size="xs" c="dimmed">
                        {peripheral.brand_name}
                      </Text>
                    ) : null}
                  </Stack>
                ) : (
                  <Dimmed value={null} />
                )}
              </Table.Td>
              {withAsset ? (
                <Table.Td>
                  {peripheral.asset_id ? (
                    <RouterAnchor to="/assets/$id" params={{ id: peripheral.asset_id }} size="sm">
                      {peripheral.asset_name ?? peripheral.asset_id}
                    </RouterAnchor>
                  ) : (
                    <Dimmed value={null} />
                  )}
                </Table.Td>
              ) : null}
              <Table.Td>
                <Dimmed value={peripheral.location_name} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="wrap">
                  {peripheral.holder_name ? <Text size="sm">{peripheral.holder_name}</Text> : peripheral.remote ? null : <Dimmed value={null} />}
                  {peripheral.remote ? <RemoteBadge /> : null}
                </Group>
              </Table.Td>
              <Table.Td>
                <WarrantyEnd value={peripheral.warranty_end} />
              </Table.Td>
              <Table.Td>
                <TagBadges tags={peripheral.tags} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
