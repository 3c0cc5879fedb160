import { Alert, Group, Loader, Paper, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../ui/QueryError';
import { ReadableBadge } from '../../ui/ReadableBadge';
import { RouterAnchor } from '../../ui/RouterLinks';
import { useJob } from '../jobs/jobsApi';
import { ImportErrorsTable } from './ImportErrorsTable';
import { type Import, type ImportReport, type ImportState, isCleanReport, isImportFinished } from './importsApi';

export type ImportPhase = 'dryRun' | 'apply';

/** Alert titles in the text colour: green (or orange) on its own light tint misses WCAG AA contrast. */
const READABLE_TITLE = { title: { color: 'var(--mantine-color-text)' } };

const STATE_COLORS: Record<ImportState, string> = { queued: 'gray', running: 'blue', done: 'green', failed: 'red' };

export function ImportStateBadge({ state }: { state: ImportState }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={STATE_COLORS[state]}>{t(`imports.states.${state}`)}</ReadableBadge>
  );
}

/** An import on its way: its state, and the job's progress and message when the job says them. */
function ImportProgress({ current, phase }: { current: Import; phase: ImportPhase }) {
  const { t } = useTranslation();
  // Best effort: the import's own state is enough when the job cannot be read.
  const job = useJob(current.job_id).data;
  const percent = job?.percent ?? 0;
  return (
    <Stack gap="xs">
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {current.file_name}
        </Text>
        <ImportStateBadge state={current.state} />
      </Group>
      <Progress
        value={percent > 0 ? percent : 100}
        striped={percent === 0}
        animated
        aria-label={t(`imports.progress.label.${phase}`)}
      />
      {/* What the import is doing is announced as it changes. */}
      <Text size="sm" c="dimmed" aria-live="polite">
        {job !== undefined && job.message !== ''
          ? job.message
          : current.state === 'queued'
            ? t('imports.progress.queued')
            : t(`imports.progress.running.${phase}`)}
      </Text>
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  const { i18n } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm">
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" fz="xl" fw={600} m={0}>
        {new Intl.NumberFormat(i18n.language).format(value)}
      </Text>
    </Paper>
  );
}

/** The report's figures: in a dry run, what the apply would do. */
export function ImportFigures({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const phase: ImportPhase = report.dry_run ? 'dryRun' : 'apply';
  return (
    <SimpleGrid component="dl" cols={{ base: 2, sm: 5 }} spacing="sm" m={0} aria-label={t(`imports.report.label.${phase}`)}>
      <Figure label={t('imports.report.rows')} value={report.rows} />
      <Figure label={t(`imports.report.created.${phase}`)} value={report.created} />
      <Figure label={t(`imports.report.updated.${phase}`)} value={report.updated} />
      <Figure label={t('imports.report.unchanged')} value={report.unchanged} />
      <Figure label={t('imports.report.errors')} value={report.error_count} />
    </SimpleGrid>
  );
}

/** What a finished import found (dry run) or did (apply), and every problem by line and column. */
function ImportOutcome({ current, phase }: { current: Import; phase: ImportPhase }) {
  const { t } = useTranslation();
  const report = current.report;
  const monitorLink =
    current.job_id !== null ? (
      <RouterAnchor to="/jobs" search={{ job: current.job_id }} size="sm">
        {t('imports.failed.openJob')}
      </RouterAnchor>
    ) : null;

  if (!report) {
    return (
      <Alert role="alert" color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={t('imports.failed.title')}>
        <Stack gap={4} align="flex-start">
          <Text size="sm">{t('imports.failed.body')}</Text>
          {monitorLink}
        </Stack>
      </Alert>
    );
  }

  const clean = isCleanReport(report);
  let summary;
  if (!clean) {
    summary = (
      <Alert
        role="alert"
        color="red"
        variant="light"
        icon={<IconAlertTriangle aria-hidden />}
        title={t(`imports.outcome.errors.${phase}.title`, { count: report.error_count })}
      >
        <Text size="sm">{t(`imports.outcome.errors.${phase}.body`)}</Text>
      </Alert>
    );
  } else if (current.state === 'failed') {
    summary = (
      <Alert role="alert" color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={t('imports.failed.title')}>
        <Stack gap={4} align="flex-start">
          <Text size="sm">{t('imports.failed.body')}</Text>
          {monitorLink}
        </Stack>
      </Alert>
    );
  } else if (phase === 'dryRun') {
    summary = (
      <Alert color="green" variant="light" styles={READABLE_TITLE} icon={<IconCircleCheck aria-hidden />} title={t('imports.outcome.clean.dryRun.title')}>
        <Text size="sm">{t('imports.outcome.clean.dryRun.body', { count: report.rows })}</Text>
      </Alert>
    );
  } else {
    summary = (
      <Alert
        color={report.applied ? 'green' : 'red'}
        variant="light"
        styles={READABLE_TITLE}
        icon={report.applied ? <IconCircleCheck aria-hidden /> : <IconAlertCircle aria-hidden />}
        title={report.applied ? t('imports.outcome.applied.title') : t('imports.outcome.notApplied.title')}
      >
        <Text size="sm">{report.applied ? t('imports.outcome.applied.body') : t('imports.outcome.notApplied.body')}</Text>
      </Alert>
    );
  }

  return (
    <Stack gap="md">
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {current.file_name}
        </Text>
        <ImportStateBadge state={current.state} />
      </Group>
      <ImportFigures report={report} />
      {summary}
      {report.errors.length > 0 ? <ImportErrorsTable errors={report.errors} errorCount={report.error_count} /> : null}
    </Stack>
  );
}

/** One upload followed to its end: the progress while the job runs, then the report. */
export function ImportRunView({ query, phase }: { query: UseQueryResult<Import>; phase: ImportPhase }) {
  const { t } = useTranslation();
  const current = query.data;
  if (query.isError && current === undefined) {
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (current === undefined) {
    return (
      <Group gap="xs">
        <Loader size="xs" aria-hidden />
        <Text size="sm">{t('imports.progress.loading')}</Text>
      </Group>
    );
  }
  if (isImportFinished(current.state)) return <ImportOutcome current={current} phase={phase} />;
  return (
    <Stack gap="sm">
      <ImportProgress current={current} phase={phase} />
      {/* Reading the import again failed (the polling stops on an error): say so, and offer to go on. */}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
    </Stack>
  );
}
