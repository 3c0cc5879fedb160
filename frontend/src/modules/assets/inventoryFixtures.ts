/** Peripherals, maintenance logs, disposals and fleet reports as the API answers them, for the module's page tests. */
import { http, HttpResponse } from 'msw';
import { apiUrl, server } from '../../test/server';
import type { AssetDashboard } from './assetReportsApi';
import { ann, BRUSSELS_ID, LATITUDE_ID } from './assetFixtures';
import type { Disposal, DisposalChange } from './disposalsApi';
import type { MaintenanceLog } from './maintenanceApi';
import type { Peripheral } from './peripheralsApi';

export const LAPTOP_ID = '0193a2b4-0000-7000-8000-0000000f0001';
export const DOCK_ID = '0193a2b4-0000-7000-8000-000000200001';
export const LOG_ID = '0193a2b4-0000-7000-8000-000000300001';
export const DISPOSAL_ID = '0193a2b4-0000-7000-8000-000000400001';

export function peripheralFixture(overrides: Partial<Peripheral> = {}): Peripheral {
  return {
    id: DOCK_ID,
    name: 'Dock WD19 #7',
    serial: 'WD19-0007',
    model_id: LATITUDE_ID,
    asset_id: null,
    location_id: BRUSSELS_ID,
    purchase_date: '2025-03-01',
    cost: '189.00',
    currency: 'EUR',
    warranty_months: 24,
    supplier_name: 'Dell Belgium',
    notes: '',
    custom_fields: {},
    status: 'in_stock',
    warranty_end: '2027-03-01',
    model_name: 'WD19 dock',
    brand_name: 'Dell',
    category: 'peripheral',
    asset_name: null,
    location_name: 'Brussels HQ',
    holder_id: null,
    holder_name: null,
    remote: false,
    tags: [],
    created_at: '2026-01-10T09:00:00Z',
    updated_at: '2026-01-10T09:00:00Z',
    archived_at: null,
    version: 2,
    ...overrides,
  };
}

export function maintenanceLogFixture(overrides: Partial<MaintenanceLog> = {}): MaintenanceLog {
  return {
    id: LOG_ID,
    asset_id: LAPTOP_ID,
    peripheral_id: null,
    item_name: 'LT-0042 Ann’s laptop',
    type: 'repair',
    status: 'done',
    title: 'Keyboard replaced',
    description: 'Sticky keys after a coffee spill.',
    assignee_id: ann.user_id,
    assignee_name: 'Ann Lee',
    performed_on: '2026-10-02',
    ticket_url: 'https://desk.example/T-1234',
    cost: '89.00',
    currency: 'EUR',
    erasure_method: null,
    erasure_verified_by: '',
    tags: [],
    created_at: '2026-10-02T09:00:00Z',
    updated_at: '2026-10-02T09:00:00Z',
    archived_at: null,
    version: 1,
    ...overrides,
  };
}

export function disposalFixture(overrides: Partial<Disposal> = {}): Disposal {
  return {
    id: DISPOSAL_ID,
    asset_id: LAPTOP_ID,
    peripheral_id: null,
    item_kind: 'asset',
    item_name: 'LT-0042 Ann’s laptop',
    disposed_on: '2026-11-02',
    method: 'recycled',
    partner_name: 'GreenIT Recycling',
    price: null,
    currency: null,
    certificate_number: 'CERT-2026-118',
    notes: '',
    recorded_by_name: 'Olivia Owner',
    created_at: '2026-11-02T10:00:00Z',
    updated_at: '2026-11-02T10:00:00Z',
    version: 1,
    ...overrides,
  };
}

export function disposalChangeFixture(overrides: Partial<DisposalChange> = {}): DisposalChange {
  return {
    id: '0193a2b4-0000-7000-8000-000000500001',
    at: '2026-11-05T08:00:00Z',
    actor_name: 'Olivia Owner',
    reason: 'Certificate received from the recycler',
    changes: { certificate_number: ['', 'CERT-2026-118'] },
    ...overrides,
  };
}

export function dashboardFixture(overrides: Partial<AssetDashboard> = {}): AssetDashboard {
  return {
    fleet: 248,
    in_use: 180,
    in_stock: 41,
    in_repair: 9,
    awaiting_disposal: 18,
    disposed_last_year: 27,
    capex: [{ currency: 'EUR', purchase_total: '412000.00', current_value: '198500.50' }],
    average_age_months: 26.4,
    breakdown_rate: 7.3,
    repair_prone_models: [
      { model_id: LATITUDE_ID, model_name: 'Latitude 7450', brand_name: 'Dell', assets: 40, repairs: 9 },
    ],
    warranty_cliff: [
      { month: '2026-12', count: 4 },
      { month: '2027-01', count: 11 },
    ],
    status_mix: [
      { status: 'in_use', count: 180 },
      { status: 'in_stock', count: 41 },
    ],
    brand_mix: [
      { brand_name: 'Dell', count: 150 },
      { brand_name: 'Apple', count: 60 },
    ],
    ...overrides,
  };
}

export function list<T>(items: T[], overrides: { next_cursor?: string | null; total?: number } = {}) {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

/** No attachment on any record (the attachments panels of the detail pages). */
export function serveNoAttachments() {
  server.use(http.get(apiUrl('/attachments'), () => HttpResponse.json(list([]))));
}

/** A GET list endpoint answering `answer(query)`, with every query seen. */
export function serveList(path: `/${string}`, answer: (query: URLSearchParams) => object) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl(path), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      return HttpResponse.json(answer(query));
    }),
  );
  return seen;
}
