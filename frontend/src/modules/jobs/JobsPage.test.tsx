import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { meFixture, problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { completedJobFixture, discardedJobFixture, jobFixture, jobListFixture, RESULT_FILE_ID } from './jobFixtures';
import type { Job, JobList } from './jobsApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const running = jobFixture();
const completed = completedJobFixture();
const discarded = discardedJobFixture();

const member = meFixture({ name: 'Emma Employee', permissions: [{ module: 'policies', level: 'read' }] });

function serveJobs(answer: (query: URLSearchParams) => JobList = () => jobListFixture([running, completed, discarded])) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/jobs'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      return HttpResponse.json(answer(query));
    }),
  );
  return seen;
}

function serveJob(job: Job | (() => Job)) {
  server.use(http.get(apiUrl('/jobs/:id'), () => HttpResponse.json(typeof job === 'function' ? job() : job)));
}

async function table() {
  return screen.findByRole('table', { name: 'Background jobs' });
}

function rowOf(container: HTMLElement, text: string): HTMLElement {
  const row = within(container).getByText(text).closest('tr');
  if (!row) throw new Error(`no row for ${text}`);
  return row;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('JobsPage', () => {
  it('is linked from the Administration page, whose address leads to the same page', async () => {
    serveSession();
    const seen = serveJobs();
    const first = renderApp('/administration');
    expect(await screen.findByRole('link', { name: 'Background jobs' })).toHaveAttribute('href', '/administration/jobs');
    first.unmount();

    const { router } = renderApp('/administration/jobs?state=running');
    await table();
    expect(router.state.location.pathname).toBe('/jobs');
    expect(router.state.location.search).toEqual({ state: 'running' });
    expect(seen[0]?.get('state')).toBe('running');
  });

  it('lists jobs with their state, progress, attempts and who started them', async () => {
    serveSession();
    const seen = serveJobs();
    renderApp('/jobs');
    const jobs = await table();
    expect(within(jobs).getAllByRole('row')).toHaveLength(4);

    const row = rowOf(jobs, 'Deleting events older than 2019-01-01');
    expect(within(row).getByText('Audit log purge')).toBeVisible();
    expect(within(row).getByText('Running')).toBeVisible();
    expect(within(row).getByRole('progressbar', { name: 'Progress of Audit log purge' })).toHaveAttribute(
      'aria-valuenow',
      '40',
    );
    expect(within(row).getByText('1 of 3')).toBeVisible();
    expect(within(row).getByText('Olivia Owner')).toBeVisible();

    const failed = rowOf(jobs, 'Webhook delivery');
    expect(within(failed).getByText('Failed')).toBeVisible();
    expect(within(failed).getByText('3 of 3')).toBeVisible();
    expect(within(failed).getByText('Schedule')).toBeVisible();

    expect(screen.getByRole('status')).toHaveTextContent('3 of 3 jobs');
    expect(Object.fromEntries(seen[0]!)).toEqual({ sort: '-created_at', limit: '50' });
  });

  it('sends the state, kind and "only mine" filters to the server and keeps them in the address', async () => {
    serveSession();
    const seen = serveJobs();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/jobs');
    await table();

    await user.click(screen.getByRole('combobox', { name: 'State' }));
    await user.click(await screen.findByRole('option', { name: 'Running' }));
    await waitFor(() => {
      expect(seen.at(-1)?.get('state')).toBe('running');
    });
    await user.click(screen.getByRole('combobox', { name: 'Kind' }));
    await user.click(await screen.findByRole('option', { name: 'Audit log purge' }));
    await waitFor(() => {
      expect(seen.at(-1)?.get('kind')).toBe('audit.purge');
    });
    await user.click(screen.getByRole('switch', { name: 'Only jobs I started' }));
    await waitFor(() => {
      expect(seen.at(-1)?.get('mine')).toBe('true');
    });
    expect(router.state.location.search).toEqual({ state: 'running', kind: 'audit.purge', mine: true });

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => {
      expect(router.state.location.search).toEqual({});
    });
  });

  it('is there for a member without administration rights, who sees the jobs they started', async () => {
    serveSession({ me: member });
    serveJobs(() => jobListFixture([running]));
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: /^Account menu/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Background jobs' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/jobs');
    });
    expect(await table()).toBeVisible();
    expect(screen.getByText('You see the jobs you started.')).toBeVisible();
    expect(screen.queryByRole('switch', { name: 'Only jobs I started' })).toBeNull();
    expect(screen.queryByText('No access to this module')).toBeNull();
  });

  it('reads the list again every 3 seconds while a job is unfinished, and stops when all are finished', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    serveSession();
    let current = running;
    const seen = serveJobs(() => jobListFixture([current, completed]));
    renderApp('/jobs');
    await table();
    expect(screen.getByTestId('jobs-live')).toBeVisible();
    const first = seen.length;

    current = { ...running, percent: 80, message: 'Almost there' };
    await act(() => vi.advanceTimersByTimeAsync(3_000));
    expect(await screen.findByText('Almost there')).toBeVisible();
    expect(seen.length).toBe(first + 1);

    current = { ...running, state: 'completed', percent: 100, message: 'done', finalized_at: '2026-11-22T10:10:00Z' };
    await act(() => vi.advanceTimersByTimeAsync(3_000));
    await waitFor(() => {
      expect(screen.queryByTestId('jobs-live')).toBeNull();
    });
    const settled = seen.length;
    await act(() => vi.advanceTimersByTimeAsync(9_000));
    expect(seen.length).toBe(settled);
  });

  it('opens a failed job with its errors per attempt, and runs it again', async () => {
    serveSession();
    serveJobs();
    let job = discarded;
    serveJob(() => job);
    const retried: string[] = [];
    server.use(
      http.post(apiUrl('/jobs/:id/retry'), ({ params }) => {
        retried.push(String(params.id));
        job = { ...discarded, state: 'available', attempt: 0, errors: [], finalized_at: null };
        return HttpResponse.json(job);
      }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/jobs');
    await table();
    await user.click(screen.getByRole('button', { name: 'Details of Webhook delivery #40' }));
    await waitFor(() => {
      expect(router.state.location.search).toEqual({ job: 40 });
    });
    const drawer = await screen.findByRole('dialog', { name: 'Webhook delivery #40' });
    const errors = within(drawer).getByRole('table', { name: 'Errors by attempt' });
    expect(within(errors).getAllByRole('row')).toHaveLength(4);
    expect(within(errors).getByText('receiver answered 503')).toBeVisible();
    expect(within(drawer).queryByRole('button', { name: 'Cancel the job' })).toBeNull();

    await user.click(within(drawer).getByRole('button', { name: 'Run it again' }));
    expect(await screen.findByText('Job #40 queued again.')).toBeVisible();
    expect(retried).toEqual(['40']);
    await waitFor(() => {
      expect(within(drawer).getByText('Queued')).toBeVisible();
    });
    expect(within(drawer).queryByRole('button', { name: 'Run it again' })).toBeNull();
    expect(within(drawer).getByRole('button', { name: 'Cancel the job' })).toBeVisible();
  });

  it('shows a completed job’s figures and the download of its result', async () => {
    serveSession();
    serveJobs();
    serveJob(completed);
    renderApp('/jobs?job=41');
    const drawer = await screen.findByRole('dialog', { name: 'Audit log purge #41' });
    const summary = await within(drawer).findByRole('table', { name: 'Result summary' });
    expect(within(summary).getByRole('rowheader', { name: 'Rows deleted' })).toBeVisible();
    expect(within(summary).getByText('1,200')).toBeVisible();
    expect(within(summary).getByText('audit_events')).toBeVisible();
    // The file needs the session's token: it is fetched, then handed to the browser under the server's name.
    const saved: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    });
    URL.createObjectURL = vi.fn(() => 'blob:opsdeck/result');
    URL.revokeObjectURL = vi.fn();
    const downloads: (string | null)[] = [];
    server.use(
      http.get(apiUrl('/files/:id'), ({ request, params }) => {
        downloads.push(request.headers.get('Authorization'));
        expect(params.id).toBe(RESULT_FILE_ID);
        return new HttpResponse('rows', {
          headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="audit-purge-41.csv"' },
        });
      }),
    );
    await userEvent.setup({ delay: null }).click(within(drawer).getByRole('button', { name: 'Download the result' }));
    await waitFor(() => {
      expect(saved).toEqual([{ href: 'blob:opsdeck/result', download: 'audit-purge-41.csv' }]);
    });
    expect(downloads).toEqual([expect.stringMatching(/^Bearer /)]);
    expect(within(drawer).getByText('No attempt failed.')).toBeVisible();
    expect(within(drawer).queryByRole('button', { name: 'Cancel the job' })).toBeNull();
    expect(within(drawer).queryByRole('button', { name: 'Run it again' })).toBeNull();
  });

  it('shows the server’s refusal to cancel a job that has just finished', async () => {
    serveSession();
    serveJobs();
    serveJob(running);
    server.use(
      http.post(apiUrl('/jobs/:id/cancel'), () =>
        problemResponse(
          problemFixture({ status: 409, title: 'Conflict', detail: 'The job has already finished.', request_id: 'req-409' }),
        ),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/jobs?job=42');
    const drawer = await screen.findByRole('dialog', { name: 'Audit log purge #42' });
    await user.click(await within(drawer).findByRole('button', { name: 'Cancel the job' }));
    const alert = await within(drawer).findByRole('alert');
    expect(alert).toHaveTextContent('Conflict');
    expect(alert).toHaveTextContent('The job has already finished.');
    expect(alert).toHaveTextContent('req-409');
  });

  it('hides cancel and retry from an administrator who may only read, except on their own jobs', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    serveJobs();
    serveJob(running);
    const user = userEvent.setup({ delay: null });
    renderApp('/jobs?job=42');
    const drawer = await screen.findByRole('dialog', { name: 'Audit log purge #42' });
    await within(drawer).findByText('Olivia Owner');
    expect(within(drawer).queryByRole('button', { name: 'Cancel the job' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await user.click(await screen.findByRole('switch', { name: 'Only jobs I started' }));
    await user.click(screen.getByRole('button', { name: 'Details of Audit log purge #42' }));
    expect(
      await within(await screen.findByRole('dialog', { name: 'Audit log purge #42' })).findByRole('button', {
        name: 'Cancel the job',
      }),
    ).toBeVisible();
  });

  it('says when there is no job, and explains a failed load', async () => {
    serveSession();
    serveJobs(() => jobListFixture([]));
    const first = renderApp('/jobs?state=discarded');
    expect(await screen.findByText('No job matches these filters')).toBeVisible();
    first.unmount();

    server.use(
      http.get(apiUrl('/jobs'), () =>
        problemResponse(problemFixture({ status: 500, title: 'Internal error', detail: 'The job queue is unavailable.' })),
      ),
    );
    renderApp('/jobs');
    expect(await screen.findByText('The job queue is unavailable.')).toBeVisible();
  });

  it('says that jobs belong to an organisation when there is none', async () => {
    serveSession({ me: meFixture({ organizations: [], active_organization_id: null, platform_level: 'admin' }) });
    const seen = serveJobs();
    renderApp('/jobs');
    expect(await screen.findByText('Background jobs belong to an organisation, and you are not working in one.')).toBeVisible();
    expect(seen).toHaveLength(0);
  });
});
