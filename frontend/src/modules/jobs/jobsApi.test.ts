import { describe, expect, it } from 'vitest';
import { fileIdOf, fileNameOf } from './downloadResult';
import { completedJobFixture, discardedJobFixture, jobFixture, jobListFixture } from './jobFixtures';
import { humanizeKey } from './jobLabels';
import { hasJobFilters, jobFiltersOf, mergeJobSearch, validateJobSearch } from './jobSearch';
import { canCancel, canRetry, JOB_POLL_INTERVAL, jobsRefetchInterval, safeHref } from './jobsApi';

describe('job actions', () => {
  it('cancels unfinished jobs and retries discarded or cancelled ones', () => {
    expect(canCancel(jobFixture({ state: 'running' }))).toBe(true);
    expect(canCancel(jobFixture({ state: 'retryable' }))).toBe(true);
    expect(canCancel(completedJobFixture())).toBe(false);
    expect(canRetry(discardedJobFixture())).toBe(true);
    expect(canRetry(jobFixture({ state: 'cancelled' }))).toBe(true);
    expect(canRetry(jobFixture({ state: 'running' }))).toBe(false);
    expect(canRetry(completedJobFixture())).toBe(false);
  });
});

describe('jobsRefetchInterval', () => {
  it('polls while any listed job is unfinished', () => {
    expect(jobsRefetchInterval(undefined)).toBe(false);
    expect(jobsRefetchInterval([jobListFixture([completedJobFixture(), discardedJobFixture()])])).toBe(false);
    expect(jobsRefetchInterval([jobListFixture([completedJobFixture()]), jobListFixture([jobFixture({ state: 'scheduled' })])])).toBe(
      JOB_POLL_INTERVAL,
    );
  });
});

describe('safeHref', () => {
  it('keeps paths of the site and http(s) addresses only', () => {
    expect(safeHref('/api/v1/files/1')).toBe('/api/v1/files/1');
    expect(safeHref('https://files.example/1')).toBe('https://files.example/1');
    expect(safeHref('//evil.example/')).toBeUndefined();
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,hi')).toBeUndefined();
    expect(safeHref(null)).toBeUndefined();
  });
});

describe('job search', () => {
  it('keeps what the API accepts, as the right types', () => {
    expect(validateJobSearch({ state: 'running', kind: 'audit.purge', mine: 'true', job: '42' })).toEqual({
      state: 'running',
      kind: 'audit.purge',
      mine: true,
      job: 42,
    });
    expect(validateJobSearch({ state: 'exploded', kind: 'DROP TABLE', mine: 'no', job: '-3' })).toEqual({});
    expect(validateJobSearch({ job: 7 })).toEqual({ job: 7 });
  });

  it('drops emptied filters, and leaves the open job out of the API filters', () => {
    const search = mergeJobSearch({ state: 'running', job: 3 }, { state: undefined, mine: true });
    expect(search).toEqual({ mine: true, job: 3 });
    expect(jobFiltersOf(search)).toEqual({ mine: true });
    expect(hasJobFilters({ job: 3 })).toBe(false);
    expect(hasJobFilters(search)).toBe(true);
  });
});

describe('humanizeKey', () => {
  it('turns a summary key into words', () => {
    expect(humanizeKey('rows_deleted')).toBe('Rows deleted');
    expect(humanizeKey('bytes')).toBe('Bytes');
  });
});

describe('downloads', () => {
  it('recognises the API’s files, and reads the file name the server gave', () => {
    expect(fileIdOf('/api/v1/files/0193a2b4-0000-7000-8000-0000000f0041')).toBe('0193a2b4-0000-7000-8000-0000000f0041');
    expect(fileIdOf('/api/v1/files/../me')).toBeUndefined();
    expect(fileIdOf('https://files.example/0193a2b4-0000-7000-8000-0000000f0041')).toBeUndefined();
    expect(fileNameOf('attachment; filename="report 2026.pdf"')).toBe('report 2026.pdf');
    expect(fileNameOf("attachment; filename=\"rapport.pdf\"; filename*=UTF-8''rapport%20%C3%A9t%C3%A9.pdf")).toBe('rapport été.pdf');
    expect(fileNameOf('attachment; filename=plain.csv')).toBe('plain.csv');
    expect(fileNameOf('attachment')).toBeUndefined();
    expect(fileNameOf(null)).toBeUndefined();
  });
});
