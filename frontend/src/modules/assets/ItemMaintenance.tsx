import { Button, Group, Stack, Text } from '@mantine/core';
import { IconPlus, IconTool } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flattenPages } from './assetsApi';
import type { ItemKind } from './disposalsApi';
import { ListFooter, ListSkeleton } from './ListParts';
import { useMaintenanceLogs } from './maintenanceApi';
import { CreateMaintenanceModal } from './MaintenanceFormModal';
import { MaintenanceTable } from './MaintenanceTable';
import { QueryError } from '../../ui/QueryError';

/** The maintenance of one asset or peripheral (its page's tab), newest first, with "Add maintenance". */
export function ItemMaintenance({
  kind,
  id,
  name,
  canWrite,
}: {
  kind: ItemKind;
  id: string;
  name: string;
  canWrite: boolean;
}) {
  const { t, i18n } = useTranslation();
  const query = useMaintenanceLogs(kind === 'asset' ? { asset_id: id } : { peripheral_id: id }, 25);
  const { items, total } = flattenPages(query.data?.pages);
  const [adding, setAdding] = useState(false);
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <Stack gap="md">
      {canWrite ? (
        <Group justify="flex-end">
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => {
              setAdding(true);
            }}
          >
            {t('inventoryAssets.maintenance.add')}
          </Button>
        </Group>
      ) : null}
      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <ListSkeleton rows={3} /> : null}
      {query.data !== undefined && items.length === 0 ? (
        <Group gap="xs" c="dimmed">
          <IconTool size={18} aria-hidden />
          <Text size="sm">{t('inventoryAssets.maintenance.noneForItem')}</Text>
        </Group>
      ) : null}
      {items.length > 0 ? (
        <>
          <MaintenanceTable logs={items} withItem={false} busy={query.isPlaceholderData} />
          <ListFooter
            query={query}
            count={t('inventoryAssets.maintenance.count', {
              shown: number.format(items.length),
              total: number.format(total),
              count: total,
            })}
          />
        </>
      ) : null}
      {canWrite ? (
        <CreateMaintenanceModal
          opened={adding}
          item={{ kind, id }}
          itemName={name}
          onClose={() => {
            setAdding(false);
          }}
        />
      ) : null}
    </Stack>
  );
}
