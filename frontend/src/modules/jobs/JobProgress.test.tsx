import { act, configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { completedJobFixture, discardedJobFixture, jobFixture } from './jobFixtures';
import { JobProgress } from './JobProgress';
import type { Job } from './jobsApi';

configure({ asyncUtilTimeout: 5000 });

/** Answers the jobs of `states` in turn (the last one stays), counting the requests. */
function serveJobSequence(states: Job[]) {
  let index = 0;
  const requests: string[] = [];
  server.use(
    http.get(apiUrl('/jobs/:id'), ({ params }) => {
      requests.push(String(params.id));
      const job = states[Math.min(index, states.length - 1)]!;
      index += 1;
      return HttpResponse.json(job);
    }),
  );
  return requests;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('JobProgress', () => {
  it('follows a job every 3 seconds until it finishes, then tells the caller once', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const queued = jobFixture({ id: 7, state: 'available', percent: 0, message: '', attempted_at: null });
    const halfway = jobFixture({ id: 7, percent: 50, message: 'Sending the test event' });
    const done = completedJobFixture({ id: 7 });
    const requests = serveJobSequence([queued, halfway, done]);
    const onFinished = vi.fn();
    renderWithProviders(<JobProgress jobId={7} onFinished={onFinished} />);

    expect(await screen.findByText('Queued')).toBeVisible();
    expect(screen.getByRole('progressbar', { name: 'Progress of Audit log purge' })).toHaveAttribute('aria-valuenow', '0');
    expect(screen.getByText('0 % done')).toBeVisible();

    await act(() => vi.advanceTimersByTimeAsync(3_000));
    expect(await screen.findByText('Sending the test event')).toBeVisible();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '50');

    await act(() => vi.advanceTimersByTimeAsync(3_000));
    expect(await screen.findByText('Completed.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Download the result' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Open in the job monitor' })).toHaveAttribute('href', '/jobs?job=7');
    await waitFor(() => {
      expect(onFinished).toHaveBeenCalledTimes(1);
    });
    expect(onFinished).toHaveBeenCalledWith(expect.objectContaining({ id: 7, state: 'completed' }));

    // Finished: nothing more to ask.
    await act(() => vi.advanceTimersByTimeAsync(9_000));
    expect(requests).toHaveLength(3);
    expect(onFinished).toHaveBeenCalledTimes(1);
  });

  it('shows why a job failed', async () => {
    serveJobSequence([discardedJobFixture()]);
    renderWithProviders(<JobProgress jobId={40} withMonitorLink={false} />);
    expect(await screen.findByText('The job failed')).toBeVisible();
    expect(screen.getByText('timeout after 10s')).toBeVisible();
    expect(screen.getByText('Failed after every attempt.')).toBeVisible();
    expect(screen.queryByRole('link', { name: 'Open in the job monitor' })).toBeNull();
  });

  it('links to a result elsewhere, and not to an address that is not http(s) or a path of the site', async () => {
    serveJobSequence([completedJobFixture({ result: { href: 'https://files.example/report.pdf', summary: {} } })]);
    const first = renderWithProviders(<JobProgress jobId={41} />);
    expect(await screen.findByRole('link', { name: 'Download the result' })).toHaveAttribute(
      'href',
      'https://files.example/report.pdf',
    );
    first.unmount();

    serveJobSequence([completedJobFixture({ result: { href: 'javascript:alert(1)', summary: {} } })]);
    renderWithProviders(<JobProgress jobId={41} />);
    expect(await screen.findByText('Completed.')).toBeVisible();
    expect(screen.queryByRole('link', { name: 'Download the result' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Download the result' })).toBeNull();
  });

  it('says when the result cannot be downloaded', async () => {
    serveJobSequence([completedJobFixture()]);
    server.use(
      http.get(apiUrl('/files/:id'), () =>
        problemResponse(problemFixture({ status: 404, title: 'Not found', detail: 'The file has expired (kept 7 days).' })),
      ),
    );
    renderWithProviders(<JobProgress jobId={41} />);
    await userEvent.setup({ delay: null }).click(await screen.findByRole('button', { name: 'Download the result' }));
    expect(await screen.findByText('The file has expired (kept 7 days).')).toBeVisible();
  });

  it('explains a job that cannot be read, and stops asking', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let requests = 0;
    server.use(
      http.get(apiUrl('/jobs/:id'), () => {
        requests += 1;
        return problemResponse(problemFixture({ status: 404, title: 'Not found', detail: 'No job 99 here.' }));
      }),
    );
    renderWithProviders(<JobProgress jobId={99} />);
    expect(await screen.findByText('No job 99 here.')).toBeVisible();
    await act(() => vi.advanceTimersByTimeAsync(9_000));
    expect(requests).toBe(1);
  });
});
