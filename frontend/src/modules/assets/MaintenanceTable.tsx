import { Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ReadableBadge } from '../../ui/ReadableBadge';
import { RouterAnchor } from '../../ui/RouterLinks';
import { ArchivedBadge, Day } from './AssetBadges';
import { formatMoney } from './assetFormat';
import { SortHeader } from './ListParts';
import { MAINTENANCE_STATUS_COLORS, type MaintenanceLog, type MaintenanceStatus, type MaintenanceType } from './maintenanceApi';

export function MaintenanceStatusBadge({ status }: { status: MaintenanceStatus }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={MAINTENANCE_STATUS_COLORS[status]} data-state={status}>
      {t(`inventoryAssets.maintenanceStatuses.${status}`)}
    </ReadableBadge>
  );
}

export function MaintenanceTypeBadge({ type }: { type: MaintenanceType }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color="gray" tt="none" c="var(--mantine-color-text)">
      {t(`inventoryAssets.maintenanceTypes.${type}`)}
    </Badge>
  );
}

/** Maintenance logs in a table; the erasure register adds the method and who verified it. */
export function MaintenanceTable({
  logs,
  sort,
  onSort,
  busy = false,
  withItem = true,
  erasure = false,
}: {
  logs: MaintenanceLog[];
  sort?: string;
  onSort?: (sort: string) => void;
  busy?: boolean;
  withItem?: boolean;
  erasure?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const header = (column: string, label: string) =>
    sort !== undefined && onSort ? (
      <SortHeader column={column} sort={sort} onSort={onSort}>
        {label}
      </SortHeader>
    ) : (
      <Table.Th>{label}</Table.Th>
    );
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table
        highlightOnHover
        verticalSpacing="xs"
        aria-label={erasure ? t('inventoryAssets.maintenance.erasureTableLabel') : t('inventoryAssets.maintenance.tableLabel')}
        aria-busy={busy}
        style={{ opacity: busy ? 0.6 : 1 }}
      >
        <Table.Thead>
          <Table.Tr>
            {header('performed_on', t('inventoryAssets.maintenance.performedOn'))}
            {header('title', t('inventoryAssets.maintenance.titleField'))}
            {withItem ? <Table.Th>{t('inventoryAssets.maintenance.item')}</Table.Th> : null}
            {erasure ? null : <Table.Th>{t('inventoryAssets.maintenance.type')}</Table.Th>}
            <Table.Th>{t('assets.fields.status')}</Table.Th>
            {erasure ? (
              <>
                <Table.Th>{t('inventoryAssets.maintenance.erasureMethod')}</Table.Th>
                <Table.Th>{t('inventoryAssets.maintenance.verifiedBy')}</Table.Th>
              </>
            ) : (
              <>
                <Table.Th>{t('inventoryAssets.maintenance.assignee')}</Table.Th>
                <Table.Th>{t('assets.fields.cost')}</Table.Th>
              </>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {logs.map((log) => (
            <Table.Tr key={log.id} data-log-id={log.id}>
              <Table.Td>
                <Day value={log.performed_on} style={{ whiteSpace: 'nowrap' }} />
              </Table.Td>
              <Table.Td>
                <RouterAnchor to="/assets/maintenance/$id" params={{ id: log.id }} size="sm" fw={500}>
                  {log.title}
                </RouterAnchor>
                {log.archived_at ? (
                  <Group gap={4} mt={2}>
                    <ArchivedBadge />
                  </Group>
                ) : null}
              </Table.Td>
              {withItem ? (
                <Table.Td>
                  {log.asset_id ? (
                    <RouterAnchor to="/assets/$id" params={{ id: log.asset_id }} size="sm">
                      {log.item_name}
                    </RouterAnchor>
                  ) : log.peripheral_id ? (
                    <RouterAnchor to="/assets/peripherals/$id" params={{ id: log.peripheral_id }} size="sm">
                      {log.item_name}
                    </RouterAnchor>
                  ) : (
                    <Text size="sm">{log.item_name}</Text>
                  )}
                </Table.Td>
              ) : null}
              {erasure ? null : (
                <Table.Td>
                  <MaintenanceTypeBadge type={log.type} />
                </Table.Td>
              )}
              <Table.Td>
                <MaintenanceStatusBadge status={log.status} />
              </Table.Td>
              {erasure ? (
                <>
                  <Table.Td>
                    <Text size="sm" c={log.erasure_method ? undefined : 'dimmed'}>
                      {log.erasure_method ? t(`inventoryAssets.erasureMethods.${log.erasure_method}`) : t('assets.none')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={log.erasure_verified_by ? undefined : 'dimmed'}>
                      {log.erasure_verified_by || t('assets.none')}
                    </Text>
                  </Table.Td>
                </>
              ) : (
                <>
                  <Table.Td>
                    <Text size="sm" c={log.assignee_name ? undefined : 'dimmed'}>
                      {log.assignee_name ?? t('assets.none')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={log.cost ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
                      {log.cost ? formatMoney(log.cost, log.currency, i18n.language) : t('assets.none')}
                    </Text>
                  </Table.Td>
                </>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
