import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { assetFixture, serveReferenceData } from './assetFixtures';
import type { Disposal } from './disposalsApi';
import {
  DISPOSAL_ID,
  disposalChangeFixture,
  disposalFixture,
  LAPTOP_ID,
  list,
  serveList,
  serveNoAttachments,
} from './inventoryFixtures';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 45_000 });

const recycled = disposalFixture();

describe('DisposalsPage', () => {
  it('lists the register and sends the address’s filters to the server', async () => {
    serveSession();
    const seen = serveList('/disposals', () => list([recycled]));
    const search = new URLSearchParams({
      method: JSON.stringify(['recycled', 'sold', 'burnt']),
      item_kind: 'asset',
      from: '2026-01-01',
      to: '2026-02-30',
      q: 'green',
    });
    renderApp(`/assets/disposals?${search.toString()}`);
    const table = await screen.findByRole('table', { name: 'Disposal register' }, { timeout: 15_000 });
    const row = within(table).getByRole('link', { name: 'LT-0042 Ann’s laptop' }).closest('tr')!;
    expect(within(row).getByText('Recycled')).toBeVisible();
    expect(within(row).getByText('GreenIT Recycling')).toBeVisible();
    expect(within(row).getByText('CERT-2026-118')).toBeVisible();
    expect(within(row).getByRole('link', { name: 'Open the disposal of LT-0042 Ann’s laptop' })).toHaveAttribute(
      'href',
      `/assets/disposals/${DISPOSAL_ID}`,
    );
    const query = seen[0]!;
    expect(query.getAll('method')).toEqual(['recycled', 'sold']);
    expect(query.get('item_kind')).toBe('asset');
    expect(query.get('from')).toBe('2026-01-01');
    // 30 February does not exist: dropped.
    expect(query.get('to')).toBeNull();
    expect(query.get('q')).toBe('green');
    expect(query.get('sort')).toBe('-disposed_on');
  });

  it('shows the server’s reason when an asset cannot be disposed of yet', async () => {
    serveSession();
    serveReferenceData();
    const laptop = assetFixture({ status: 'in_use', holder_name: 'Ann Lee' });
    server.use(http.get(apiUrl('/assets/:id'), () => HttpResponse.json(laptop, { headers: { ETag: '"3"' } })));
    const bodies: unknown[] = [];
    server.use(
      http.post(apiUrl('/disposals'), async ({ request }) => {
        bodies.push(await request.json());
        return problemResponse(
          problemFixture({ status: 409, title: 'Conflict', detail: 'The asset is checked out: check it in first.' }),
        );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(`/assets/${LAPTOP_ID}`);
    const actions = await screen.findByRole('region', { name: 'Actions' }, { timeout: 15_000 });
    await user.click(within(actions).getByRole('button', { name: 'Record disposal' }));
    const form = await screen.findByRole('form', { name: 'Record the disposal of LT-0042 Ann’s laptop' });
    // The price is only asked for a sale.
    expect(within(form).queryByRole('textbox', { name: /^Sale price/ })).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Record disposal' }));
    expect(await within(form).findByText('This field is required.')).toBeVisible();

    await user.click(within(form).getByRole('combobox', { name: /^Method/ }));
    await user.click(await screen.findByRole('option', { name: 'Sold' }));
    await user.type(within(form).getByRole('textbox', { name: /^Sale price/ }), '150');
    await user.type(within(form).getByRole('textbox', { name: /^Partner/ }), 'Staff sale');
    await user.click(within(form).getByRole('button', { name: 'Record disposal' }));

    const alert = await within(screen.getByRole('dialog')).findByRole('alert');
    expect(alert).toHaveTextContent('The asset is checked out: check it in first.');
    expect(bodies).toEqual([
      expect.objectContaining({ asset_id: LAPTOP_ID, method: 'sold', price: '150', currency: 'EUR', partner_name: 'Staff sale' }),
    ]);
  });
});

describe('DisposalDetailPage', () => {
  it('shows the corrections, and corrects with a reason and the If-Match of the version shown', async () => {
    serveSession();
    serveReferenceData();
    serveNoAttachments();
    const state: { disposal: Disposal } = { disposal: recycled };
    const patches: { ifMatch: string | null; contentType: string | null; body: unknown }[] = [];
    server.use(
      http.get(apiUrl('/disposals/:id'), () =>
        HttpResponse.json(state.disposal, { headers: { ETag: `"${String(state.disposal.version)}"` } }),
      ),
      http.get(apiUrl('/disposals/:id/history'), () => HttpResponse.json(list([disposalChangeFixture()]))),
      http.patch(apiUrl('/disposals/:id'), async ({ request }) => {
        const body = (await request.json()) as Partial<Disposal>;
        patches.push({ ifMatch: request.headers.get('If-Match'), contentType: request.headers.get('Content-Type'), body });
        state.disposal = { ...state.disposal, ...body, version: state.disposal.version + 1 };
        return HttpResponse.json(state.disposal, { headers: { ETag: `"${String(state.disposal.version)}"` } });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(`/assets/disposals/${DISPOSAL_ID}`);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Disposal of LT-0042 Ann’s laptop' }, { timeout: 15_000 }),
    ).toBeVisible();
    const nav = screen.getByRole('navigation', { name: 'Assets sections' });
    expect(within(nav).getByRole('link', { name: 'Disposals' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('region', { name: 'Certificate' })).toBeVisible();

    const corrections = screen.getByRole('region', { name: 'Corrections' });
    expect(await within(corrections).findByText('Reason: Certificate received from the recycler')).toBeVisible();
    expect(within(corrections).getByText('Olivia Owner')).toBeVisible();
    const changes = within(corrections).getByRole('table', { name: 'Changes: Certificate received from the recycler' });
    const row = within(changes).getByRole('rowheader', { name: 'Certificate number' }).closest('tr')!;
    expect(row).toHaveTextContent('CERT-2026-118');

    await user.click(screen.getByRole('button', { name: 'Correct' }));
    const form = await screen.findByRole('form', { name: 'Correct the disposal of LT-0042 Ann’s laptop' });
    const partner = within(form).getByRole('textbox', { name: /^Partner/ });
    await user.clear(partner);
    await user.type(partner, 'EcoTech Recycling');
    await user.click(within(form).getByRole('button', { name: 'Save correction' }));
    expect(await within(form).findByText('Say why the disposal is corrected.')).toBeVisible();
    expect(patches).toHaveLength(0);

    await user.type(within(form).getByRole('textbox', { name: /^Reason for the correction/ }), 'Wrong recycler');
    await user.click(within(form).getByRole('button', { name: 'Save correction' }));
    await waitFor(() => {
      expect(patches).toEqual([
        {
          ifMatch: '"1"',
          contentType: 'application/merge-patch+json',
          body: { partner_name: 'EcoTech Recycling', reason: 'Wrong recycler' },
        },
      ]);
    });
    expect(await screen.findByText('Correction saved.')).toBeVisible();
  });
});
