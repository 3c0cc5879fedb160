import { Alert, Group, Loader, Progress, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { DownloadResultButton } from './DownloadResultButton';
import { jobKindLabel } from './jobLabels';
import { isFinished, type Job, useJob } from './jobsApi';
import { JobStateBadge } from './JobStateBadge';

export interface JobProgressProps {
  jobId: number;
  /** Called once, when the job is seen finished (completed, cancelled or discarded). */
  onFinished?: (job: Job) => void;
  /** Hides the link to the job monitor (e.g. inside the monitor itself). */
  withMonitorLink?: boolean;
}

function progressColor(job: Job): string {
  if (job.state === 'discarded') return 'red';
  if (job.state === 'cancelled') return 'gray';
  if (job.state === 'completed') return 'green';
  return 'blue';
}

/**
 * Follows a background job until it finishes: state, progress bar with what the job says it is doing, the last error
 * when it failed, and the download of what it made. For operations that answer `202` with a job id.
 */
export function JobProgress({ jobId, onFinished, withMonitorLink = true }: JobProgressProps) {
  const { t } = useTranslation();
  const query = useJob(jobId);
  const job = query.data;
  const finished = job !== undefined && isFinished(job);

  // Tell the caller once, even though the answer is read again after that.
  const reported = useRef<number | null>(null);
  useEffect(() => {
    if (job && finished && reported.current !== job.id) {
      reported.current = job.id;
      onFinished?.(job);
    }
  }, [job, finished, onFinished]);

  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (!job) {
    return (
      <Group gap="xs">
        <Loader size="xs" aria-hidden />
        <Text size="sm">{t('jobs.progress.loading')}</Text>
      </Group>
    );
  }

  const lastError = job.errors.length > 0 ? job.errors[job.errors.length - 1] : undefined;
  return (
    <Stack gap="xs" data-job-id={job.id}>
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="sm" fw={500}>
          {jobKindLabel(job.kind, t)}
        </Text>
        <JobStateBadge state={job.state} />
      </Group>
      <Progress
        value={job.percent}
        color={progressColor(job)}
        animated={!finished}
        aria-label={t('jobs.progress.label', { kind: jobKindLabel(job.kind, t) })}
      />
      {/* What the job is doing, and how it ended, is announced as it changes. */}
      <Text size="sm" c="dimmed" aria-live="polite">
        {finished
          ? t(`jobs.progress.finished.${job.state as 'completed' | 'cancelled' | 'discarded'}`)
          : job.message || t('jobs.progress.percent', { percent: job.percent })}
      </Text>
      {job.state === 'discarded' && lastError ? (
        <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={t('jobs.progress.failed')}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {lastError.error}
          </Text>
        </Alert>
      ) : null}
      {job.state === 'completed' && job.result?.href ? (
        <div>
          <DownloadResultButton href={job.result.href} size="xs" />
        </div>
      ) : null}
      {withMonitorLink ? (
        <RouterAnchor to="/jobs" search={{ job: job.id }} size="sm">
          {t('jobs.progress.openInMonitor')}
        </RouterAnchor>
      ) : null}
    </Stack>
  );
}
