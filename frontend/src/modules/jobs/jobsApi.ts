/**
 * Background jobs as the SPA reads and acts on them (openapi.yaml, tag jobs): the keyset-paged list, one job, cancel
 * and retry. Long operations answer `202` with a job id; {@link useJob} follows such a job until it finishes.
 *
 * The API decides what a caller sees: members get the jobs they started, administrators (`administration` read) every
 * job of the organisation.
 */
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { components, operations } from '../../api/schema';
import { client, unwrap } from '../../lib/api';

export type Job = components['schemas']['Job'];
export type JobList = components['schemas']['JobList'];
export type JobState = components['schemas']['JobState'];
export type JobError = components['schemas']['JobError'];
export type JobResult = NonNullable<Job['result']>;
export type JobRef = components['schemas']['JobRef'];

type JobsQueryParams = NonNullable<operations['listJobs']['parameters']['query']>;
export type JobSort = NonNullable<JobsQueryParams['sort']>;

/** Every state, in the order a job goes through them (the filter's order). */
export const JOB_STATES: readonly JobState[] = [
  'pending',
  'scheduled',
  'available',
  'running',
  'retryable',
  'completed',
  'cancelled',
  'discarded',
];

/** States a job does not leave by itself. */
export const FINISHED_STATES: readonly JobState[] = ['completed', 'cancelled', 'discarded'];

/** The contract's pattern for a kind (listJobs `kind`). */
export const JOB_KIND_PATTERN = /^[a-z0-9_.-]{1,100}$/;

/** Kinds the server runs today, with a translated name (others show their code). */
export const KNOWN_JOB_KINDS = {
  'audit.export': 'auditExport',
  'audit.purge': 'auditPurge',
  'exports.run': 'exportsRun',
  'files.sweep': 'filesSweep',
  'imports.run': 'importsRun',
  'notifications.digest': 'notificationsDigest',
  'notifications.email': 'notificationsEmail',
  'notifications.expiry_scan': 'notificationsExpiryScan',
  'notifications.webhook': 'notificationsWebhook',
  'reports.organization_summary': 'reportsOrganizationSummary',
  'reports.user_equipment': 'reportsUserEquipment',
} as const;
export type KnownJobKind = keyof typeof KNOWN_JOB_KINDS;

export function isKnownJobKind(kind: string): kind is KnownJobKind {
  return Object.hasOwn(KNOWN_JOB_KINDS, kind);
}

/** How often a list with unfinished jobs, and a followed job, are read again. */
export const JOB_POLL_INTERVAL = 3_000;
export const JOBS_PAGE_SIZE = 50;

export function isFinished(job: Pick<Job, 'state'>): boolean {
  return FINISHED_STATES.includes(job.state);
}

/** Cancel applies to a job that has not finished (the server answers 409 otherwise). */
export function canCancel(job: Pick<Job, 'state'>): boolean {
  return !isFinished(job);
}

/** Retry applies to a job that failed every attempt or was cancelled. */
export function canRetry(job: Pick<Job, 'state'>): boolean {
  return job.state === 'discarded' || job.state === 'cancelled';
}

/**
 * A download address the page may link to: a path of this site or an http(s) URL. Anything else (`javascript:`, a
 * protocol-relative `//host`) is not shown.
 */
export function safeHref(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  if (href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\')) return href;
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export const jobsQueryKey = ['jobs'] as const;

export interface JobFilters {
  state?: JobState;
  kind?: string;
  mine?: boolean;
}

/** GET /jobs, newest first, one page per `next_cursor`. */
export function jobsQueryOptions(filters: JobFilters, pageSize = JOBS_PAGE_SIZE) {
  // Only the known filters, in a fixed order (stable query keys).
  const query: JobsQueryParams = {
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.mine ? { mine: true } : {}),
    sort: '-created_at',
    limit: pageSize,
  };
  return infiniteQueryOptions({
    queryKey: [...jobsQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<JobList> =>
      (await unwrap(client.GET('/jobs', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** The list is read again every few seconds while any job on it can still change. */
export function jobsRefetchInterval(pages: readonly JobList[] | undefined): number | false {
  return pages?.some((page) => page.items.some((job) => !isFinished(job))) ? JOB_POLL_INTERVAL : false;
}

export function useJobs(filters: JobFilters, { enabled = true }: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    ...jobsQueryOptions(filters),
    enabled,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => jobsRefetchInterval(query.state.data?.pages),
  });
}

export function jobQueryOptions(jobId: number) {
  return queryOptions({
    queryKey: [...jobsQueryKey, 'detail', jobId] as const,
    queryFn: async ({ signal }): Promise<Job> =>
      (await unwrap(client.GET('/jobs/{id}', { params: { path: { id: jobId } }, signal }))).data,
  });
}

/**
 * One job, read again every few seconds until it has finished (completed, cancelled or discarded). For operations that
 * answer `202` with a job: `const job = useJob(ref.job_id)`. A null id reads nothing.
 */
export function useJob(jobId: number | null | undefined) {
  return useQuery({
    ...jobQueryOptions(jobId ?? 0),
    enabled: jobId !== null && jobId !== undefined && jobId > 0,
    refetchInterval: (query) => {
      const job = query.state.data;
      // Stop on an error too: a 404 or 403 will not go away by asking again.
      if (query.state.status === 'error') return false;
      return job !== undefined && isFinished(job) ? false : JOB_POLL_INTERVAL;
    },
    // Follow the job while the tab is in the background too: the user comes back to the outcome.
    refetchIntervalInBackground: true,
  });
}

export type JobAction = 'cancel' | 'retry';

/** POST /jobs/{id}/cancel or /retry; the answer replaces the job in the cache and the lists are read again. */
export function useJobAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, jobId }: { action: JobAction; jobId: number }): Promise<Job> => {
      const params = { params: { path: { id: jobId } } };
      return action === 'cancel'
        ? (await unwrap(client.POST('/jobs/{id}/cancel', params))).data
        : (await unwrap(client.POST('/jobs/{id}/retry', params))).data;
    },
    onSuccess: (job) => {
      queryClient.setQueryData(jobQueryOptions(job.id).queryKey, job);
      void queryClient.invalidateQueries({ queryKey: [...jobsQueryKey, 'list'] });
    },
  });
}
