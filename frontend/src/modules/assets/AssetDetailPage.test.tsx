import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { meFixture, problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import {
  ann,
  assetFixture,
  AWS_ID,
  BRUSSELS_ID,
  custodyFixture,
  serveReferenceData,
  timelineEntryFixture,
} from './assetFixtures';
import type { Asset, CustodyEntry, TimelineEntry } from './assetsApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const laptop = assetFixture();
const PAGE = `/assets/${laptop.id}`;

interface Sent {
  path: string;
  ifMatch: string | null;
  contentType: string | null;
  body: unknown;
}

/**
 * An asset at `state.asset` (ETag = its version) whose check-out, check-in, transition and edit follow the contract,
 * refusing a stale If-Match with 412; a record of every change sent.
 */
function serveAsset(state: { asset: Asset; timeline?: TimelineEntry[]; custody?: CustodyEntry[] }) {
  const sent: Sent[] = [];
  const etag = () => `"${String(state.asset.version)}"`;
  const change = (path: string, apply: (body: Record<string, unknown>) => Partial<Asset>) =>
    http.post(apiUrl(`/assets/:id/${path}`), async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      sent.push({ path, ifMatch: request.headers.get('If-Match'), contentType: request.headers.get('Content-Type'), body });
      if (request.headers.get('If-Match') !== etag()) {
        return problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'Stale version.' }));
      }
      state.asset = { ...state.asset, ...apply(body), version: state.asset.version + 1 };
      // Like the contract: these answers carry no ETag.
      return HttpResponse.json(state.asset);
    });
  serveReferenceData();
  server.use(
    http.get(apiUrl('/assets/:id'), () => HttpResponse.json(state.asset, { headers: { ETag: etag() } })),
    http.get(apiUrl('/assets/:id/timeline'), () =>
      HttpResponse.json({ items: state.timeline ?? [], next_cursor: null, total: state.timeline?.length ?? 0 }),
    ),
    http.get(apiUrl('/assets/:id/custody'), () =>
      HttpResponse.json({ items: state.custody ?? [], next_cursor: null, total: state.custody?.length ?? 0 }),
    ),
    change('check-out', (body) => ({
      status: 'in_use',
      holder_id: body.user_id as string,
      holder_name: 'Ann Lee',
      remote: body.remote === true,
      ...(typeof body.location_id === 'string'
        ? { location_id: body.location_id, location_name: body.location_id === AWS_ID ? 'AWS eu-west-1' : 'Brussels HQ' }
        : {}),
    })),
    change('check-in', () => ({ status: 'in_stock', holder_id: null, holder_name: null, remote: false })),
    change('transition', (body) => ({ status: body.status as Asset['status'] })),
    http.patch(apiUrl('/assets/:id'), async ({ request }) => {
      const body = (await request.json()) as Partial<Asset>;
      sent.push({ path: 'patch', ifMatch: request.headers.get('If-Match'), contentType: request.headers.get('Content-Type'), body });
      if (request.headers.get('If-Match') !== etag()) {
        return problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'Stale version.' }));
      }
      state.asset = { ...state.asset, ...body, version: state.asset.version + 1 };
      return HttpResponse.json(state.asset, { headers: { ETag: etag() } });
    }),
  );
  return sent;
}

async function actions() {
  return screen.findByRole('region', { name: 'Actions' });
}

function header() {
  return screen.getByTestId('asset-header');
}

describe('AssetDetailPage', () => {
  it('shows the asset’s details, and only the moves its status allows', async () => {
    serveSession();
    serveAsset({ asset: laptop });
    renderApp(PAGE);
    expect(await screen.findByRole('heading', { level: 1, name: 'LT-0042 Ann’s laptop' })).toBeVisible();
    expect(within(header()).getByText('In stock')).toBeVisible();
    const details = screen.getByRole('region', { name: 'Details' });
    expect(within(details).getByText('CN-0X1Y2Z')).toBeVisible();
    expect(within(details).getByText('Latitude 7450')).toBeVisible();
    expect(within(details).getByText('Laptop')).toBeVisible();
    expect(within(details).getByText('Laptops')).toBeVisible();
    const purchase = screen.getByRole('region', { name: 'Purchase and warranty' });
    expect(within(purchase).getByText('€1,299.00')).toBeVisible();
    expect(within(purchase).getByText('36 months')).toBeVisible();

    const bar = await actions();
    expect(within(bar).getByRole('button', { name: 'Check out' })).toBeVisible();
    expect(within(bar).getByRole('button', { name: 'Change status' })).toBeVisible();
    expect(within(bar).queryByRole('button', { name: 'Check in' })).toBeNull();
  });

  it('checks the asset out to a person with the If-Match of its version, and shows its new status', async () => {
    serveSession();
    const state = { asset: laptop };
    const sent = serveAsset(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await user.click(within(await actions()).getByRole('button', { name: 'Check out' }));
    const form = await screen.findByRole('form', { name: 'Check out LT-0042 Ann’s laptop' });
    // The location is where the asset is, by default.
    expect(within(form).getByRole('combobox', { name: /^Location/ })).toHaveValue('Brussels HQ');

    await user.click(within(form).getByRole('button', { name: 'Check out' }));
    expect(await within(form).findByText('This field is required.')).toBeVisible();
    expect(sent).toHaveLength(0);

    await user.click(within(form).getByRole('combobox', { name: /^Person/ }));
    await user.click(await screen.findByRole('option', { name: 'Ann Lee (ann.lee@acme-energy.example)' }));
    await user.click(within(form).getByRole('switch', { name: /^Remote/ }));
    await user.type(within(form).getByRole('textbox', { name: 'Note' }), 'Home office kit');
    await user.click(within(form).getByRole('button', { name: 'Check out' }));

    expect(await screen.findByText('LT-0042 Ann’s laptop checked out to Ann Lee.')).toBeVisible();
    expect(sent).toEqual([
      {
        path: 'check-out',
        ifMatch: '"3"',
        contentType: 'application/json',
        body: { user_id: ann.user_id, location_id: BRUSSELS_ID, remote: true, note: 'Home office kit' },
      },
    ]);
    await waitFor(() => {
      expect(within(header()).getByText('In use')).toBeVisible();
    });
    const bar = await actions();
    expect(within(bar).getByRole('button', { name: 'Check in' })).toBeVisible();
    expect(within(bar).queryByRole('button', { name: 'Check out' })).toBeNull();
    const details = screen.getByRole('region', { name: 'Details' });
    expect(within(details).getByText('Ann Lee')).toBeVisible();
    expect(within(details).getByText('Remote')).toBeVisible();

    // The next move sends the new version.
    await user.click(within(bar).getByRole('button', { name: 'Check in' }));
    const checkIn = await screen.findByRole('form', { name: 'Check in LT-0042 Ann’s laptop' });
    await user.click(within(checkIn).getByRole('combobox', { name: /^Location/ }));
    await user.click(await screen.findByRole('option', { name: 'AWS eu-west-1' }));
    await user.click(within(checkIn).getByRole('button', { name: 'Check in' }));
    expect(await screen.findByText('LT-0042 Ann’s laptop checked in.')).toBeVisible();
    expect(sent[1]).toEqual({ path: 'check-in', ifMatch: '"4"', contentType: 'application/json', body: { location_id: AWS_ID } });
    await waitFor(() => {
      expect(within(header()).getByText('In stock')).toBeVisible();
    });
  });

  it('offers only the statuses the current one allows, and sends the chosen one', async () => {
    serveSession();
    const state = { asset: assetFixture({ status: 'in_repair' }) };
    const sent = serveAsset(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const bar = await actions();
    expect(within(bar).queryByRole('button', { name: 'Check out' })).toBeNull();
    await user.click(within(bar).getByRole('button', { name: 'Change status' }));
    const form = await screen.findByRole('form', { name: 'Change the status of LT-0042 Ann’s laptop' });
    const choices = within(form)
      .getAllByRole('radio')
      .map((radio) => radio.getAttribute('value'));
    expect(choices).toEqual(['in_stock', 'awaiting_disposal']);
    expect(within(form).queryByRole('radio', { name: /^In use/ })).toBeNull();
    expect(within(form).queryByRole('radio', { name: /^Disposed/ })).toBeNull();
    expect(within(form).queryByRole('radio', { name: /^Sold/ })).toBeNull();

    await user.click(within(form).getByRole('radio', { name: /^Awaiting disposal/ }));
    await user.type(within(form).getByRole('textbox', { name: 'Note' }), 'Motherboard dead');
    await user.click(within(form).getByRole('button', { name: 'Change status' }));
    expect(await screen.findByText('LT-0042 Ann’s laptop is now Awaiting disposal.')).toBeVisible();
    expect(sent).toEqual([
      {
        path: 'transition',
        ifMatch: '"3"',
        contentType: 'application/json',
        body: { status: 'awaiting_disposal', note: 'Motherboard dead' },
      },
    ]);
    await waitFor(() => {
      expect(within(header()).getByText('Awaiting disposal')).toBeVisible();
    });

    // From awaiting disposal, back in stock is the only move.
    await user.click(within(await actions()).getByRole('button', { name: 'Change status' }));
    const again = await screen.findByRole('form', { name: 'Change the status of LT-0042 Ann’s laptop' });
    expect(within(again).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual(['in_stock']);
  });

  it('says when someone changed the asset meanwhile, and reloads it', async () => {
    serveSession();
    const state = { asset: laptop };
    const sent = serveAsset(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await user.click(within(await actions()).getByRole('button', { name: 'Change status' }));
    const form = await screen.findByRole('form', { name: 'Change the status of LT-0042 Ann’s laptop' });
    // Someone else moves it first.
    state.asset = { ...laptop, status: 'in_repair', version: 4 };
    await user.click(within(form).getByRole('radio', { name: /^In repair/ }));
    await user.click(within(form).getByRole('button', { name: 'Change status' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('Someone changed it meanwhile');
    expect(sent[0]?.ifMatch).toBe('"3"');
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() => {
      expect(within(header()).getByText('In repair')).toBeVisible();
    });
  });

  it('edits the details with a merge patch of what changed and the If-Match of the version', async () => {
    serveSession();
    const state = { asset: laptop };
    const sent = serveAsset(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await user.click(within(await actions()).getByRole('button', { name: 'Edit' }));
    const form = await screen.findByRole('form', { name: 'Edit LT-0042 Ann’s laptop' });
    const serial = within(form).getByRole('textbox', { name: /^Serial number/ });
    await user.clear(serial);
    await user.type(serial, 'CN-NEW');
    await user.clear(within(form).getByRole('textbox', { name: /^Asset tag/ }));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Asset LT-0042 Ann’s laptop saved.')).toBeVisible();
    expect(sent).toEqual([
      {
        path: 'patch',
        ifMatch: '"3"',
        contentType: 'application/merge-patch+json',
        body: { asset_tag: null, serial: 'CN-NEW' },
      },
    ]);
  });

  it('shows the history with what each change did', async () => {
    serveSession();
    serveAsset({
      asset: laptop,
      timeline: [
        timelineEntryFixture({
          id: 'custody:1',
          kind: 'check_out',
          summary: 'Checked out to Ann Lee',
          at: '2026-11-22T09:00:00Z',
          changes: { status: ['in_stock', 'in_use'], holder_id: [null, 'Ann Lee'] },
        }),
        timelineEntryFixture({
          changes: { serial: ['CN-OLD', 'CN-0X1Y2Z'], 'custom_fields.cost_centre': ['', 'CC-12'] },
        }),
        timelineEntryFixture({ id: 'audit:0', kind: 'created', summary: 'Asset created', actor_name: '', changes: {} }),
      ],
    });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await actions();
    await user.click(screen.getByRole('tab', { name: 'History' }));
    const history = await screen.findByRole('list', { name: 'History' });
    expect(router.state.location.search).toEqual({ tab: 'history' });
    const items = within(history).getAllByRole('listitem');
    expect(items).toHaveLength(3);

    expect(within(items[0]!).getByText('Checked out to Ann Lee')).toBeVisible();
    expect(within(items[0]!).getByRole('img', { name: 'Checked out' })).toBeInTheDocument();
    const custody = within(items[0]!).getByRole('table', { name: 'Changes: Checked out to Ann Lee' });
    const statusRow = within(custody).getByRole('rowheader', { name: 'Status' }).closest('tr')!;
    expect(within(statusRow).getByText('in_stock')).toBeVisible();
    expect(within(statusRow).getByText('in_use')).toBeVisible();
    const holderRow = within(custody).getByRole('rowheader', { name: 'Holder' }).closest('tr')!;
    expect(within(holderRow).getByText('Ann Lee')).toBeVisible();

    expect(within(items[1]!).getByText('Olivia Owner')).toBeVisible();
    const changed = within(items[1]!).getByRole('table', { name: 'Changes: Details changed' });
    const serialRow = within(changed).getByRole('rowheader', { name: 'Serial number' }).closest('tr')!;
    expect(within(serialRow).getByText('CN-OLD')).toBeVisible();
    expect(within(serialRow).getByText('CN-0X1Y2Z')).toBeVisible();
    // A field without a name in the catalogue shows as the API spells it.
    expect(within(changed).getByText('custom_fields.cost_centre')).toBeVisible();

    expect(within(items[2]!).getByText('Asset created')).toBeVisible();
    expect(within(items[2]!).getByText('System')).toBeVisible();
    expect(within(items[2]!).queryByRole('table')).toBeNull();
  });

  it('shows the custody log', async () => {
    serveSession();
    serveAsset({
      asset: laptop,
      custody: [
        custodyFixture({ id: '0193a2b4-0000-7000-8000-000000100002', action: 'check_in', remote: false, note: '' }),
        custodyFixture(),
      ],
    });
    renderApp(`${PAGE}?tab=custody`);
    const log = await screen.findByRole('table', { name: 'Custody log' });
    const rows = within(log).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('Checked in')).toBeVisible();
    expect(within(rows[2]!).getByText('Checked out')).toBeVisible();
    expect(within(rows[2]!).getByText('Remote')).toBeVisible();
    expect(within(rows[2]!).getByText('Home office kit')).toBeVisible();
  });

  it('shows the asset’s links in their tab', async () => {
    serveSession();
    serveAsset({ asset: laptop });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await actions();
    await user.click(screen.getByRole('tab', { name: 'Links' }));
    const panel = await screen.findByRole('tabpanel', { name: 'Links' });
    expect(await within(panel).findByRole('heading', { name: 'Links' })).toBeVisible();
    expect(router.state.location.search).toEqual({ tab: 'links' });
  });

  it('shows the asset’s attachments in their tab, with the upload for a writer', async () => {
    serveSession();
    serveAsset({ asset: laptop });
    const lists: URLSearchParams[] = [];
    server.use(
      http.get(apiUrl('/attachments'), ({ request }) => {
        lists.push(new URL(request.url).searchParams);
        return HttpResponse.json({ items: [], next_cursor: null, total: 0 });
      }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await actions();
    await user.click(screen.getByRole('tab', { name: 'Attachments' }));
    const panel = await screen.findByRole('tabpanel', { name: 'Attachments' });
    expect(await within(panel).findByRole('heading', { name: 'Attachments' })).toBeVisible();
    expect(await within(panel).findByRole('form', { name: 'Attach a file' })).toBeVisible();
    expect(router.state.location.search).toEqual({ tab: 'attachments' });
    expect(lists[0]?.get('owner_type')).toBe('asset');
    expect(lists[0]?.get('owner_id')).toBe(laptop.id);
  });

  it('offers no changes to a reader', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'assets', level: 'read' }] }) });
    serveAsset({ asset: laptop });
    renderApp(PAGE);
    expect(await screen.findByTestId('read-only-notice')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Check out' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });
});
