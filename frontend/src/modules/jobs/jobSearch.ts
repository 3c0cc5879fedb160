/**
 * The job monitor's filters live in the address (`/jobs?state=running&kind=audit.purge&mine=true&job=42`), so that a
 * filtered view, or one job, can be bookmarked and shared. This is the route's search validation: whatever the address
 * holds becomes a clean {@link JobSearch}; what the API would refuse is dropped.
 */
import { JOB_KIND_PATTERN, JOB_STATES, type JobFilters, type JobState } from './jobsApi';

export interface JobSearch extends JobFilters {
  /** The job shown in the drawer. */
  job?: number;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function jobId(value: unknown): number | undefined {
  const s = text(value);
  if (s === undefined || !/^\d{1,15}$/.test(s)) return undefined;
  const id = Number(s);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function compact(search: JobSearch): JobSearch {
  const out: JobSearch = {};
  if (search.state) out.state = search.state;
  if (search.kind) out.kind = search.kind;
  if (search.mine) out.mine = true;
  if (search.job) out.job = search.job;
  return out;
}

export function validateJobSearch(input: Record<string, unknown>): JobSearch {
  const state = typeof input.state === 'string' && (JOB_STATES as readonly string[]).includes(input.state)
    ? (input.state as JobState)
    : undefined;
  const kind = text(input.kind);
  return compact({
    state,
    kind: kind !== undefined && JOB_KIND_PATTERN.test(kind) ? kind : undefined,
    mine: input.mine === true || input.mine === 'true',
    job: jobId(input.job),
  });
}

/** The search after applying `patch`: empty values leave the address. */
export function mergeJobSearch(current: JobSearch, patch: Partial<JobSearch>): JobSearch {
  return compact({ ...current, ...patch });
}

export function jobFiltersOf(search: JobSearch): JobFilters {
  return compact({ state: search.state, kind: search.kind, mine: search.mine });
}

export function hasJobFilters(search: JobSearch): boolean {
  return Boolean(search.state ?? search.kind ?? search.mine);
}
