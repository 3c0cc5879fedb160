import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  FileInput,
  Group,
  Skeleton,
  Stack,
  Stepper,
  Table,
  Text,
  Title,
} from '@mantine/core';
import {
  IconArrowLeft,
  IconCheck,
  IconDownload,
  IconFileSpreadsheet,
  IconList,
  IconLock,
  IconRefresh,
  IconUpload,
} from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterButton } from '../../ui/RouterLinks';
import { saveBlob } from '../jobs/downloadResult';
import { ImportProblem } from './ImportProblem';
import { ImportRunView } from './ImportRun';
import {
  IMPORT_ENTITIES,
  IMPORT_FILE_ACCEPT,
  type ImportEntity,
  type ImportRef,
  importTemplateCsv,
  importTemplateName,
  isCleanReport,
  isImportFile,
  useImport,
  useImportColumns,
  useStartImport,
} from './importsApi';

/** Where each kind of record is listed (the wizard's way back). */
const LIST_PATHS = {
  asset: '/assets',
  location: '/assets/locations',
  asset_model: '/assets/models',
  peripheral: '/assets/peripherals',
  software: '/assets/software',
  licence: '/assets/licences',
} as const satisfies Record<ImportEntity, string>;

/** The columns of the entity's file, with what each expects, and a CSV template with their header row. */
function ExpectedColumns({ entity }: { entity: ImportEntity }) {
  const { t } = useTranslation();
  const query = useImportColumns(entity);
  const columns = query.data?.columns;
  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Title order={2} size="h4">
              {t('imports.columns.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('imports.columns.description')}
            </Text>
          </Stack>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            disabled={!columns}
            onClick={() => {
              if (!columns) return;
              saveBlob(new Blob([importTemplateCsv(columns)], { type: 'text/csv;charset=utf-8' }), importTemplateName(entity));
            }}
          >
            {t('imports.columns.template')}
          </Button>
        </Group>
        {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
        {query.isPending ? (
          <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
            {Array.from({ length: 4 }, (_, index) => (
              <Skeleton key={index} height={28} radius="sm" />
            ))}
          </Stack>
        ) : null}
        {columns ? (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="xs" aria-label={t('imports.columns.tableLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.columns.name')}</Table.Th>
                  <Table.Th>{t('imports.columns.requirement')}</Table.Th>
                  <Table.Th>{t('imports.columns.help')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {columns.map((column) => (
                  <Table.Tr key={column.name}>
                    <Table.Td>
                      <Code>{column.name}</Code>
                    </Table.Td>
                    <Table.Td>
                      {column.required ? (
                        <Badge color="red" variant="light">
                          {t('imports.columns.required')}
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('imports.columns.optional')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{column.help}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
    </Card>
  );
}

/**
 * Importing a file of records in three steps: choose the file (with the columns it needs and a template), check it (a
 * dry run that writes nothing and lists every problem by line and column), then apply it — only once the check found
 * nothing wrong; the apply sends the same file again and writes everything or nothing.
 */
export function ImportWizard({ entity }: { entity: ImportEntity }) {
  const { t } = useTranslation();
  const me = useMe();
  // Until /me answers, let the user prepare: the API decides anyway.
  const writer = me.data === undefined || can(me.data, IMPORT_ENTITIES[entity].module, 'write');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState<ImportRef | null>(null);
  const [apply, setApply] = useState<ImportRef | null>(null);
  const start = useStartImport();
  const dryRunQuery = useImport(dryRun?.id);
  const applyQuery = useImport(apply?.id);

  const checked = dryRunQuery.data;
  const canApply = file !== null && checked?.state === 'done' && isCleanReport(checked.report);
  const applied = applyQuery.data?.state === 'done' && applyQuery.data.report?.applied === true;
  const active = applied ? 3 : apply ? 2 : dryRun ? 1 : 0;

  const chooseFile = (next: File | null) => {
    start.reset();
    setFile(next);
    setFileError(next !== null && !isImportFile(next) ? t('imports.file.wrongType') : null);
  };

  const startOver = () => {
    start.reset();
    setFile(null);
    setFileError(null);
    setDryRun(null);
    setApply(null);
  };

  const check = () => {
    if (file === null) {
      setFileError(t('imports.file.required'));
      return;
    }
    if (!isImportFile(file)) {
      setFileError(t('imports.file.wrongType'));
      return;
    }
    start.mutate(
      { entity, dryRun: true, file },
      {
        onSuccess: (ref) => {
          setDryRun(ref);
        },
      },
    );
  };

  const applyFile = () => {
    if (!canApply) return;
    start.mutate(
      { entity, dryRun: false, file },
      {
        onSuccess: (ref) => {
          setApply(ref);
        },
      },
    );
  };

  const backToList = (
    <RouterButton to={LIST_PATHS[entity]} variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />}>
      {t(`imports.entities.${entity}.backToList`)}
    </RouterButton>
  );
  const openList = (
    <RouterButton to={LIST_PATHS[entity]} leftSection={<IconList size={16} aria-hidden />}>
      {t(`imports.entities.${entity}.openList`)}
    </RouterButton>
  );
  const anotherFile = (
    <Button variant="default" leftSection={<IconRefresh size={16} aria-hidden />} onClick={startOver}>
      {t('imports.actions.chooseAnother')}
    </Button>
  );

  return (
    <Page
      title={t(`imports.entities.${entity}.title`)}
      description={t(`imports.entities.${entity}.description`)}
      actions={backToList}
    >
      <Stepper active={active} allowNextStepsSelect={false}>
        <Stepper.Step label={t('imports.steps.file.label')} description={t('imports.steps.file.description')}>
          <Stack gap="md" pt="md">
            {!writer ? (
              <Alert variant="light" color="gray" icon={<IconLock aria-hidden />}>
                {t('imports.noWrite', { module: t(`modules.${IMPORT_ENTITIES[entity].module}`) })}
              </Alert>
            ) : null}
            <Card withBorder padding="md" radius="md">
              <Stack gap="sm">
                <FileInput
                  label={t('imports.file.label')}
                  description={t('imports.file.description')}
                  accept={IMPORT_FILE_ACCEPT}
                  leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
                  value={file}
                  onChange={chooseFile}
                  error={fileError}
                  clearable
                  disabled={!writer || start.isPending}
                />
                <Group justify="flex-end">
                  <Button
                    leftSection={<IconUpload size={16} aria-hidden />}
                    onClick={check}
                    loading={start.isPending}
                    disabled={!writer || file === null || fileError !== null}
                  >
                    {t('imports.actions.check')}
                  </Button>
                </Group>
                {start.isError && active === 0 ? <ImportProblem error={start.error} /> : null}
              </Stack>
            </Card>
            <ExpectedColumns entity={entity} />
          </Stack>
        </Stepper.Step>

        <Stepper.Step label={t('imports.steps.dryRun.label')} description={t('imports.steps.dryRun.description')}>
          <Stack gap="md" pt="md">
            <ImportRunView query={dryRunQuery} phase="dryRun" />
            {start.isError && active === 1 ? <ImportProblem error={start.error} /> : null}
            <Group justify="space-between">
              {anotherFile}
              <Button
                leftSection={<IconCheck size={16} aria-hidden />}
                onClick={applyFile}
                loading={start.isPending}
                disabled={!canApply}
              >
                {t('imports.actions.apply')}
              </Button>
            </Group>
            {!canApply && checked?.state === 'done' ? (
              <Text size="sm" c="dimmed" ta="right">
                {t('imports.actions.applyDisabled')}
              </Text>
            ) : null}
          </Stack>
        </Stepper.Step>

        <Stepper.Step label={t('imports.steps.apply.label')} description={t('imports.steps.apply.description')}>
          <Stack gap="md" pt="md">
            <ImportRunView query={applyQuery} phase="apply" />
            {applyQuery.data?.state === 'done' || applyQuery.data?.state === 'failed' ? (
              <Group justify="space-between">
                {anotherFile}
                {openList}
              </Group>
            ) : null}
          </Stack>
        </Stepper.Step>

        <Stepper.Completed>
          <Stack gap="md" pt="md">
            <ImportRunView query={applyQuery} phase="apply" />
            <Group justify="space-between">
              {anotherFile}
              {openList}
            </Group>
          </Stack>
        </Stepper.Completed>
      </Stepper>
    </Page>
  );
}

const importRouteApi = getRouteApi('/_app/assets/import');

/** Route /assets/import (`?entity=location|asset_model|peripheral|software|licence` for the other files of the module). */
export function AssetImportPage() {
  const { entity } = importRouteApi.useSearch();
  // A new wizard per kind of record: its steps start over.
  return <ImportWizard key={entity ?? 'asset'} entity={entity ?? 'asset'} />;
}
