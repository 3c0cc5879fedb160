import { Button, Card, CloseButton, Group, Stack, Text } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { toApiError } from '../../lib/api';
import { JobProgress } from '../jobs/JobProgress';
import { useStartEquipmentReport } from './assetReportsApi';

/**
 * "Equipment report (PDF)" for one person: queues the PDF of what they hold (assets, peripherals, licence seats), then
 * follows the job until its file can be downloaded. Keyed by the person: another person starts afresh.
 */
export function EquipmentReport({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const start = useStartEquipmentReport();
  const [jobId, setJobId] = useState<number | null>(null);
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button
          variant="default"
          leftSection={<IconFileTypePdf size={16} aria-hidden />}
          loading={start.isPending}
          onClick={() => {
            start.mutate(personId, {
              onSuccess: (id) => {
                setJobId(id);
              },
            });
          }}
        >
          {t('inventoryAssets.equipment.button')}
        </Button>
      </Group>
      {start.isError ? <ProblemAlert error={toApiError(start.error)} /> : null}
      {jobId !== null ? (
        <Card withBorder padding="md" radius="md" component="section" aria-label={t('inventoryAssets.equipment.title')}>
          <Group justify="space-between" mb="xs">
            <Text fw={600}>{t('inventoryAssets.equipment.title')}</Text>
            <CloseButton
              aria-label={t('common.close')}
              onClick={() => {
                setJobId(null);
              }}
            />
          </Group>
          <JobProgress jobId={jobId} />
        </Card>
      ) : null}
    </Stack>
  );
}
