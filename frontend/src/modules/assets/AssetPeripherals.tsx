import { Button, Group, Stack, Text } from '@mantine/core';
import { IconKeyboard, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../ui/QueryError';
import { flattenPages } from './assetsApi';
import { ListFooter, ListSkeleton } from './ListParts';
import { CreatePeripheralModal } from './PeripheralFormModal';
import { usePeripherals } from './peripheralsApi';
import { PeripheralsTable } from './PeripheralsTable';

/** The peripherals attached to an asset (its page's tab), with "Add peripheral" attached to it. */
export function AssetPeripherals({ assetId, assetName, canWrite }: { assetId: string; assetName: string; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const query = usePeripherals({ asset_id: assetId }, 25);
  const { items, total } = flattenPages(query.data?.pages);
  const [adding, setAdding] = useState(false);
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <Stack gap="md">
      {canWrite ? (
        <Group justify="flex-end">
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => {
              setAdding(true);
            }}
          >
            {t('inventoryAssets.peripherals.create')}
          </Button>
        </Group>
      ) : null}
      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <ListSkeleton rows={2} /> : null}
      {query.data !== undefined && items.length === 0 ? (
        <Group gap="xs" c="dimmed">
          <IconKeyboard size={18} aria-hidden />
          <Text size="sm">{t('inventoryAssets.peripherals.noneAttached')}</Text>
        </Group>
      ) : null}
      {items.length > 0 ? (
        <>
          <PeripheralsTable peripherals={items} withAsset={false} busy={query.isPlaceholderData} />
          <ListFooter
            query={query}
            count={t('inventoryAssets.peripherals.count', {
              shown: number.format(items.length),
              total: number.format(total),
              count: total,
            })}
          />
        </>
      ) : null}
      {canWrite ? (
        <CreatePeripheralModal
          opened={adding}
          assetId={assetId}
          assetName={assetName}
          onClose={() => {
            setAdding(false);
          }}
        />
      ) : null}
    </Stack>
  );
}
