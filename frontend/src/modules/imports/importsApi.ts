/**
 * Importing and exporting records as files (openapi.yaml, tag data). An import is an upload (`POST /imports`, multipart)
 * that queues a job; its report is read at `GET /imports/{id}` once the job has run. A dry run checks every row and writes
 * nothing; an apply writes everything or — when any row is wrong — nothing. An export (`POST /exports`) is a job whose
 * result is the file.
 */
import { type QueryClient, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { client, unwrap } from '../../lib/api';
import type { ModuleSlug } from '../../lib/deployment';
import { isFinished, type Job, jobQueryOptions, type JobRef } from '../jobs/jobsApi';

export type ImportEntity = components['schemas']['ImportEntity'];
export type ImportColumn = components['schemas']['ImportColumn'];
export type ImportColumns = components['schemas']['ImportColumns'];
export type ImportRef = components['schemas']['ImportRef'];
export type Import = components['schemas']['Import'];
export type ImportState = Import['state'];
export type ImportReport = components['schemas']['ImportReport'];
export type ImportRowError = components['schemas']['ImportRowError'];
export type ExportRequest = components['schemas']['ExportRequest'];
export type ExportFormat = ExportRequest['format'];

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];

/** What each kind of record needs around its import and export: the module whose permissions apply. */
export const IMPORT_ENTITIES: Record<ImportEntity, { module: ModuleSlug }> = {
  asset: { module: 'assets' },
  location: { module: 'assets' },
  asset_model: { module: 'assets' },
  peripheral: { module: 'assets' },
  software: { module: 'assets' },
  licence: { module: 'assets' },
};

export interface ImportSearch {
  /** The kind of record the wizard imports (assets when absent). */
  entity?: Exclude<ImportEntity, 'asset'>;
}

/** The wizard's address: `?entity=` names the kind of record; anything unknown means assets. */
export function validateImportSearch(input: Record<string, unknown>): ImportSearch {
  const entity = input.entity;
  return typeof entity === 'string' && entity !== 'asset' && Object.hasOwn(IMPORT_ENTITIES, entity)
    ? { entity: entity as ImportSearch['entity'] }
    : { entity: undefined };
}

/** Files the import reads (the server recognises XLSX by its content, CSV otherwise). */
export const IMPORT_FILE_EXTENSIONS = ['.csv', '.xlsx'] as const;
export const IMPORT_FILE_ACCEPT = [
  ...IMPORT_FILE_EXTENSIONS,
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
].join(',');

export function isImportFile(file: Pick<File, 'name'>): boolean {
  const name = file.name.toLowerCase();
  return IMPORT_FILE_EXTENSIONS.some((extension) => name.endsWith(extension));
}

/** How often an unfinished import, and an export's job, are read again. */
export const IMPORT_POLL_INTERVAL = 1_000;
export const EXPORT_POLL_INTERVAL = 1_000;

/** States an import does not leave. */
export function isImportFinished(state: ImportState): boolean {
  return state === 'done' || state === 'failed';
}

/** True when the report found nothing wrong with the file. */
export function isCleanReport(report: ImportReport | null | undefined): boolean {
  return report?.error_count === 0 && report.errors.length === 0;
}

export const importsQueryKey = ['imports'] as const;

export function importColumnsQueryOptions(entity: ImportEntity) {
  return queryOptions({
    queryKey: [...importsQueryKey, 'columns', entity] as const,
    queryFn: async ({ signal }): Promise<ImportColumns> =>
      (await unwrap(client.GET('/imports/columns', { params: { query: { entity } }, signal }))).data,
    // Columns change only when a custom field is added or removed.
    staleTime: 60_000,
  });
}

/** GET /imports/columns: the columns the export writes and the import reads, custom fields included. */
export function useImportColumns(entity: ImportEntity) {
  return useQuery(importColumnsQueryOptions(entity));
}

export function importQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...importsQueryKey, 'detail', id] as const,
    queryFn: async ({ signal }): Promise<Import> =>
      (await unwrap(client.GET('/imports/{id}', { params: { path: { id } }, signal }))).data,
  });
}

/** GET /imports/{id}, read again every second while the import is queued or running. A null id reads nothing. */
export function useImport(id: string | null | undefined) {
  return useQuery({
    ...importQueryOptions(id ?? ''),
    enabled: id !== null && id !== undefined && id !== '',
    refetchInterval: (query) => {
      // Stop on an error too: a 404 or 403 will not go away by asking again.
      if (query.state.status === 'error') return false;
      const current = query.state.data;
      return current !== undefined && isImportFinished(current.state) ? false : IMPORT_POLL_INTERVAL;
    },
    // The user comes back to the outcome even when the tab was in the background.
    refetchIntervalInBackground: true,
  });
}

export interface StartImportInput {
  entity: ImportEntity;
  dryRun: boolean;
  file: File;
}

/** POST /imports as multipart/form-data (entity, dry_run, file). */
export async function startImport({ entity, dryRun, file }: StartImportInput): Promise<ImportRef> {
  const { data } = await unwrap(
    client.POST('/imports', {
      // The contract types the binary part as a string (its name stands there); the serializer sends the File itself.
      body: { entity, dry_run: dryRun, file: file.name },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('entity', body.entity);
        form.append('dry_run', String(body.dry_run));
        form.append('file', file, file.name);
        // FormData: the browser sets Content-Type with the boundary.
        return form;
      },
    }),
  );
  return data;
}

export function useStartImport() {
  return useMutation({ mutationFn: startImport });
}

export interface StartExportInput {
  entity: ImportEntity;
  format: ExportFormat;
  includeArchived: boolean;
  /** Only these records (a list selection), archived or not. */
  ids?: readonly string[];
}

/** POST /exports: queues the export; the job's result is the file. */
export async function startExport({ entity, format, includeArchived, ids }: StartExportInput): Promise<JobRef> {
  const body =
    ids && ids.length > 0
      ? { entity, format, include_archived: false, ids: [...ids] }
      : { entity, format, include_archived: includeArchived };
  const { data } = await unwrap(client.POST('/exports', { body }));
  return data;
}

export function useStartExport() {
  return useMutation({ mutationFn: startExport });
}

let exportSequence = 0;

/** A notification id of its own for each export started in this page's life. */
export function nextExportNotificationId(entity: ImportEntity): string {
  exportSequence += 1;
  return `export-${entity}-${String(exportSequence)}`;
}

function wait(milliseconds: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, milliseconds);
  });
}

/**
 * Reads a job (`GET /jobs/{id}`, through the query cache that the job monitor shares) until it has finished, telling
 * `onUpdate` each answer; resolves with the finished job, rejects with the ApiError of a failed read. Not tied to a
 * component: the export goes on when the user leaves the page.
 */
export async function followJob(
  queryClient: QueryClient,
  jobId: number,
  { onUpdate, interval = EXPORT_POLL_INTERVAL }: { onUpdate?: (job: Job) => void; interval?: number } = {},
): Promise<Job> {
  for (;;) {
    const job = await queryClient.query({ ...jobQueryOptions(jobId), staleTime: 0 });
    onUpdate?.(job);
    if (isFinished(job)) return job;
    await wait(interval);
  }
}

/** RFC 4180 field: quoted when it holds a separator, a quote or a line break. */
function csvField(value: string): string {
  return /[",;\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A CSV file with only the header row of `columns`, for the user to fill in. Starts with a UTF-8 byte order mark, which
 * Excel needs to read accented characters (the import skips it).
 */
export function importTemplateCsv(columns: readonly Pick<ImportColumn, 'name'>[]): string {
  return `\uFEFF${columns.map((column) => csvField(column.name)).join(',')}\r\n`;
}

export function importTemplateName(entity: ImportEntity): string {
  return `${entity}-import-template.csv`;
}
