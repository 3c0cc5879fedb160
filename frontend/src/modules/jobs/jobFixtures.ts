/** Jobs as the API answers them, for the tests of the job pages and components. */
import type { Job, JobList } from './jobsApi';

/** The file a completed job made (GET /files/{id}). */
export const RESULT_FILE_ID = '0193a2b4-0000-7000-8000-0000000f0041';

export function jobFixture(overrides: Partial<Job> = {}): Job {
  return {
    id: 42,
    kind: 'audit.purge',
    state: 'running',
    attempt: 1,
    max_attempts: 3,
    percent: 40,
    message: 'Deleting events older than 2019-01-01',
    errors: [],
    result: null,
    actor_name: 'Olivia Owner',
    created_at: '2026-11-22T10:00:00Z',
    scheduled_at: '2026-11-22T10:00:00Z',
    attempted_at: '2026-11-22T10:00:01Z',
    finalized_at: null,
    ...overrides,
  };
}

/** A job that finished well, with figures and a file to download. */
export function completedJobFixture(overrides: Partial<Job> = {}): Job {
  return jobFixture({
    id: 41,
    state: 'completed',
    percent: 100,
    message: 'done',
    result: { href: `/api/v1/files/${RESULT_FILE_ID}`, summary: { rows_deleted: 1200, table: 'audit_events' } },
    finalized_at: '2026-11-22T09:05:00Z',
    created_at: '2026-11-22T09:00:00Z',
    ...overrides,
  });
}

/** A job that failed every attempt. */
export function discardedJobFixture(overrides: Partial<Job> = {}): Job {
  return jobFixture({
    id: 40,
    kind: 'notifications.webhook',
    state: 'discarded',
    attempt: 3,
    max_attempts: 3,
    percent: 0,
    message: '',
    errors: [
      { attempt: 1, at: '2026-11-22T08:00:00Z', error: 'connection refused' },
      { attempt: 2, at: '2026-11-22T08:01:00Z', error: 'receiver answered 503' },
      { attempt: 3, at: '2026-11-22T08:05:00Z', error: 'timeout after 10s' },
    ],
    actor_name: 'Schedule',
    created_at: '2026-11-22T08:00:00Z',
    finalized_at: '2026-11-22T08:05:00Z',
    ...overrides,
  });
}

export function jobListFixture(items: Job[], overrides: Partial<JobList> = {}): JobList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}
