/** Campaigns and items as the server answers them, and a fake server for the campaign pages. */
import { http, HttpResponse } from 'msw';
import { problemFixture } from '../../test/fixtures';
import { apiUrl, problemResponse, server } from '../../test/server';
import { BRUSSELS_ID, serveReferenceData } from '../assets/assetFixtures';
import type { Campaign, InventoryItem, ItemResult } from './inventoryApi';

export const CAMPAIGN_ID = '0193a2b4-0000-7000-8000-00000000c001';
export const LAPTOP_ID = '0193a2b4-0000-7000-8000-00000000a101';
export const PHONE_ID = '0193a2b4-0000-7000-8000-00000000a102';
export const MONITOR_ID = '0193a2b4-0000-7000-8000-00000000a103';

export function campaignFixture(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: CAMPAIGN_ID,
    name: 'Brussels HQ spot check',
    location_id: BRUSSELS_ID,
    location_name: 'Brussels HQ',
    due_on: '2026-12-15',
    notes: 'Floor by floor.',
    status: 'open',
    total: 4,
    pending: 2,
    verified: 1,
    flagged: 1,
    missing: 0,
    created_by_name: 'Olivia Owner',
    completed_at: null,
    completed_by_name: null,
    created_at: '2026-11-02T08:30:00Z',
    updated_at: '2026-11-02T08:30:00Z',
    archived_at: null,
    version: 3,
    ...overrides,
  };
}

export function itemFixture(overrides: Partial<InventoryItem> = {}): InventoryItem {
  return {
    asset_id: LAPTOP_ID,
    asset_name: 'Latitude 7440 001',
    asset_tag: 'AC-01001',
    serial: 'DE12345678',
    location_name: 'Brussels HQ',
    holder_name: 'Ann Martin',
    result: 'pending',
    note: '',
    checked_at: null,
    checked_by_name: null,
    ...overrides,
  };
}

export const laptopItem = itemFixture();
export const phoneItem = itemFixture({
  asset_id: PHONE_ID,
  asset_name: 'iPhone 15 002',
  asset_tag: 'AC-01002',
  serial: 'AP00000002',
  holder_name: null,
  result: 'verified',
  checked_at: '2026-11-03T09:15:00Z',
  checked_by_name: 'Olivia Owner',
});
export const monitorItem = itemFixture({
  asset_id: MONITOR_ID,
  asset_name: 'UltraSharp U2723QE 003',
  asset_tag: 'AC-010010',
  serial: null,
  holder_name: null,
  result: 'flagged',
  note: 'Found in meeting room 2.14',
  checked_at: '2026-11-03T09:20:00Z',
  checked_by_name: 'Olivia Owner',
});
export const chargerItem = itemFixture({
  asset_id: '0193a2b4-0000-7000-8000-00000000a104',
  asset_name: 'Dock 004',
  asset_tag: 'AC-01001X',
  serial: null,
  holder_name: null,
});

function list<T>(items: T[]) {
  return { items, next_cursor: null, total: items.length };
}

export interface Sent {
  method: string;
  path: string;
  ifMatch: string | null;
  body: unknown;
}

/**
 * One campaign with its items, following the contract: items filtered by `q` (name, tag, serial) and `result`, checks
 * recorded (and refused with 422 when a flag has no note), completion refused with 412 on a stale If-Match.
 */
export function serveCampaign(
  state: { campaign: Campaign; items: InventoryItem[]; campaigns?: Campaign[] } = {
    campaign: campaignFixture(),
    items: [laptopItem, phoneItem, monitorItem, chargerItem],
  },
) {
  const sent: Sent[] = [];
  const itemQueries: URLSearchParams[] = [];
  const campaignQueries: URLSearchParams[] = [];
  const etag = () => `"${String(state.campaign.version)}"`;
  serveReferenceData();
  server.use(
    http.get(apiUrl('/attachments'), () => HttpResponse.json(list([]))),
    http.get(apiUrl('/inventory-campaigns'), ({ request }) => {
      campaignQueries.push(new URL(request.url).searchParams);
      return HttpResponse.json(list(state.campaigns ?? [state.campaign]));
    }),
    http.get(apiUrl('/inventory-campaigns/:id'), () => HttpResponse.json(state.campaign, { headers: { ETag: etag() } })),
    http.get(apiUrl('/inventory-campaigns/:id/items'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      itemQueries.push(query);
      const q = query.get('q')?.toLowerCase();
      const results = query.getAll('result');
      const items = state.items.filter(
        (item) =>
          (!q || [item.asset_name, item.asset_tag ?? '', item.serial ?? ''].join(' ').toLowerCase().includes(q)) &&
          (results.length === 0 || results.includes(item.result)),
      );
      return HttpResponse.json(list(items));
    }),
    http.post(apiUrl('/inventory-campaigns/:id/items/:assetId'), async ({ request, params }) => {
      const body = (await request.json()) as { result: ItemResult; note?: string };
      sent.push({ method: 'POST', path: `items/${String(params.assetId)}`, ifMatch: request.headers.get('If-Match'), body });
      if (body.result === 'flagged' && !body.note?.trim()) {
        return problemResponse(
          problemFixture({
            status: 422,
            title: 'Unprocessable entity',
            errors: [{ field: 'note', code: 'required', message: 'say what is wrong when flagging an asset' }],
          }),
        );
      }
      const index = state.items.findIndex((item) => item.asset_id === params.assetId);
      const before = state.items[index];
      if (!before) return problemResponse(problemFixture({ status: 404, title: 'Not found' }));
      const after: InventoryItem = {
        ...before,
        result: body.result,
        note: body.note ?? '',
        checked_at: '2026-11-23T10:00:00Z',
        checked_by_name: 'Olivia Owner',
      };
      state.items[index] = after;
      const counts = { ...state.campaign };
      counts[before.result] -= 1;
      counts[after.result] += 1;
      state.campaign = counts;
      return HttpResponse.json(after);
    }),
    http.patch(apiUrl('/inventory-campaigns/:id'), async ({ request }) => {
      const body = (await request.json()) as Partial<Campaign>;
      sent.push({ method: 'PATCH', path: '', ifMatch: request.headers.get('If-Match'), body });
      if (request.headers.get('If-Match') !== etag()) {
        return problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'Stale version.' }));
      }
      state.campaign = { ...state.campaign, ...body, version: state.campaign.version + 1 };
      return HttpResponse.json(state.campaign, { headers: { ETag: etag() } });
    }),
    http.post(apiUrl('/inventory-campaigns/:id/complete'), ({ request }) => {
      sent.push({ method: 'POST', path: 'complete', ifMatch: request.headers.get('If-Match'), body: null });
      if (request.headers.get('If-Match') !== etag()) {
        return problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'Stale version.' }));
      }
      state.items = state.items.map((item) => (item.result === 'pending' ? { ...item, result: 'missing' } : item));
      state.campaign = {
        ...state.campaign,
        status: 'completed',
        missing: state.campaign.missing + state.campaign.pending,
        pending: 0,
        completed_at: '2026-11-23T10:05:00Z',
        completed_by_name: 'Olivia Owner',
        version: state.campaign.version + 1,
      };
      return HttpResponse.json(state.campaign);
    }),
  );
  return { sent, itemQueries, campaignQueries, state };
}
