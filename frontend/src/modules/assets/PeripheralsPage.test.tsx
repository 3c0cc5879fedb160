import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { ann, assetFixture, BRUSSELS_ID, LATITUDE_ID, serveReferenceData } from './assetFixtures';
import { DOCK_ID, LAPTOP_ID, list, peripheralFixture, serveList, serveNoAttachments } from './inventoryFixtures';
import type { Peripheral } from './peripheralsApi';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

const dock = peripheralFixture();
const attached = peripheralFixture({
  id: '0193a2b4-0000-7000-8000-000000200002',
  name: 'Headset H-12',
  serial: 'H-12',
  status: 'in_use',
  asset_id: LAPTOP_ID,
  asset_name: 'LT-0042 Ann’s laptop',
  holder_id: ann.user_id,
  holder_name: 'Ann Lee',
});

describe('PeripheralsPage', () => {
  it('lists the peripherals, marks its section in the module navigation, and sends the address’s filters', async () => {
    serveSession();
    serveReferenceData();
    const seen = serveList('/peripherals', () => list([dock, attached]));
    server.use(http.get(apiUrl('/assets/:id'), () => HttpResponse.json(assetFixture())));
    const search = new URLSearchParams({
      status: JSON.stringify(['in_use', 'bogus']),
      holder_id: ann.user_id,
      asset_id: LAPTOP_ID,
      location_id: BRUSSELS_ID,
      model_id: LATITUDE_ID,
      q: 'dock',
      sort: '-warranty_end',
    });
    renderApp(`/assets/peripherals?${search.toString()}`);
    const table = await screen.findByRole('table', { name: 'Peripherals' }, { timeout: 15_000 });
    expect(within(table).getByRole('link', { name: 'Dock WD19 #7' })).toHaveAttribute(
      'href',
      `/assets/peripherals/${DOCK_ID}`,
    );
    expect(within(table).getByRole('link', { name: 'LT-0042 Ann’s laptop' })).toHaveAttribute(
      'href',
      `/assets/${LAPTOP_ID}`,
    );
    expect(screen.getByRole('status')).toHaveTextContent('2 of 2 peripherals');

    const query = seen[0]!;
    expect(query.getAll('status')).toEqual(['in_use']);
    expect(query.get('holder_id')).toBe(ann.user_id);
    expect(query.get('asset_id')).toBe(LAPTOP_ID);
    expect(query.get('location_id')).toBe(BRUSSELS_ID);
    expect(query.get('model_id')).toBe(LATITUDE_ID);
    expect(query.get('q')).toBe('dock');
    expect(query.get('sort')).toBe('-warranty_end');

    const nav = screen.getByRole('navigation', { name: 'Assets sections' });
    expect(within(nav).getByRole('link', { name: 'Peripherals' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Assets' })).not.toHaveAttribute('aria-current');
    for (const [name, href] of [
      ['Maintenance', '/assets/maintenance'],
      ['Disposals', '/assets/disposals'],
      ['Inventory', '/assets/inventory'],
      ['Software', '/assets/software'],
      ['Licences', '/assets/licences'],
      ['Configurations', '/assets/configurations'],
      ['Dashboard', '/assets/dashboard'],
      ['Reports', '/assets/reports'],
    ] as const) {
      expect(within(nav).getByRole('link', { name })).toHaveAttribute('href', href);
    }
  });

  it('adds a peripheral and puts the server’s refusals on the right fields', async () => {
    serveSession();
    serveReferenceData();
    serveList('/peripherals', () => list([dock]));
    const bodies: unknown[] = [];
    server.use(
      http.post(apiUrl('/peripherals'), async ({ request }) => {
        bodies.push(await request.json());
        return problemResponse(
          problemFixture({
            status: 422,
            title: 'Unprocessable entity',
            errors: [{ field: 'serial', code: 'duplicate', message: 'Another peripheral has this serial.' }],
          }),
        );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/assets/peripherals');
    await screen.findByRole('table', { name: 'Peripherals' });
    await user.click(screen.getByRole('button', { name: 'Add peripheral' }));
    const form = await screen.findByRole('form', { name: 'Add a peripheral' });
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Dock WD19 #8');
    const serial = within(form).getByRole('textbox', { name: /^Serial/ });
    await user.type(serial, 'WD19-0007');
    await user.click(within(form).getByRole('button', { name: 'Add peripheral' }));
    expect(await within(form).findByText('Another peripheral has this serial.')).toBeVisible();
    expect(serial).toHaveAttribute('aria-invalid', 'true');
    expect(bodies).toEqual([{ name: 'Dock WD19 #8', serial: 'WD19-0007' }]);
  });
});

describe('PeripheralDetailPage', () => {
  function servePeripheral(peripheral: Peripheral) {
    serveReferenceData();
    serveNoAttachments();
    server.use(
      http.get(apiUrl('/peripherals/:id'), () =>
        HttpResponse.json(peripheral, { headers: { ETag: `"${String(peripheral.version)}"` } }),
      ),
    );
  }

  it('shows the server’s reason when an attached peripheral is checked out', async () => {
    serveSession();
    const docked = peripheralFixture({ asset_id: LAPTOP_ID, asset_name: 'LT-0042 Ann’s laptop' });
    servePeripheral(docked);
    const sent: { ifMatch: string | null; body: unknown }[] = [];
    server.use(
      http.post(apiUrl('/peripherals/:id/check-out'), async ({ request }) => {
        sent.push({ ifMatch: request.headers.get('If-Match'), body: await request.json() });
        return problemResponse(
          problemFixture({
            status: 409,
            title: 'Conflict',
            detail: 'This peripheral is attached to LT-0042 Ann’s laptop: detach it first.',
          }),
        );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(`/assets/peripherals/${DOCK_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Dock WD19 #7' })).toBeVisible();
    expect(screen.getByText(/Attached to LT-0042 Ann’s laptop: it follows that asset/)).toBeVisible();
    const nav = screen.getByRole('navigation', { name: 'Assets sections' });
    expect(within(nav).getByRole('link', { name: 'Peripherals' })).toHaveAttribute('aria-current', 'page');

    const actions = screen.getByRole('region', { name: 'Actions' });
    await user.click(within(actions).getByRole('button', { name: 'Check out' }));
    const form = await screen.findByRole('form', { name: 'Check out Dock WD19 #7' });
    await user.click(within(form).getByRole('combobox', { name: /^Person/ }));
    await user.click(await screen.findByRole('option', { name: 'Ann Lee (ann.lee@acme-energy.example)' }));
    await user.click(within(form).getByRole('button', { name: 'Check out' }));

    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('This peripheral is attached to LT-0042 Ann’s laptop: detach it first.');
    expect(sent).toEqual([
      { ifMatch: '"2"', body: { user_id: ann.user_id, location_id: BRUSSELS_ID, remote: false } },
    ]);
  });

  it('lists the peripheral’s maintenance in its tab', async () => {
    serveSession();
    servePeripheral(dock);
    const seen = serveList('/maintenance-logs', () => list([]));
    const { router } = renderApp(`/assets/peripherals/${DOCK_ID}?tab=maintenance`);
    expect(await screen.findByText('No maintenance logged for this item.')).toBeVisible();
    expect(seen[0]?.get('peripheral_id')).toBe(DOCK_ID);
    expect(screen.getByRole('button', { name: 'Add maintenance' })).toBeVisible();
    await waitFor(() => {
      expect(router.state.location.search).toEqual({ tab: 'maintenance' });
    });
  });
});
