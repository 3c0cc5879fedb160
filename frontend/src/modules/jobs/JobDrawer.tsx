import {
  Button,
  Code,
  DataList,
  Drawer,
  Group,
  Progress,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, toApiError } from '../../lib/api';
import { AuditTime } from '../../ui/audit/AuditTime';
import { QueryError } from '../../ui/QueryError';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { DownloadResultButton } from './DownloadResultButton';
import { humanizeKey, jobKindLabel } from './jobLabels';
import {
  canCancel,
  canRetry,
  isFinished,
  type Job,
  type JobAction,
  jobQueryOptions,
  useJob,
  useJobAction,
} from './jobsApi';
import { JobStateBadge } from './JobStateBadge';

const breakAnywhere = { overflowWrap: 'anywhere' } as const;

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={breakAnywhere}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Moment({ value }: { value: string | null }) {
  const { t } = useTranslation();
  return value ? (
    <AuditTime value={value} />
  ) : (
    <Text component="span" size="sm" c="dimmed">
      {t('jobs.none')}
    </Text>
  );
}

function SummaryValue({ value }: { value: unknown }) {
  const { i18n } = useTranslation();
  if (typeof value === 'number') return <>{new Intl.NumberFormat(i18n.language).format(value)}</>;
  if (typeof value === 'string') return <>{value}</>;
  if (typeof value === 'boolean' || value === null) return <Code>{String(value)}</Code>;
  return <Code block>{JSON.stringify(value, null, 2)}</Code>;
}

function Result({ job }: { job: Job }) {
  const { t } = useTranslation();
  const { result } = job;
  if (!result) return null;
  const entries = Object.entries(result.summary);
  return (
    <Stack gap="sm" component="section" aria-labelledby="job-result-title">
      <Title order={3} size="h4" id="job-result-title">
        {t('jobs.result.title')}
      </Title>
      {entries.length > 0 ? (
        <Table variant="vertical" layout="fixed" withTableBorder aria-label={t('jobs.result.summary')}>
          <Table.Tbody>
            {entries.map(([key, value]) => (
              <Table.Tr key={key}>
                <Table.Th w="45%" scope="row">
                  {humanizeKey(key)}
                </Table.Th>
                <Table.Td style={breakAnywhere}>
                  <SummaryValue value={value} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          {t('jobs.result.noSummary')}
        </Text>
      )}
      <div>
        <DownloadResultButton href={result.href} />
      </div>
    </Stack>
  );
}

function Attempts({ job }: { job: Job }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" component="section" aria-labelledby="job-errors-title">
      <Title order={3} size="h4" id="job-errors-title">
        {t('jobs.errors.title')}
      </Title>
      {job.errors.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('jobs.errors.none')}
        </Text>
      ) : (
        <Table verticalSpacing="xs" aria-label={t('jobs.errors.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>{t('jobs.errors.attempt')}</Table.Th>
              <Table.Th w={180}>{t('jobs.errors.at')}</Table.Th>
              <Table.Th>{t('jobs.errors.error')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {job.errors.map((error) => (
              <Table.Tr key={`${String(error.attempt)}-${error.at}`}>
                <Table.Td>{error.attempt}</Table.Td>
                <Table.Td>
                  <AuditTime value={error.at} size="xs" />
                </Table.Td>
                <Table.Td>
                  <Code block style={{ whiteSpace: 'pre-wrap', ...breakAnywhere }}>
                    {error.error}
                  </Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function Actions({ job }: { job: Job }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const action = useJobAction();
  const [problem, setProblem] = useState<ApiError | null>(null);
  const run = (kind: JobAction) => {
    setProblem(null);
    action.mutate(
      { action: kind, jobId: job.id },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t(`jobs.actions.${kind}Done`, { id: job.id }) });
        },
        onError: (error) => {
          setProblem(toApiError(error));
          // A 409 means the job moved on: show where it is now.
          void queryClient.invalidateQueries({ queryKey: jobQueryOptions(job.id).queryKey });
        },
      },
    );
  };
  const cancellable = canCancel(job);
  const retryable = canRetry(job);
  if (!cancellable && !retryable && !problem) return null;
  return (
    <Stack gap="sm">
      {problem ? <ProblemAlert error={problem} /> : null}
      <Group gap="sm">
        {cancellable ? (
          <Button
            variant="default"
            leftSection={<IconPlayerStop size={16} color="var(--mantine-color-red-filled)" aria-hidden />}
            loading={action.isPending && action.variables.action === 'cancel'}
            onClick={() => {
              run('cancel');
            }}
          >
            {t('jobs.actions.cancel')}
          </Button>
        ) : null}
        {retryable ? (
          <Button
            leftSection={<IconRefresh size={16} aria-hidden />}
            loading={action.isPending && action.variables.action === 'retry'}
            onClick={() => {
              run('retry');
            }}
          >
            {t('jobs.actions.retry')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}

function JobDetails({ job, withActions }: { job: Job; withActions: boolean }) {
  const { t } = useTranslation();
  const finished = isFinished(job);
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Group justify="space-between">
          <JobStateBadge state={job.state} size="lg" />
          <Text size="sm">{t('jobs.percent', { percent: job.percent })}</Text>
        </Group>
        <Progress
          value={job.percent}
          animated={!finished}
          color={job.state === 'discarded' ? 'red' : job.state === 'completed' ? 'green' : 'blue'}
          aria-label={t('jobs.progress.label', { kind: jobKindLabel(job.kind, t) })}
        />
        {job.message ? (
          <Text size="sm" c="dimmed" aria-live="polite">
            {job.message}
          </Text>
        ) : null}
      </Stack>
      {withActions ? <Actions job={job} /> : null}
      <DataList size="sm" gap="xs" labelWidth="9rem" withDivider>
        <Item label={t('jobs.fields.kind')}>
          <Stack gap={0}>
            <Text size="sm">{jobKindLabel(job.kind, t)}</Text>
            <Code>{job.kind}</Code>
          </Stack>
        </Item>
        <Item label={t('jobs.fields.attempts')}>{t('jobs.attempts', { attempt: job.attempt, max: job.max_attempts })}</Item>
        <Item label={t('jobs.fields.startedBy')}>{job.actor_name || t('jobs.unknownActor')}</Item>
        <Item label={t('jobs.fields.created')}>
          <Moment value={job.created_at} />
        </Item>
        <Item label={t('jobs.fields.scheduled')}>
          <Moment value={job.scheduled_at} />
        </Item>
        <Item label={t('jobs.fields.attempted')}>
          <Moment value={job.attempted_at} />
        </Item>
        <Item label={t('jobs.fields.finished')}>
          <Moment value={job.finalized_at} />
        </Item>
      </DataList>
      <Result job={job} />
      <Attempts job={job} />
    </Stack>
  );
}

export interface JobDrawerProps {
  jobId: number | undefined;
  /** Whether to offer cancel and retry (the server still decides). */
  withActions: boolean;
  onClose: () => void;
}

/** One job in a side panel, read again every few seconds until it finishes; cancel and retry where they apply. */
export function JobDrawer({ jobId, withActions, onClose }: JobDrawerProps) {
  const { t } = useTranslation();
  const query = useJob(jobId);
  const job = query.data;
  return (
    <Drawer
      opened={jobId !== undefined}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        <Text component="span" fw={600} size="lg">
          {job ? t('jobs.drawer.title', { kind: jobKindLabel(job.kind, t), id: job.id }) : t('jobs.drawer.loading')}
        </Text>
      }
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {query.isPending && jobId !== undefined ? <Skeleton height={240} radius="sm" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {job ? <JobDetails job={job} withActions={withActions} /> : null}
    </Drawer>
  );
}
