import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconFileTypeCsv } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../lib/api';
import { showProblemNotification } from '../../lib/problemNotification';
import { downloadApiFile, fileIdOf } from '../jobs/downloadResult';
import { type Job, safeHref } from '../jobs/jobsApi';
import { EXPORT_FORMATS, type ExportFormat, followJob, type ImportEntity, nextExportNotificationId, useStartExport } from './importsApi';

const FORMAT_ICONS = { csv: IconFileTypeCsv, xlsx: IconFileSpreadsheet } as const satisfies Record<ExportFormat, unknown>;

/**
 * The export of every record of an entity as CSV or XLSX (archived ones too when asked), or of the chosen ones (`ids`:
 * a list selection, archived or not). The export is a background job: a notification follows it, and its file is
 * downloaded through the API client (with the session's token) when it is ready.
 */
export function ExportMenu({ entity, ids }: { entity: ImportEntity; ids?: readonly string[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const start = useStartExport();
  const [includeArchived, setIncludeArchived] = useState(false);
  const chosen = ids !== undefined && ids.length > 0;

  const progressMessage = (job: Job) =>
    job.message ||
    (job.state === 'running' ? t('exports.progress.percent', { percent: job.percent }) : t('exports.progress.queued'));

  const run = async (format: ExportFormat) => {
    const id = nextExportNotificationId(entity);
    const title = t('exports.progress.title', { format: t(`exports.formats.${format}`) });
    let shown = false;
    try {
      const ref = await start.mutateAsync({ entity, format, includeArchived, ids });
      notifications.show({
        id,
        loading: true,
        title,
        message: t('exports.progress.queued'),
        autoClose: false,
        withCloseButton: false,
      });
      shown = true;
      const job = await followJob(queryClient, ref.job_id, {
        onUpdate: (current) => {
          notifications.update({ id, loading: true, title, message: progressMessage(current), autoClose: false });
        },
      });
      if (job.state !== 'completed') {
        const lastError = job.errors.length > 0 ? job.errors[job.errors.length - 1]?.error : undefined;
        notifications.update({
          id,
          loading: false,
          color: 'red',
          title: t('exports.failed.title'),
          message: job.state === 'cancelled' ? t('exports.failed.cancelled') : (lastError ?? t('exports.failed.body')),
          autoClose: false,
          withCloseButton: true,
        });
        return;
      }
      const fileId = fileIdOf(safeHref(job.result?.href) ?? '');
      if (fileId === undefined) {
        notifications.update({
          id,
          loading: false,
          color: 'red',
          title: t('exports.failed.title'),
          message: t('exports.failed.noFile'),
          autoClose: false,
          withCloseButton: true,
        });
        return;
      }
      notifications.update({ id, loading: true, title, message: t('exports.progress.downloading'), autoClose: false });
      await downloadApiFile(fileId);
      notifications.update({
        id,
        loading: false,
        color: 'green',
        title: t('exports.done.title'),
        message: t('exports.done.body'),
        autoClose: 5000,
        withCloseButton: true,
      });
    } catch (error) {
      if (shown) notifications.hide(id);
      showProblemNotification(toApiError(error));
    }
  };

  return (
    <Menu position="bottom-end" shadow="md" width={240}>
      <Menu.Target>
        <Button
          variant="default"
          loading={start.isPending}
          leftSection={<IconDownload size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
        >
          {chosen ? t('exports.buttonSelection') : t('exports.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {chosen ? null : (
          <>
            <Menu.CheckboxItem checked={includeArchived} onChange={setIncludeArchived}>
              {t('exports.includeArchived')}
            </Menu.CheckboxItem>
            <Menu.Divider />
          </>
        )}
        <Menu.Label>
          {chosen ? t('exports.formatsLabelSelection', { count: ids.length }) : t('exports.formatsLabel')}
        </Menu.Label>
        {EXPORT_FORMATS.map((format) => {
          const Icon = FORMAT_ICONS[format];
          return (
            <Menu.Item key={format} leftSection={<Icon size={16} aria-hidden />} onClick={() => void run(format)}>
              {t(`exports.formats.${format}`)}
            </Menu.Item>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );
}
