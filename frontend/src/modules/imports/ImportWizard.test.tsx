import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderApp, renderWithProviders } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { jobFixture } from '../jobs/jobFixtures';
import {
  APPLY_ID,
  DRY_RUN_ID,
  importColumnsFixture,
  importFixture,
  reportFixture,
  rowErrorsFixture,
} from './importFixtures';
import { type Import, validateImportSearch } from './importsApi';
import { ImportWizard } from './ImportWizard';

interface Upload {
  entity: FormDataEntryValue | null;
  dryRun: FormDataEntryValue | null;
  content: string;
}

/**
 * An import API: the columns, POST /imports recording each upload (answering `refs` in turn), and GET /imports/{id}
 * answering each id's states in turn (the last one stays).
 */
function serveImports({ states }: { states: Record<string, Import[]> }) {
  const uploads: Upload[] = [];
  const reads: string[] = [];
  const refs = Object.keys(states);
  const served: Record<string, number> = {};
  server.use(
    http.get(apiUrl('/imports/columns'), ({ request }) => {
      expect(new URL(request.url).searchParams.get('entity')).toBe('asset');
      return HttpResponse.json(importColumnsFixture());
    }),
    http.post(apiUrl('/imports'), async ({ request }) => {
      expect(request.headers.get('Content-Type')).toMatch(/^multipart\/form-data; boundary=/);
      const form = await request.formData();
      const file = form.get('file');
      uploads.push({
        entity: form.get('entity'),
        dryRun: form.get('dry_run'),
        content: typeof file === 'string' || file === null ? String(file) : await file.text(),
      });
      const id = refs[Math.min(uploads.length - 1, refs.length - 1)]!;
      return HttpResponse.json({ id, job_id: 77 + uploads.length }, { status: 202 });
    }),
    http.get(apiUrl('/imports/:id'), ({ params }) => {
      const id = String(params.id);
      reads.push(id);
      const sequence = states[id];
      if (!sequence) return problemResponse(problemFixture({ status: 404, title: 'Not found' }));
      const index = served[id] ?? 0;
      served[id] = index + 1;
      return HttpResponse.json(sequence[Math.min(index, sequence.length - 1)]);
    }),
    http.get(apiUrl('/jobs/:id'), ({ params }) =>
      HttpResponse.json(jobFixture({ id: Number(params.id), kind: 'imports.run', percent: 0, message: '' })),
    ),
  );
  return { uploads, reads };
}

const CSV = 'asset_tag,name,status\nA-1,Laptop,in_use\n';

function csvFile(content = CSV, name = 'assets.csv'): File {
  return new File([content], name, { type: 'text/csv' });
}

function fileInput(): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  return input;
}

/** The figure of the report named `label` (a <dt>), as shown (its <dd>). */
function figure(label: string): string {
  const term = screen.getAllByRole('term').find((element) => element.textContent === label);
  if (!term) throw new Error(`no figure ${label}`);
  return term.nextElementSibling?.textContent ?? '';
}

/** A blob's text, byte order mark included (jsdom's Blob has no text()). */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      resolve(new TextDecoder('utf-8', { ignoreBOM: true }).decode(reader.result as ArrayBuffer));
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error('unreadable blob'));
    };
    reader.readAsArrayBuffer(blob);
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ImportWizard', () => {
  it('shows the expected columns and builds the template’s header row from them', async () => {
    serveImports({ states: {} });
    const saved: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    });
    const blobs: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: vi.fn((blob: Blob) => {
        blobs.push(blob);
        return 'blob:opsdeck/template';
      }),
      revokeObjectURL: vi.fn(),
    });
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<ImportWizard entity="asset" />);

    const table = await screen.findByRole('table', { name: 'Expected columns' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]?.textContent)).toEqual([
      'asset_tag',
      'name',
      'status',
      'cf_cost centre',
    ]);
    expect(within(rows[0]!).getByText('Required')).toBeVisible();
    expect(within(rows[2]!).getByText('Optional')).toBeVisible();
    expect(within(rows[2]!).getByText(/in_stock, in_use/)).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Download a template' }));
    expect(saved).toEqual([{ href: 'blob:opsdeck/template', download: 'asset-import-template.csv' }]);
    expect(blobs).toHaveLength(1);
    const text = await readBlob(blobs[0]!);
    // A BOM for Excel, then the header row only.
    expect(text).toBe('\uFEFFasset_tag,name,status,cf_cost centre\r\n');
  });

  it('refuses a file that is neither CSV nor XLSX before sending anything', async () => {
    const { uploads } = serveImports({ states: {} });
    const user = userEvent.setup({ delay: null, applyAccept: false });
    renderWithProviders(<ImportWizard entity="asset" />);
    await screen.findByRole('table', { name: 'Expected columns' });
    await user.upload(fileInput(), new File(['x'], 'assets.txt', { type: 'text/plain' }));
    expect(await screen.findByText('Choose a .csv or .xlsx file.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Check the file' })).toBeDisabled();
    expect(uploads).toHaveLength(0);
  });

  it('checks the file, lists the problems by line and column, and keeps Apply disabled', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const errors = rowErrorsFixture(25);
    const { uploads, reads } = serveImports({
      states: {
        [DRY_RUN_ID]: [
          importFixture({ state: 'running', report: null, finished_at: null }),
          importFixture({ report: reportFixture({ rows: 40, created: 0, updated: 0, unchanged: 15, error_count: 1500, errors }) }),
        ],
      },
    });
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<ImportWizard entity="asset" />);
    await screen.findByRole('table', { name: 'Expected columns' });

    await user.upload(fileInput(), csvFile());
    await user.click(screen.getByRole('button', { name: 'Check the file' }));

    // The upload is a multipart form with the file itself, as a dry run.
    await waitFor(() => {
      expect(uploads).toEqual([{ entity: 'asset', dryRun: 'true', content: CSV }]);
    });
    expect(await screen.findByText('Checking every row…')).toBeVisible();
    expect(screen.getByRole('progressbar', { name: 'Progress of the check' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Apply the import' })).toBeDisabled();

    // Read again every second until done.
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    const table = await screen.findByRole('table', { name: 'Problems found' });
    expect(reads).toEqual([DRY_RUN_ID, DRY_RUN_ID]);
    expect(screen.getByRole('alert')).toHaveTextContent('1500 problems found');
    expect(screen.getByRole('alert')).toHaveTextContent('Nothing will be written until the file is fixed.');
    expect(figure('Rows read')).toBe('40');
    expect(figure('Would create')).toBe('0');
    expect(figure('Unchanged')).toBe('15');
    expect(figure('Problems')).toBe('1,500');
    expect(screen.getByText('1,500 problems in all: only the first 25 are listed.')).toBeVisible();

    // First page of 20, the whole-row problem first.
    let rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toHaveTextContent('2(whole row)the row has 4 cells, the header 3');
    expect(rows[1]).toHaveTextContent('3nameline 3: name is required');
    expect(screen.getByText('1–20 of 25')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Page 2' }));
    rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);
    expect(screen.getByText('21–25 of 25')).toBeVisible();

    // Filtered by column: back to the first page.
    await user.click(screen.getByRole('combobox', { name: 'Column' }));
    await user.click(await screen.findByRole('option', { name: 'status' }));
    rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row).toHaveTextContent(/status.*unknown status/);
    expect(screen.getByText('1–8 of 8')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Page 2' })).toBeNull();

    // Nothing to apply; the only way on is another file.
    expect(screen.getByRole('button', { name: 'Apply the import' })).toBeDisabled();
    expect(screen.getByText('The import can be applied once the check finds no problem.')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Choose another file' }));
    expect(await screen.findByRole('button', { name: 'Check the file' })).toBeDisabled();
    expect(uploads).toHaveLength(1);
  });

  it('applies a clean file: sends the same file again for real and shows what it wrote', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { uploads } = serveImports({
      states: {
        [DRY_RUN_ID]: [importFixture()],
        [APPLY_ID]: [
          importFixture({ id: APPLY_ID, dry_run: false, state: 'queued', report: null, finished_at: null }),
          importFixture({
            id: APPLY_ID,
            dry_run: false,
            report: reportFixture({ dry_run: false, applied: true, created: 3, updated: 2, unchanged: 7 }),
          }),
        ],
      },
    });
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<ImportWizard entity="asset" />);
    await screen.findByRole('table', { name: 'Expected columns' });
    await user.upload(fileInput(), csvFile());
    await user.click(screen.getByRole('button', { name: 'Check the file' }));

    expect(await screen.findByText('The file is ready')).toBeVisible();
    expect(screen.getByText(/No problem in the file \(12 rows\)\. Nothing has been written yet/)).toBeVisible();
    expect(figure('Would create')).toBe('3');
    expect(figure('Would update')).toBe('2');
    expect(screen.queryByRole('table', { name: 'Problems found' })).toBeNull();

    const apply = screen.getByRole('button', { name: 'Apply the import' });
    expect(apply).toBeEnabled();
    await user.click(apply);
    await waitFor(() => {
      expect(uploads).toEqual([
        { entity: 'asset', dryRun: 'true', content: CSV },
        { entity: 'asset', dryRun: 'false', content: CSV },
      ]);
    });
    expect(await screen.findByText('Waiting to start…')).toBeVisible();

    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(await screen.findByText('Import complete')).toBeVisible();
    expect(screen.getByText('The changes were written.')).toBeVisible();
    expect(figure('Created')).toBe('3');
    expect(figure('Updated')).toBe('2');
    expect(figure('Unchanged')).toBe('7');
    expect(screen.getByRole('link', { name: 'Go to the assets' })).toHaveAttribute('href', '/assets');
    expect(screen.queryByRole('button', { name: 'Apply the import' })).toBeNull();
  });

  it('explains an upload the server refuses as too large', async () => {
    serveImports({ states: {} });
    server.use(
      http.post(apiUrl('/imports'), () =>
        problemResponse(
          problemFixture({
            status: 413,
            title: 'Payload too large',
            detail: 'The upload is larger than 52428800 bytes.',
            request_id: 'req-413',
          }),
        ),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<ImportWizard entity="asset" />);
    await screen.findByRole('table', { name: 'Expected columns' });
    await user.upload(fileInput(), csvFile());
    await user.click(screen.getByRole('button', { name: 'Check the file' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The file is too large');
    expect(alert).toHaveTextContent('Split the file and import each part.');
    expect(alert).toHaveTextContent('The upload is larger than 52428800 bytes.');
    expect(alert).toHaveTextContent('req-413');
    // Still on the first step, with the file: the user can choose a smaller one.
    expect(screen.getByRole('button', { name: 'Check the file' })).toBeEnabled();
  });

  it('explains a refusal for lack of permission and a file the server rejects', async () => {
    serveImports({ states: {} });
    let answer = 0;
    server.use(
      http.post(apiUrl('/imports'), () => {
        answer += 1;
        return answer === 1
          ? problemResponse(problemFixture({ status: 403, title: 'Forbidden', detail: 'Needs write on assets.' }))
          : problemResponse(
              problemFixture({
                status: 422,
                title: 'Unprocessable entity',
                detail: 'No file was sent.',
                errors: [{ field: 'file', code: 'required', message: 'is required' }],
              }),
            );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<ImportWizard entity="asset" />);
    await screen.findByRole('table', { name: 'Expected columns' });
    await user.upload(fileInput(), csvFile());
    await user.click(screen.getByRole('button', { name: 'Check the file' }));
    let alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('You may not import these records');
    expect(alert).toHaveTextContent('Needs write on assets.');

    await user.click(screen.getByRole('button', { name: 'Check the file' }));
    await waitFor(() => {
      expect(screen.getByRole('alert')).toHaveTextContent('The file was refused');
    });
    alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('No file was sent.');
    expect(alert).toHaveTextContent('file is required');
  });

  it('is the page at /assets/import', async () => {
    serveImports({ states: {} });
    renderApp('/assets/import');
    expect(await screen.findByRole('heading', { level: 1, name: 'Import assets' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Back to the assets' })).toHaveAttribute('href', '/assets');
    expect(await screen.findByRole('table', { name: 'Expected columns' })).toBeVisible();
  });

  it('imports the other files of the module at /assets/import?entity=…, and anything unknown means assets', async () => {
    const asked: (string | null)[] = [];
    server.use(
      http.get(apiUrl('/imports/columns'), ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('entity'));
        return HttpResponse.json(importColumnsFixture());
      }),
    );
    renderApp('/assets/import?entity=peripheral');
    expect(await screen.findByRole('heading', { level: 1, name: 'Import peripherals' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Back to the peripherals' })).toHaveAttribute('href', '/assets/peripherals');
    await waitFor(() => expect(asked).toContain('peripheral'));
  });
});

describe('validateImportSearch', () => {
  it('keeps a known entity other than assets and drops the rest', () => {
    expect(validateImportSearch({ entity: 'location' })).toEqual({ entity: 'location' });
    expect(validateImportSearch({ entity: 'asset_model' })).toEqual({ entity: 'asset_model' });
    expect(validateImportSearch({ entity: 'asset' })).toEqual({ entity: undefined });
    expect(validateImportSearch({ entity: 'toaster' })).toEqual({ entity: undefined });
    expect(validateImportSearch({ entity: 42 })).toEqual({ entity: undefined });
  });
});
