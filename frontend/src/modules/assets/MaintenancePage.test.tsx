import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { ann, assetFixture, assetListFixture, serveReferenceData } from './assetFixtures';
import { LAPTOP_ID, list, LOG_ID, maintenanceLogFixture, serveList, serveNoAttachments } from './inventoryFixtures';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 45_000 });

const repair = maintenanceLogFixture();
const erasure = maintenanceLogFixture({
  id: '0193a2b4-0000-7000-8000-000000300002',
  type: 'data_erasure',
  title: 'Disk wiped before recycling',
  erasure_method: 'purge',
  erasure_verified_by: 'GreenIT Recycling',
  cost: null,
  currency: null,
});

describe('MaintenancePage', () => {
  it('sends the erasure register’s filters to the server, and the whole list without the preset type', async () => {
    serveSession();
    serveReferenceData();
    const seen = serveList('/maintenance-logs', (query) =>
      list(query.getAll('type').includes('data_erasure') ? [erasure] : [repair, erasure]),
    );
    const search = new URLSearchParams({
      view: 'erasure',
      status: JSON.stringify(['done']),
      assignee_id: ann.user_id,
      from: '2026-01-01',
      to: '2026-12-31',
      sort: 'title',
    });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(`/assets/maintenance?${search.toString()}`);
    const register = await screen.findByRole('table', { name: 'Erasure register' }, { timeout: 15_000 });
    expect(screen.getByRole('heading', { level: 1, name: 'Erasure register' })).toBeVisible();
    const row = within(register).getByRole('link', { name: 'Disk wiped before recycling' }).closest('tr')!;
    expect(within(row).getByText('Purge (cryptographic or firmware erase)')).toBeVisible();
    expect(within(row).getByText('GreenIT Recycling')).toBeVisible();
    const query = seen[0]!;
    expect(query.getAll('type')).toEqual(['data_erasure']);
    expect(query.getAll('status')).toEqual(['done']);
    expect(query.get('assignee_id')).toBe(ann.user_id);
    expect(query.get('from')).toBe('2026-01-01');
    expect(query.get('to')).toBe('2026-12-31');
    expect(query.get('sort')).toBe('title');

    await user.click(screen.getByRole('radio', { name: 'All maintenance' }));
    const all = await screen.findByRole('table', { name: 'Maintenance logs' });
    expect(within(all).getByRole('link', { name: 'Keyboard replaced' })).toHaveAttribute(
      'href',
      `/assets/maintenance/${LOG_ID}`,
    );
    expect(seen.at(-1)?.getAll('type')).toEqual([]);
    expect(seen.at(-1)?.getAll('status')).toEqual(['done']);
    await waitFor(() => {
      expect(router.state.location.search).not.toHaveProperty('view');
    });
  });

  it('asks for the erasure method of a finished erasure, then shows the server’s field errors', async () => {
    serveSession();
    serveReferenceData();
    serveList('/maintenance-logs', () => list([]));
    server.use(http.get(apiUrl('/assets'), () => HttpResponse.json(assetListFixture([assetFixture()]))));
    const bodies: unknown[] = [];
    server.use(
      http.post(apiUrl('/maintenance-logs'), async ({ request }) => {
        bodies.push(await request.json());
        return problemResponse(
          problemFixture({
            status: 422,
            title: 'Unprocessable entity',
            errors: [
              { field: 'erasure_verified_by', code: 'not_verified', message: 'Say who verified the erasure.' },
              { field: 'asset_id', code: 'archived', message: 'This asset is archived.' },
            ],
          }),
        );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/assets/maintenance?view=erasure');
    await user.click(await screen.findByRole('button', { name: 'Record an erasure' }, { timeout: 15_000 }));
    const form = await screen.findByRole('form', { name: 'Add maintenance' });
    // The register presets the type: the erasure details are asked.
    expect(within(form).getByRole('combobox', { name: /^Type/ })).toHaveValue('Data erasure');

    await user.click(within(form).getByRole('combobox', { name: /^Asset/ }));
    await user.click(await screen.findByRole('option', { name: 'LT-0042 Ann’s laptop' }));
    await user.type(within(form).getByRole('textbox', { name: /^Title/ }), 'Disk wiped');
    await user.click(within(form).getByRole('combobox', { name: /^Status/ }));
    await user.click(await screen.findByRole('option', { name: 'Done' }));
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    expect(await within(form).findByText('A finished erasure needs its method.')).toBeVisible();
    expect(bodies).toHaveLength(0);

    await user.click(within(form).getByRole('combobox', { name: /^Erasure method/ }));
    await user.click(await screen.findByRole('option', { name: 'Clear (overwrite)' }));
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    expect(await within(form).findByText('Say who verified the erasure.')).toBeVisible();
    expect(within(form).getByRole('textbox', { name: /^Verified by/ })).toHaveAttribute('aria-invalid', 'true');
    // The item's error goes to the item picker.
    expect(within(form).getByText('This asset is archived.')).toBeVisible();
    expect(within(form).getByRole('combobox', { name: /^Asset/ })).toHaveAttribute('aria-invalid', 'true');
    expect(bodies).toEqual([
      expect.objectContaining({
        asset_id: LAPTOP_ID,
        type: 'data_erasure',
        status: 'done',
        title: 'Disk wiped',
        erasure_method: 'clear',
      }),
    ]);
  });
});

describe('MaintenanceDetailPage', () => {
  it('shows the log with its item, ticket and evidence', async () => {
    serveSession();
    serveReferenceData();
    serveNoAttachments();
    server.use(
      http.get(apiUrl('/maintenance-logs/:id'), () => HttpResponse.json(repair, { headers: { ETag: '"1"' } })),
    );
    renderApp(`/assets/maintenance/${LOG_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Keyboard replaced' }, { timeout: 15_000 })).toBeVisible();
    const details = screen.getByRole('region', { name: 'Details' });
    expect(within(details).getByRole('link', { name: 'LT-0042 Ann’s laptop' })).toHaveAttribute('href', `/assets/${LAPTOP_ID}`);
    expect(within(details).getByRole('link', { name: /desk\.example\/T-1234/ })).toHaveAttribute(
      'href',
      'https://desk.example/T-1234',
    );
    expect(within(details).getByText('€89.00')).toBeVisible();
    expect(screen.getByRole('region', { name: 'Evidence' })).toBeVisible();
    const nav = screen.getByRole('navigation', { name: 'Assets sections' });
    expect(within(nav).getByRole('link', { name: 'Maintenance' })).toHaveAttribute('aria-current', 'page');
  });
});
