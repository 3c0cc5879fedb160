import { configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../test/render';
import { apiUrl, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { assetFixture, serveReferenceData } from './assetFixtures';
import {
  disposalFixture,
  DOCK_ID,
  LAPTOP_ID,
  list,
  maintenanceLogFixture,
  peripheralFixture,
  serveList,
} from './inventoryFixtures';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 45_000 });

function serveLaptop() {
  serveReferenceData();
  const laptop = assetFixture();
  server.use(http.get(apiUrl('/assets/:id'), () => HttpResponse.json(laptop, { headers: { ETag: '"3"' } })));
}

describe('AssetDetailPage, maintenance and peripherals', () => {
  it('lists the asset’s maintenance, and adds a log for it without asking which item', async () => {
    serveSession();
    serveLaptop();
    const seen = serveList('/maintenance-logs', () => list([maintenanceLogFixture()]));
    const bodies: unknown[] = [];
    server.use(
      http.post(apiUrl('/maintenance-logs'), async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        return HttpResponse.json(maintenanceLogFixture({ title: String(body.title) }), { status: 201 });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(`/assets/${LAPTOP_ID}?tab=maintenance`);
    const table = await screen.findByRole('table', { name: 'Maintenance logs' }, { timeout: 15_000 });
    expect(within(table).getByRole('link', { name: 'Keyboard replaced' })).toBeVisible();
    expect(within(table).getByText('€89.00')).toBeVisible();
    expect(seen[0]?.get('asset_id')).toBe(LAPTOP_ID);
    // The asset's page belongs to the Assets section.
    const nav = screen.getByRole('navigation', { name: 'Assets sections' });
    expect(within(nav).getByRole('link', { name: 'Assets' })).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByRole('button', { name: 'Add maintenance' }));
    const form = await screen.findByRole('form', { name: 'Add maintenance' });
    expect(within(form).getByText('LT-0042 Ann’s laptop')).toBeVisible();
    expect(within(form).queryByRole('radio', { name: 'Peripheral' })).toBeNull();
    await user.type(within(form).getByRole('textbox', { name: /^Title/ }), 'Battery swap');
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('“Battery swap” added.')).toBeVisible();
    expect(bodies).toEqual([
      expect.objectContaining({ asset_id: LAPTOP_ID, type: 'repair', status: 'scheduled', title: 'Battery swap' }),
    ]);
  });

  it('lists the peripherals attached to the asset', async () => {
    serveSession();
    serveLaptop();
    const seen = serveList('/peripherals', () =>
      list([peripheralFixture({ asset_id: LAPTOP_ID, asset_name: 'LT-0042 Ann’s laptop' })]),
    );
    renderApp(`/assets/${LAPTOP_ID}?tab=peripherals`);
    const table = await screen.findByRole('table', { name: 'Peripherals' }, { timeout: 15_000 });
    expect(within(table).getByRole('link', { name: 'Dock WD19 #7' })).toHaveAttribute('href', `/assets/peripherals/${DOCK_ID}`);
    // The asset's own page does not repeat the asset.
    expect(within(table).queryByRole('columnheader', { name: 'Attached to' })).toBeNull();
    expect(seen[0]?.get('asset_id')).toBe(LAPTOP_ID);
    expect(screen.getByRole('button', { name: 'Add peripheral' })).toBeVisible();
  });

  it('leads a disposed asset to its disposal record and offers no restore', async () => {
    serveSession();
    serveReferenceData();
    const sold = assetFixture({ status: 'sold', archived_at: '2026-10-01T09:00:00Z' });
    server.use(http.get(apiUrl('/assets/:id'), () => HttpResponse.json(sold, { headers: { ETag: '"4"' } })));
    const seen = serveList('/disposals', () => list([disposalFixture({ id: 'd0d0d0d0-0000-4000-8000-000000000001' })]));
    renderApp(`/assets/${LAPTOP_ID}`);
    const link = await screen.findByRole('link', { name: 'Disposal record' }, { timeout: 15_000 });
    expect(link).toHaveAttribute('href', '/assets/disposals/d0d0d0d0-0000-4000-8000-000000000001');
    expect(seen[0]?.get('asset_id')).toBe(LAPTOP_ID);
    expect(screen.queryByRole('button', { name: 'Restore' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Record disposal' })).toBeNull();
  });
});
