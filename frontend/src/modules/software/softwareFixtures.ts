/** Software, licences and seats as the API answers them, for the software pages' tests. */
import { http, HttpResponse } from 'msw';
import { apiUrl, server } from '../../test/server';
import { ann } from '../assets/assetFixtures';
import type { Licence, LicenceList, LicenceSeat, Software, SoftwareList } from './softwareApi';

export const M365_ID = '0193a2b4-0000-7000-8000-00000005f001';
export const SLACK_ID = '0193a2b4-0000-7000-8000-00000005f002';
export const E3_ID = '0193a2b4-0000-7000-8000-00000005e001';
export const WORKPLACE_GROUP_ID = '0193a2b4-0000-7000-8000-00000005a001';

export function softwareFixture(overrides: Partial<Software> = {}): Software {
  return {
    id: M365_ID,
    name: 'Microsoft 365',
    publisher: 'Microsoft',
    category: 'productivity',
    owner_user_id: ann.user_id,
    owner_user_name: 'Ann Lee',
    owner_group_id: WORKPLACE_GROUP_ID,
    owner_group_name: 'Workplace IT',
    supplier_name: 'SoftwareONE',
    website: 'https://www.microsoft.com/microsoft-365',
    notes: '',
    custom_fields: {},
    licence_count: 2,
    tags: [],
    created_at: '2026-01-10T09:00:00Z',
    updated_at: '2026-01-10T09:00:00Z',
    archived_at: null,
    version: 1,
    ...overrides,
  };
}

export const slack = softwareFixture({
  id: SLACK_ID,
  name: 'Slack',
  publisher: 'Salesforce',
  category: 'communication',
  owner_user_id: null,
  owner_user_name: null,
  owner_group_id: null,
  owner_group_name: null,
  licence_count: 1,
});

export function softwareListFixture(items: Software[], overrides: Partial<SoftwareList> = {}): SoftwareList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

export function licenceFixture(overrides: Partial<Licence> = {}): Licence {
  return {
    id: E3_ID,
    software_id: M365_ID,
    software_name: 'Microsoft 365',
    name: 'Microsoft 365 E3',
    has_key: true,
    key_hint: '••••YT43',
    seats: 250,
    seats_used: 180,
    expires_on: '2099-06-30',
    purchase_date: '2025-07-01',
    cost: '86400.00',
    currency: 'EUR',
    supplier_name: 'SoftwareONE',
    notes: '',
    custom_fields: {},
    status: 'available',
    tags: [],
    created_at: '2026-01-10T09:00:00Z',
    updated_at: '2026-01-10T09:00:00Z',
    archived_at: null,
    version: 3,
    ...overrides,
  };
}

export const fullLicence = licenceFixture({
  id: '0193a2b4-0000-7000-8000-00000005e002',
  name: 'Tableau Creator',
  software_id: SLACK_ID,
  software_name: 'Tableau',
  has_key: false,
  key_hint: '',
  seats: 2,
  seats_used: 2,
  status: 'in_use',
});

export const expiredLicence = licenceFixture({
  id: '0193a2b4-0000-7000-8000-00000005e003',
  name: 'Zoom Business 2024',
  seats: null,
  seats_used: 4,
  expires_on: '2020-01-31',
  status: 'expired',
  has_key: false,
  key_hint: '',
});

export function licenceListFixture(items: Licence[], overrides: Partial<LicenceList> = {}): LicenceList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

export function seatFixture(overrides: Partial<LicenceSeat> = {}): LicenceSeat {
  return {
    id: '0193a2b4-0000-7000-8000-00000005c001',
    licence_id: E3_ID,
    user_id: ann.user_id,
    user_name: 'Ann Lee',
    asset_id: null,
    asset_name: null,
    note: 'Finance team',
    assigned_at: '2026-02-01T10:00:00Z',
    assigned_by_name: 'Olivia Owner',
    ...overrides,
  };
}

/** The catalogue for the pickers and the organisation's groups. */
export function serveSoftwareReference(items: Software[] = [softwareFixture(), slack]) {
  server.use(
    http.get(apiUrl('/groups'), () =>
      HttpResponse.json({
        items: [{ id: WORKPLACE_GROUP_ID, name: 'Workplace IT' }],
        next_cursor: null,
        total: 1,
      }),
    ),
    http.get(apiUrl('/software'), () => HttpResponse.json(softwareListFixture(items))),
  );
}
