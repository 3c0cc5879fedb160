import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { completedJobFixture, discardedJobFixture, jobFixture, RESULT_FILE_ID } from '../jobs/jobFixtures';
import type { Job } from '../jobs/jobsApi';
import { ExportMenu } from './ExportMenu';

const EXPORT_JOB = 91;

/** POST /exports recording each body, and GET /jobs/91 answering `states` in turn (the last one stays). */
function serveExport(states: Job[]) {
  const bodies: unknown[] = [];
  const reads: number[] = [];
  server.use(
    http.post(apiUrl('/exports'), async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json({ job_id: EXPORT_JOB }, { status: 202 });
    }),
    http.get(apiUrl('/jobs/:id'), ({ params }) => {
      const id = Number(params.id);
      expect(id).toBe(EXPORT_JOB);
      const job = states[Math.min(reads.length, states.length - 1)]!;
      reads.push(id);
      return HttpResponse.json(job);
    }),
  );
  return { bodies, reads };
}

/** Records what the browser is asked to save (the anchor's click), without a download. */
function captureSaves() {
  const saved: { href: string; download: string }[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ href: this.href, download: this.download });
  });
  Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:opsdeck/export'), revokeObjectURL: vi.fn() });
  return saved;
}

describe('ExportMenu', () => {
  it('starts the export in the chosen format, follows its job and downloads the file through the API', async () => {
    const running = jobFixture({ id: EXPORT_JOB, kind: 'exports.run', percent: 50, message: 'Writing 1,200 assets' });
    const done = completedJobFixture({
      id: EXPORT_JOB,
      kind: 'exports.run',
      result: { href: `/api/v1/files/${RESULT_FILE_ID}`, summary: { rows: 1200 } },
    });
    const { bodies, reads } = serveExport([running, done]);
    const files: string[] = [];
    server.use(
      http.get(apiUrl('/files/:id'), ({ params }) => {
        files.push(String(params.id));
        return new HttpResponse('PK', {
          headers: {
            'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'Content-Disposition': 'attachment; filename="assets-2026-11-22.xlsx"',
          },
        });
      }),
    );
    const saved = captureSaves();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<ExportMenu entity="asset" />);

    await user.click(await screen.findByRole('button', { name: 'Export' }));
    const archived = await screen.findByRole('menuitemcheckbox', { name: 'Include archived records' });
    expect(archived).toHaveAttribute('aria-checked', 'false');
    await user.click(archived);
    // The menu stays open for the choice of format.
    expect(screen.getByRole('menuitemcheckbox', { name: 'Include archived records' })).toHaveAttribute('aria-checked', 'true');
    await user.click(screen.getByRole('menuitem', { name: 'Excel (XLSX)' }));

    await waitFor(() => {
      expect(bodies).toEqual([{ entity: 'asset', format: 'xlsx', include_archived: true }]);
    });
    expect(await screen.findByText('Export to Excel (XLSX)')).toBeVisible();
    expect(await screen.findByText('Writing 1,200 assets')).toBeVisible();

    expect(await screen.findByText('Export ready')).toBeVisible();
    expect(screen.getByText('The file has been downloaded.')).toBeVisible();
    expect(reads).toEqual([EXPORT_JOB, EXPORT_JOB]);
    expect(files).toEqual([RESULT_FILE_ID]);
    expect(saved).toEqual([{ href: 'blob:opsdeck/export', download: 'assets-2026-11-22.xlsx' }]);
  });

  it('exports CSV without archived records by default, and says why a failed job made no file', async () => {
    const { bodies } = serveExport([discardedJobFixture({ id: EXPORT_JOB, kind: 'exports.run' })]);
    const saved = captureSaves();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<ExportMenu entity="asset" />);

    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: 'CSV' }));
    await waitFor(() => {
      expect(bodies).toEqual([{ entity: 'asset', format: 'csv', include_archived: false }]);
    });
    expect(await screen.findByText('The export failed')).toBeVisible();
    expect(screen.getByText('timeout after 10s')).toBeVisible();
    expect(saved).toEqual([]);
  });

  it('shows the server’s refusal to start the export', async () => {
    server.use(
      http.post(apiUrl('/exports'), () =>
        problemResponse(
          problemFixture({ status: 403, title: 'Forbidden', detail: 'Needs read on assets.', request_id: 'req-export' }),
        ),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<ExportMenu entity="asset" />);
    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: 'CSV' }));
    expect(await screen.findByText('Needs read on assets.')).toBeVisible();
    expect(screen.getByText('Forbidden')).toBeVisible();
    expect(screen.getByText(/req-export/)).toBeVisible();
  });
  it('exports only the chosen records when given ids, without the archived switch', async () => {
    const done = completedJobFixture({
      id: EXPORT_JOB,
      kind: 'exports.run',
      result: { href: `/api/v1/files/${RESULT_FILE_ID}`, summary: { rows: 2 } },
    });
    const { bodies } = serveExport([done]);
    server.use(http.get(apiUrl('/files/:id'), () => new HttpResponse('asset_tag\n', { headers: { 'Content-Type': 'text/csv' } })));
    captureSaves();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<ExportMenu entity="asset" ids={['a-1', 'a-2']} />);

    await user.click(await screen.findByRole('button', { name: 'Export selection' }));
    expect(await screen.findByText('Download the 2 selected as')).toBeVisible();
    expect(screen.queryByRole('menuitemcheckbox', { name: 'Include archived records' })).toBeNull();
    await user.click(screen.getByRole('menuitem', { name: 'CSV' }));
    await waitFor(() => {
      expect(bodies).toEqual([{ entity: 'asset', format: 'csv', include_archived: false, ids: ['a-1', 'a-2'] }]);
    });
  });
});
