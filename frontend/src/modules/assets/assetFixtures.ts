/** Assets, their custody log and history, and the reference lists, as the API answers them, for the asset pages' tests. */
import { http, HttpResponse } from 'msw';
import type { components } from '../../api/schema';
import { memberFixture } from '../../test/fixtures';
import { apiUrl, server } from '../../test/server';
import { personFixture, servePeople } from '../data/dataFixtures';
import type {
  Asset,
  AssetList,
  AssetModel,
  Brand,
  CustodyEntry,
  Location,
  LocationList,
  TimelineEntry,
} from './assetsApi';

type Tag = components['schemas']['Tag'];
type CustomField = components['schemas']['CustomField'];

export const BRUSSELS_ID = '0193a2b4-0000-7000-8000-0000000a0001';
export const AWS_ID = '0193a2b4-0000-7000-8000-0000000a0002';
export const DELL_ID = '0193a2b4-0000-7000-8000-0000000b0001';
export const APPLE_ID = '0193a2b4-0000-7000-8000-0000000b0002';
export const LATITUDE_ID = '0193a2b4-0000-7000-8000-0000000c0001';
export const MACBOOK_ID = '0193a2b4-0000-7000-8000-0000000c0002';
export const LAPTOP_TAG_ID = '0193a2b4-0000-7000-8000-0000000d0001';
export const FINANCE_TAG_ID = '0193a2b4-0000-7000-8000-0000000d0002';

export function locationFixture(overrides: Partial<Location> = {}): Location {
  return {
    id: BRUSSELS_ID,
    name: 'Brussels HQ',
    address_line1: 'Rue de la Loi 16',
    address_line2: '',
    postal_code: '1000',
    city: 'Brussels',
    country: 'BE',
    timezone: 'Europe/Brussels',
    physical: true,
    notes: '',
    custom_fields: {},
    asset_count: 42,
    created_at: '2026-01-10T09:00:00Z',
    updated_at: '2026-01-10T09:00:00Z',
    archived_at: null,
    version: 1,
    ...overrides,
  };
}

export const awsLocation = locationFixture({
  id: AWS_ID,
  name: 'AWS eu-west-1',
  address_line1: '',
  postal_code: '',
  city: '',
  country: 'IE',
  timezone: 'Europe/Dublin',
  physical: false,
  asset_count: 3,
});

export function locationListFixture(items: Location[], overrides: Partial<LocationList> = {}): LocationList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

export function brandFixture(overrides: Partial<Brand> = {}): Brand {
  return {
    id: DELL_ID,
    name: 'Dell',
    website: 'https://www.dell.com',
    notes: '',
    model_count: 1,
    created_at: '2026-01-10T09:00:00Z',
    updated_at: '2026-01-10T09:00:00Z',
    archived_at: null,
    version: 1,
    ...overrides,
  };
}

export const appleBrand = brandFixture({ id: APPLE_ID, name: 'Apple', website: '', model_count: 1 });

export function modelFixture(overrides: Partial<AssetModel> = {}): AssetModel {
  return {
    id: LATITUDE_ID,
    brand_id: DELL_ID,
    name: 'Latitude 7450',
    category: 'laptop',
    notes: '',
    brand_name: 'Dell',
    asset_count: 12,
    created_at: '2026-01-10T09:00:00Z',
    updated_at: '2026-01-10T09:00:00Z',
    archived_at: null,
    version: 1,
    ...overrides,
  };
}

export const macbookModel = modelFixture({
  id: MACBOOK_ID,
  brand_id: APPLE_ID,
  brand_name: 'Apple',
  name: 'MacBook Pro 14',
  asset_count: 5,
});

export function tagFixture(overrides: Partial<Tag> = {}): Tag {
  return {
    id: LAPTOP_TAG_ID,
    name: 'Laptops',
    colour: 'blue',
    description: '',
    uses: 3,
    created_at: '2026-01-10T09:00:00Z',
    archived_at: null,
    version: 1,
    ...overrides,
  };
}

export const TAGS: Tag[] = [tagFixture(), tagFixture({ id: FINANCE_TAG_ID, name: 'Finance', colour: 'green' })];

export function customFieldFixture(overrides: Partial<CustomField> = {}): CustomField {
  return {
    id: '0193a2b4-0000-7000-8000-0000000e0001',
    entity_type: 'asset',
    key: 'cost_centre',
    label: 'Cost centre',
    type: 'text',
    required: false,
    default: null,
    help: '',
    options: [],
    position: 0,
    created_at: '2026-01-10T09:00:00Z',
    archived_at: null,
    version: 1,
    ...overrides,
  };
}

export const ann = memberFixture();

export function assetFixture(overrides: Partial<Asset> = {}): Asset {
  return {
    id: '0193a2b4-0000-7000-8000-0000000f0001',
    name: 'LT-0042 Ann’s laptop',
    asset_tag: 'LT-0042',
    serial: 'CN-0X1Y2Z',
    model_id: LATITUDE_ID,
    critical: false,
    virtual: false,
    purchase_date: '2025-03-01',
    cost: '1299.00',
    currency: 'EUR',
    warranty_months: 36,
    supplier_name: 'Dell Belgium',
    location_id: BRUSSELS_ID,
    comments: '',
    custom_fields: {},
    status: 'in_stock',
    warranty_end: '2028-03-01',
    model_name: 'Latitude 7450',
    brand_id: DELL_ID,
    brand_name: 'Dell',
    category: 'laptop',
    location_name: 'Brussels HQ',
    holder_id: null,
    holder_name: null,
    remote: false,
    tags: [{ id: LAPTOP_TAG_ID, name: 'Laptops', colour: 'blue' }],
    created_at: '2026-01-10T09:00:00Z',
    updated_at: '2026-01-10T09:00:00Z',
    archived_at: null,
    version: 3,
    ...overrides,
  };
}

export function assetListFixture(items: Asset[], overrides: Partial<AssetList> = {}): AssetList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

export function custodyFixture(overrides: Partial<CustodyEntry> = {}): CustodyEntry {
  return {
    id: '0193a2b4-0000-7000-8000-000000100001',
    action: 'check_out',
    user_id: ann.user_id,
    user_name: 'Ann Lee',
    location_id: BRUSSELS_ID,
    location_name: 'Brussels HQ',
    remote: true,
    note: 'Home office kit',
    actor_name: 'Olivia Owner',
    at: '2026-11-20T09:00:00Z',
    ...overrides,
  };
}

export function timelineEntryFixture(overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    id: 'audit:1',
    at: '2026-11-21T10:00:00Z',
    kind: 'changed',
    actor_name: 'Olivia Owner',
    summary: 'Details changed',
    changes: {},
    ...overrides,
  };
}

function list<T>(items: T[]) {
  return { items, next_cursor: null, total: items.length };
}

export interface ReferenceData {
  locations?: Location[];
  brands?: Brand[];
  models?: AssetModel[];
  tags?: Tag[];
  customFields?: CustomField[];
}

/**
 * What the asset pages read around an asset: the reference lists (locations, brands, models), the tag dictionary,
 * custom field definitions, links and the people directory that the pickers search.
 */
export function serveReferenceData({
  locations = [locationFixture(), awsLocation],
  brands = [appleBrand, brandFixture()],
  models = [modelFixture(), macbookModel],
  tags = TAGS,
  customFields = [],
}: ReferenceData = {}) {
  const seen = {
    locations: [] as URLSearchParams[],
    models: [] as URLSearchParams[],
    people: servePeople([personFixture({ id: ann.user_id, name: ann.name, email: ann.email })]),
  };
  server.use(
    http.get(apiUrl('/locations'), ({ request }) => {
      seen.locations.push(new URL(request.url).searchParams);
      return HttpResponse.json(list(locations));
    }),
    http.get(apiUrl('/brands'), () => HttpResponse.json(list(brands))),
    http.get(apiUrl('/asset-models'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.models.push(query);
      const brandId = query.get('brand_id');
      return HttpResponse.json(list(brandId ? models.filter((model) => model.brand_id === brandId) : models));
    }),
    http.get(apiUrl('/tags'), () => HttpResponse.json(list(tags))),
    http.get(apiUrl('/custom-fields'), ({ request }) => {
      const type = new URL(request.url).searchParams.get('entity_type');
      return HttpResponse.json(list(customFields.filter((field) => !type || field.entity_type === type)));
    }),
    http.get(apiUrl('/linkable-types'), () => HttpResponse.json({ items: [] })),
    http.get(apiUrl('/links'), () => HttpResponse.json({ items: [], total: 0 })),
    // The "controls this supports" panel next to the links.
    http.get(apiUrl('/evidence'), () => HttpResponse.json({ items: [], next_cursor: null, total: 0 })),
  );
  return seen;
}
