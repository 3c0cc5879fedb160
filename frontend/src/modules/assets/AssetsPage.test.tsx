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
  assetListFixture,
  BRUSSELS_ID,
  customFieldFixture,
  FINANCE_TAG_ID,
  LAPTOP_TAG_ID,
  LATITUDE_ID,
  serveReferenceData,
} from './assetFixtures';
import { ASSET_COLUMNS_STORAGE_KEY } from './assetColumns';
import type { Asset, AssetList } from './assetsApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/assets';

const laptop = assetFixture();
const server1 = assetFixture({
  id: '0193a2b4-0000-7000-8000-0000000f0002',
  name: 'SRV-DB-01',
  asset_tag: 'SRV-0001',
  serial: 'SGH123',
  status: 'in_repair',
  critical: true,
  model_id: null,
  model_name: null,
  brand_id: null,
  brand_name: null,
  category: null,
  warranty_end: '2020-01-31',
  tags: [],
});
const remoteLaptop = assetFixture({
  id: '0193a2b4-0000-7000-8000-0000000f0003',
  name: 'LT-0043',
  asset_tag: 'LT-0043',
  serial: 'CN-777',
  status: 'in_use',
  holder_id: ann.user_id,
  holder_name: 'Ann Lee',
  remote: true,
  tags: [{ id: FINANCE_TAG_ID, name: 'Finance', colour: 'green' }],
});

function serveAssets(answer: (query: URLSearchParams) => AssetList = () => assetListFixture([laptop, remoteLaptop, server1])) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/assets'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      return HttpResponse.json(answer(query));
    }),
  );
  return seen;
}

async function table() {
  return screen.findByRole('table', { name: 'Assets' });
}

function rowOf(name: string): HTMLElement {
  return screen.getByRole('link', { name }).closest('tr')!;
}

describe('AssetsPage', () => {
  it('has the module’s own navigation', async () => {
    serveSession();
    serveReferenceData();
    serveAssets();
    renderApp(PAGE);
    const nav = await screen.findByRole('navigation', { name: 'Assets sections' });
    expect(within(nav).getByRole('link', { name: 'Assets' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Locations' })).toHaveAttribute('href', '/assets/locations');
    expect(within(nav).getByRole('link', { name: 'Brands and models' })).toHaveAttribute('href', '/assets/models');
  });

  it('lists the assets with their status, model, location, holder, warranty and tags', async () => {
    serveSession();
    serveReferenceData();
    const seen = serveAssets();
    renderApp(PAGE);
    const assets = await table();
    expect(within(assets).getAllByRole('row')).toHaveLength(4);

    const row = rowOf('LT-0042 Ann’s laptop');
    expect(screen.getByRole('link', { name: 'LT-0042 Ann’s laptop' })).toHaveAttribute('href', `${PAGE}/${laptop.id}`);
    expect(within(row).getByText('LT-0042')).toBeVisible();
    expect(within(row).getByText('CN-0X1Y2Z')).toBeVisible();
    expect(within(row).getByText('In stock')).toBeVisible();
    expect(within(row).getByText('Latitude 7450')).toBeVisible();
    expect(within(row).getByText('Dell')).toBeVisible();
    expect(within(row).getByText('Brussels HQ')).toBeVisible();
    expect(within(row).getByText('Laptops')).toBeVisible();
    expect(within(row).getByText('Mar 1, 2028').closest('time')).not.toHaveAttribute('data-expired');

    const remote = rowOf('LT-0043');
    expect(within(remote).getByText('In use')).toBeVisible();
    expect(within(remote).getByText('Ann Lee')).toBeVisible();
    expect(within(remote).getByText('Remote')).toBeVisible();
    expect(within(remote).getByText('Finance')).toBeVisible();

    const srv = rowOf('SRV-DB-01');
    expect(within(srv).getByText('In repair')).toBeVisible();
    expect(within(srv).getByText('Critical')).toBeVisible();
    // A past warranty end is marked.
    const expired = within(srv).getByText(/Jan 31, 2020/).closest('time')!;
    expect(expired).toHaveAttribute('data-expired', 'true');
    expect(expired).toHaveTextContent('(warranty expired)');

    expect(screen.getByRole('status')).toHaveTextContent('3 of 3 assets');
    expect(Object.fromEntries(seen[0]!)).toEqual({ sort: 'name', limit: '50' });
  });

  it('sends the filters and the sort to the server and keeps them in the address', async () => {
    serveSession();
    serveReferenceData();
    const seen = serveAssets();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await table();

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'latitude');
    await waitFor(() => {
      expect(seen.at(-1)?.get('q')).toBe('latitude');
    });

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'In use' }));
    await user.click(await screen.findByRole('option', { name: 'In repair' }));
    await waitFor(() => {
      expect(seen.at(-1)?.getAll('status')).toEqual(['in_use', 'in_repair']);
    });
    await user.keyboard('{Escape}');

    await user.click(screen.getByRole('combobox', { name: 'Location' }));
    await user.click(await screen.findByRole('option', { name: 'Brussels HQ' }));
    await waitFor(() => {
      expect(seen.at(-1)?.get('location_id')).toBe(BRUSSELS_ID);
    });

    await user.click(screen.getByRole('combobox', { name: 'Critical' }));
    await user.click(await screen.findByRole('option', { name: 'Yes' }));
    await waitFor(() => {
      expect(seen.at(-1)?.get('critical')).toBe('true');
    });

    await user.click(screen.getByRole('switch', { name: 'Show archived assets' }));
    await waitFor(() => {
      expect(seen.at(-1)?.get('include_archived')).toBe('true');
    });

    // Column headers sort: ascending first, then descending.
    const warranty = screen.getByRole('columnheader', { name: /^Warranty end/ });
    expect(warranty).toHaveAttribute('aria-sort', 'none');
    await user.click(within(warranty).getByRole('button'));
    await waitFor(() => {
      expect(seen.at(-1)?.get('sort')).toBe('warranty_end');
    });
    await user.click(within(screen.getByRole('columnheader', { name: /^Warranty end/ })).getByRole('button'));
    await waitFor(() => {
      expect(seen.at(-1)?.get('sort')).toBe('-warranty_end');
    });
    expect(screen.getByRole('columnheader', { name: /^Warranty end/ })).toHaveAttribute('aria-sort', 'descending');

    expect(router.state.location.search).toEqual({
      q: 'latitude',
      status: ['in_use', 'in_repair'],
      location_id: BRUSSELS_ID,
      critical: true,
      include_archived: true,
      sort: '-warranty_end',
    });
    expect(Object.fromEntries([...seen.at(-1)!.keys()].map((key) => [key, seen.at(-1)!.getAll(key)]))).toEqual({
      q: ['latitude'],
      status: ['in_use', 'in_repair'],
      location_id: [BRUSSELS_ID],
      critical: ['true'],
      include_archived: ['true'],
      sort: ['-warranty_end'],
      limit: ['50'],
    });
  });

  it('reads the filters from a shared address, tags and holder included', async () => {
    serveSession();
    const reference = serveReferenceData();
    const seen = serveAssets(() => assetListFixture([remoteLaptop]));
    const search = new URLSearchParams({
      tag: JSON.stringify([LAPTOP_TAG_ID, FINANCE_TAG_ID]),
      holder_id: ann.user_id,
      model_id: LATITUDE_ID,
      status: JSON.stringify(['in_use', 'bogus']),
      sort: 'purchase_date',
      limit: '9999',
    });
    renderApp(`${PAGE}?${search.toString()}`);
    await table();
    const query = seen[0]!;
    expect(query.getAll('tag')).toEqual([LAPTOP_TAG_ID, FINANCE_TAG_ID]);
    expect(query.get('holder_id')).toBe(ann.user_id);
    expect(query.get('model_id')).toBe(LATITUDE_ID);
    expect(query.getAll('status')).toEqual(['in_use']);
    expect(query.get('sort')).toBe('purchase_date');
    expect(query.get('limit')).toBe('50');
    expect(await screen.findByRole('button', { name: 'Clear filters' })).toBeVisible();
    // The holder is named from the people directory, which any member may read.
    await waitFor(() => {
      expect(screen.getByRole('combobox', { name: 'Holder' })).toHaveValue('Ann Lee (ann.lee@acme-energy.example)');
    });
    expect(reference.people.map((people) => people.getAll('id'))).toContainEqual([ann.user_id]);
  });

  it('lets the user choose the columns, and remembers the choice', async () => {
    serveSession();
    serveReferenceData();
    serveAssets();
    const user = userEvent.setup({ delay: null });
    const first = renderApp(PAGE);
    const assets = await table();
    expect(within(assets).getByRole('columnheader', { name: 'Serial number' })).toBeVisible();
    expect(within(assets).queryByRole('columnheader', { name: /^Purchase date/ })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Columns' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Serial number' }));
    await user.click(screen.getByRole('checkbox', { name: 'Purchase date' }));
    await waitFor(() => {
      expect(within(assets).queryByRole('columnheader', { name: 'Serial number' })).toBeNull();
    });
    expect(within(assets).getByRole('columnheader', { name: /^Purchase date/ })).toBeVisible();
    expect(JSON.parse(window.localStorage.getItem(ASSET_COLUMNS_STORAGE_KEY)!)).toEqual({
      hidden: ['serial'],
      shown: ['purchase_date'],
    });

    first.unmount();
    renderApp(PAGE);
    const again = await table();
    expect(within(again).queryByRole('columnheader', { name: 'Serial number' })).toBeNull();
    expect(within(again).getByRole('columnheader', { name: /^Purchase date/ })).toBeVisible();
  });

  it('offers no "New asset" to a reader', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'assets', level: 'read' }] }) });
    serveReferenceData();
    serveAssets(() => assetListFixture([]));
    renderApp(PAGE);
    expect(await screen.findByText('No assets yet')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'New asset' })).toBeNull();
  });
});

describe('New asset', () => {
  function recordCreate(answer: (body: unknown) => Response) {
    const bodies: unknown[] = [];
    server.use(
      http.post(apiUrl('/assets'), async ({ request }) => {
        const body = await request.json();
        bodies.push(body);
        return answer(body);
      }),
    );
    return bodies;
  }

  async function openCreate(user: ReturnType<typeof userEvent.setup>) {
    await table();
    await user.click(screen.getByRole('button', { name: 'New asset' }));
    return screen.findByRole('form', { name: 'New asset' });
  }

  it('sends what was filled in, then opens the new asset', async () => {
    serveSession();
    serveReferenceData();
    serveAssets();
    const created: Asset = assetFixture({ id: '0193a2b4-0000-7000-8000-0000000f00ff', name: 'LT-0100', version: 1 });
    const bodies = recordCreate(() => HttpResponse.json(created, { status: 201 }));
    server.use(
      http.get(apiUrl('/assets/:id'), () => HttpResponse.json(created, { headers: { ETag: '"1"' } })),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    const form = await openCreate(user);

    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), ' LT-0100 ');
    await user.type(within(form).getByRole('textbox', { name: /^Asset tag/ }), 'LT-0100');
    await user.type(within(form).getByRole('textbox', { name: /^Serial number/ }), 'CN-100');
    await user.click(within(form).getByRole('combobox', { name: 'Model' }));
    // Models are grouped by brand.
    const listbox = await screen.findByRole('listbox');
    expect(within(listbox).getByText('Dell')).toBeVisible();
    await user.click(within(listbox).getByRole('option', { name: 'Latitude 7450' }));
    await user.click(within(form).getByRole('combobox', { name: 'Location' }));
    await user.click(await screen.findByRole('option', { name: 'Brussels HQ' }));
    await user.type(within(form).getByLabelText('Purchase date'), '2026-11-02');
    await user.type(within(form).getByRole('textbox', { name: 'Cost' }), '1499.5');
    await user.type(within(form).getByRole('textbox', { name: 'Warranty (months)' }), '36');
    await user.click(within(form).getByRole('switch', { name: /^Critical/ }));
    await user.click(within(form).getByRole('combobox', { name: /^Tags/ }));
    await user.click(await screen.findByRole('option', { name: 'Finance' }));
    await user.click(within(form).getByRole('button', { name: 'Add the asset' }));

    await waitFor(() => {
      expect(router.state.location.pathname).toBe(`${PAGE}/${created.id}`);
    });
    expect(bodies).toEqual([
      {
        name: 'LT-0100',
        asset_tag: 'LT-0100',
        serial: 'CN-100',
        model_id: LATITUDE_ID,
        location_id: BRUSSELS_ID,
        purchase_date: '2026-11-02',
        cost: '1499.5',
        // The organisation's base currency by default.
        currency: 'EUR',
        warranty_months: 36,
        critical: true,
        virtual: false,
        tag_ids: [FINANCE_TAG_ID],
      },
    ]);
    expect(await screen.findByRole('heading', { level: 1, name: 'LT-0100' })).toBeVisible();
  });

  it('checks the form, then puts the server’s refusals on the right fields', async () => {
    serveSession();
    serveReferenceData({ customFields: [customFieldFixture()] });
    serveAssets();
    const bodies = recordCreate(() =>
      problemResponse(
        problemFixture({
          status: 422,
          title: 'Unprocessable entity',
          errors: [
            { field: 'asset_tag', code: 'duplicate', message: 'Another asset has this tag.' },
            { field: 'custom_fields.cost_centre', code: 'invalid', message: 'Unknown cost centre.' },
          ],
        }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await openCreate(user);
    await user.click(within(form).getByRole('button', { name: 'Add the asset' }));
    expect(await within(form).findByText('This field is required.')).toBeVisible();
    await user.type(within(form).getByRole('textbox', { name: /^Cost$/ }), '12,345.678');
    await user.click(within(form).getByRole('button', { name: 'Add the asset' }));
    expect(await within(form).findByText('Enter an amount such as 1299.00 (at most two decimals).')).toBeVisible();
    expect(bodies).toHaveLength(0);

    await user.clear(within(form).getByRole('textbox', { name: /^Cost$/ }));
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'LT-0042 bis');
    const tag = within(form).getByRole('textbox', { name: /^Asset tag/ });
    await user.type(tag, 'LT-0042');
    await user.type(within(form).getByRole('textbox', { name: 'Cost centre' }), 'CC-9');
    await user.click(within(form).getByRole('button', { name: 'Add the asset' }));

    expect(await within(form).findByText('Another asset has this tag.')).toBeVisible();
    expect(tag).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByText('Unknown cost centre.')).toBeVisible();
    expect(within(form).getByRole('textbox', { name: 'Cost centre' })).toHaveAttribute('aria-invalid', 'true');
    expect(bodies).toEqual([
      { name: 'LT-0042 bis', asset_tag: 'LT-0042', critical: false, virtual: false, custom_fields: { cost_centre: 'CC-9' } },
    ]);
    // Everything found a field: no general alert in the dialog.
    expect(within(screen.getByRole('dialog', { name: 'New asset' })).queryByRole('alert')).toBeNull();
  });
});

describe('Bulk actions', () => {
  interface BulkBody {
    ids: string[];
    action: string;
    tag_ids?: string[];
  }

  function recordBulk(answer: (body: BulkBody) => { succeeded: string[]; failed: { id: string; status: number; detail: string }[] }) {
    const bodies: BulkBody[] = [];
    server.use(
      http.post(apiUrl('/assets/bulk'), async ({ request }) => {
        const body = (await request.json()) as BulkBody;
        bodies.push(body);
        return HttpResponse.json(answer(body));
      }),
    );
    return bodies;
  }

  function toolbar() {
    return screen.getByRole('toolbar', { name: 'Bulk actions' });
  }

  function rowCheckbox(name: string) {
    return screen.getByRole('checkbox', { name: `Select ${name}` });
  }

  it('adds the chosen tags to the selected assets, then reads the list again', async () => {
    serveSession();
    serveReferenceData();
    const seen = serveAssets();
    const bodies = recordBulk((body) => ({ succeeded: body.ids, failed: [] }));
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    expect(screen.queryByRole('toolbar', { name: 'Bulk actions' })).toBeNull();

    await user.click(rowCheckbox('LT-0042 Ann’s laptop'));
    await user.click(rowCheckbox('SRV-DB-01 (SRV-0001)'));
    expect(toolbar()).toHaveTextContent('2 selected');
    // Not archived ones only in the list: nothing to restore.
    expect(within(toolbar()).queryByRole('button', { name: 'Restore' })).toBeNull();
    expect(within(toolbar()).getByRole('button', { name: 'Export selection' })).toBeVisible();

    await user.click(within(toolbar()).getByRole('button', { name: 'Add tags…' }));
    const form = await screen.findByRole('form', { name: 'Add tags to 2 assets' });
    const submit = within(form).getByRole('button', { name: 'Add tags' });
    expect(submit).toBeDisabled();
    await user.click(within(form).getByRole('combobox', { name: 'Tags to add' }));
    await user.click(await screen.findByRole('option', { name: 'Finance' }));
    const reads = seen.length;
    await user.click(submit);

    expect(await screen.findByText('2 done, 0 failed')).toBeVisible();
    expect(bodies).toEqual([{ ids: [laptop.id, server1.id], action: 'add_tags', tag_ids: [FINANCE_TAG_ID] }]);
    expect(seen.length).toBeGreaterThan(reads);
    // Everything done: the selection is cleared.
    await waitFor(() => {
      expect(screen.queryByRole('toolbar', { name: 'Bulk actions' })).toBeNull();
    });
    expect(rowCheckbox('LT-0042 Ann’s laptop')).not.toBeChecked();
    expect(screen.queryByRole('dialog', { name: 'Not done for 1 asset' })).toBeNull();
  });

  it('lists the assets that failed with the server’s reason, and keeps only them selected', async () => {
    serveSession();
    serveReferenceData();
    serveAssets();
    const bodies = recordBulk((body) => ({
      succeeded: body.ids.filter((id) => id !== remoteLaptop.id),
      failed: [{ id: remoteLaptop.id, status: 409, detail: 'The asset is checked out: check it in first.' }],
    }));
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();

    await user.click(screen.getByRole('checkbox', { name: 'Select all the assets shown' }));
    await user.click(within(toolbar()).getByRole('button', { name: 'Archive' }));
    const confirm = await screen.findByRole('dialog', { name: 'Archive 3 assets?' });
    await user.click(within(confirm).getByRole('button', { name: 'Archive' }));

    const failures = await screen.findByRole('dialog', { name: 'Not done for 1 asset' });
    const failed = within(failures).getByRole('table', { name: 'Assets not changed' });
    const rows = within(failed).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(within(rows[1]!).getByText('LT-0043')).toBeVisible();
    expect(within(rows[1]!).getByText('The asset is checked out: check it in first.')).toBeVisible();
    expect(screen.getByText('2 done, 1 failed')).toBeVisible();
    expect(bodies).toEqual([{ ids: [laptop.id, remoteLaptop.id, server1.id], action: 'archive' }]);

    // The dialog's own button (its header has a close button too).
    await user.click(within(failures).getAllByRole('button', { name: 'Close' }).at(-1)!);
    await waitFor(() => {
      expect(screen.queryByRole('dialog', { name: 'Not done for 1 asset' })).toBeNull();
    });
    expect(toolbar()).toHaveTextContent('1 selected');
    expect(rowCheckbox('LT-0043')).toBeChecked();
    expect(rowCheckbox('LT-0042 Ann’s laptop')).not.toBeChecked();
    expect(rowCheckbox('SRV-DB-01 (SRV-0001)')).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Select all the assets shown' })).toBePartiallyChecked();
  });

  it('selects every loaded row from the header, keeps the selection over "load more" and a new sort, not new filters', async () => {
    serveSession();
    serveReferenceData();
    serveAssets((query) =>
      query.get('cursor') === 'page-2'
        ? assetListFixture([server1], { total: 3 })
        : assetListFixture([laptop, remoteLaptop], { next_cursor: 'page-2', total: 3 }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    const all = screen.getByRole('checkbox', { name: 'Select all the assets shown' });
    expect(all).not.toBeChecked();

    await user.click(rowCheckbox('LT-0043'));
    expect(all).toBePartiallyChecked();
    await user.click(all);
    expect(all).toBeChecked();
    expect(rowCheckbox('LT-0042 Ann’s laptop')).toBeChecked();
    expect(rowCheckbox('LT-0043')).toBeChecked();
    expect(toolbar()).toHaveTextContent('2 selected');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByRole('link', { name: 'SRV-DB-01' });
    expect(rowCheckbox('SRV-DB-01 (SRV-0001)')).not.toBeChecked();
    expect(rowCheckbox('LT-0042 Ann’s laptop')).toBeChecked();
    expect(all).toBePartiallyChecked();
    expect(toolbar()).toHaveTextContent('2 selected');

    await user.click(all);
    expect(rowCheckbox('SRV-DB-01 (SRV-0001)')).toBeChecked();
    expect(toolbar()).toHaveTextContent('3 selected');
    // All shown were selected: the header clears them.
    await user.click(all);
    expect(screen.queryByRole('toolbar', { name: 'Bulk actions' })).toBeNull();
    expect(rowCheckbox('LT-0042 Ann’s laptop')).not.toBeChecked();

    await user.click(rowCheckbox('LT-0042 Ann’s laptop'));
    await user.click(within(screen.getByRole('columnheader', { name: /^Asset tag/ })).getByRole('button'));
    await waitFor(() => {
      expect(screen.getByRole('columnheader', { name: /^Asset tag/ })).toHaveAttribute('aria-sort', 'ascending');
    });
    expect(toolbar()).toHaveTextContent('1 selected');

    await user.click(screen.getByRole('switch', { name: 'Show archived assets' }));
    await waitFor(() => {
      expect(screen.queryByRole('toolbar', { name: 'Bulk actions' })).toBeNull();
    });
    expect(rowCheckbox('LT-0042 Ann’s laptop')).not.toBeChecked();
    // Archived assets shown: the toolbar offers to restore.
    await user.click(rowCheckbox('LT-0042 Ann’s laptop'));
    expect(within(toolbar()).getByRole('button', { name: 'Restore' })).toBeEnabled();
  });

  it('offers no selection to a reader', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'assets', level: 'read' }] }) });
    serveReferenceData();
    serveAssets();
    renderApp(PAGE);
    const assets = await table();
    expect(within(assets).getAllByRole('row')).toHaveLength(4);
    expect(within(assets).queryAllByRole('checkbox')).toHaveLength(0);
    expect(screen.queryByRole('toolbar', { name: 'Bulk actions' })).toBeNull();
  });
});
