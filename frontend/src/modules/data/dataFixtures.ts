/**
 * Linkable types, tags, custom field definitions, links and the people directory as the API answers them, for the data
 * platform's tests (and the modules whose pickers use them).
 */
import { http, HttpResponse } from 'msw';
import { memberFixture } from '../../test/fixtures';
import { apiUrl, server } from '../../test/server';
import type { CustomField } from './customFieldsApi';
import type { LinkableType } from './dataApi';
import type { Link } from './linksApi';
import type { Person } from './peopleApi';
import type { Tag, TagList } from './tagsApi';

export const ASSET_ID = '0193a2b4-0000-7000-8000-0000000a5501';

export function linkableTypeFixture(overrides: Partial<LinkableType> = {}): LinkableType {
  return {
    name: 'asset',
    label: 'Asset',
    module: 'assets',
    route: '/assets/{id}',
    archivable: true,
    taggable: true,
    custom_fields: true,
    ...overrides,
  };
}

export const LINKABLE_TYPES: LinkableType[] = [
  linkableTypeFixture(),
  linkableTypeFixture({ name: 'location', label: 'Location', route: '/assets/locations/{id}' }),
  linkableTypeFixture({
    name: 'risk',
    label: 'Risk',
    module: 'risk',
    route: '/risk/{id}',
    taggable: true,
    custom_fields: false,
  }),
];

export function tagFixture(overrides: Partial<Tag> = {}): Tag {
  return {
    id: '0193a2b4-0000-7000-8000-0000000a7a01',
    name: 'Critical',
    colour: 'red',
    description: 'Needed to keep the grid running.',
    uses: 12,
    created_at: '2026-11-01T10:00:00Z',
    archived_at: null,
    version: 3,
    ...overrides,
  };
}

export const CRITICAL = tagFixture();
export const FINANCE = tagFixture({
  id: '0193a2b4-0000-7000-8000-0000000a7a02',
  name: 'Finance',
  colour: 'teal',
  description: '',
  uses: 0,
  version: 1,
});
export const LEGACY = tagFixture({
  id: '0193a2b4-0000-7000-8000-0000000a7a03',
  name: 'Legacy',
  colour: 'gray',
  description: 'Replaced systems.',
  uses: 4,
  archived_at: '2026-10-01T00:00:00Z',
  version: 2,
});

export function tagListFixture(items: Tag[], overrides: Partial<TagList> = {}): TagList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

export function customFieldFixture(overrides: Partial<CustomField> = {}): CustomField {
  return {
    id: '0193a2b4-0000-7000-8000-0000000acf01',
    entity_type: 'asset',
    key: 'cost_centre',
    label: 'Cost centre',
    type: 'text',
    required: false,
    default: null,
    help: 'The finance code the asset is charged to.',
    options: [],
    position: 0,
    created_at: '2026-11-01T10:00:00Z',
    archived_at: null,
    version: 1,
    ...overrides,
  };
}

export function customFieldListFixture(items: CustomField[]) {
  return { items, next_cursor: null, total: items.length };
}

/** One definition of every type, in form order. */
export const EVERY_TYPE: CustomField[] = [
  customFieldFixture({ required: true }),
  customFieldFixture({ id: '0193a2b4-0000-7000-8000-0000000acf02', key: 'notes', label: 'Notes', type: 'long_text', help: '', position: 10 }),
  customFieldFixture({ id: '0193a2b4-0000-7000-8000-0000000acf03', key: 'power_w', label: 'Power (W)', type: 'number', help: '', position: 20 }),
  customFieldFixture({ id: '0193a2b4-0000-7000-8000-0000000acf04', key: 'audited_on', label: 'Audited on', type: 'date', help: '', position: 30 }),
  customFieldFixture({ id: '0193a2b4-0000-7000-8000-0000000acf05', key: 'ot', label: 'Operational technology', type: 'boolean', help: '', position: 40 }),
  customFieldFixture({
    id: '0193a2b4-0000-7000-8000-0000000acf06',
    key: 'tier',
    label: 'Tier',
    type: 'select',
    options: ['Gold', 'Silver', 'Bronze'],
    help: '',
    position: 50,
  }),
  customFieldFixture({
    id: '0193a2b4-0000-7000-8000-0000000acf07',
    key: 'zones',
    label: 'Zones',
    type: 'multi_select',
    options: ['North', 'South'],
    help: '',
    position: 60,
  }),
  customFieldFixture({ id: '0193a2b4-0000-7000-8000-0000000acf08', key: 'runbook', label: 'Runbook', type: 'url', help: '', position: 70 }),
  customFieldFixture({ id: '0193a2b4-0000-7000-8000-0000000acf09', key: 'owner', label: 'Owner', type: 'user', help: '', position: 80 }),
];

export function linkFixture(overrides: Partial<Link> = {}): Link {
  return {
    id: '0193a2b4-0000-7000-8000-0000000a1101',
    source_type: 'asset',
    source_id: ASSET_ID,
    target_type: 'location',
    target_id: '0193a2b4-0000-7000-8000-0000000a10c1',
    relation: 'part_of',
    note: 'Rack 4',
    created_by: 'Olivia Owner',
    created_at: '2026-11-20T09:00:00Z',
    direction: 'outgoing',
    other: {
      type: 'location',
      id: '0193a2b4-0000-7000-8000-0000000a10c1',
      label: 'Brussels data centre',
      route: '/assets/locations/0193a2b4-0000-7000-8000-0000000a10c1',
      archived: false,
    },
    ...overrides,
  };
}

/** A person of the directory (GET /people): Ann Lee, the same user as `memberFixture()` unless overridden. */
export function personFixture(overrides: Partial<Person> = {}): Person {
  const member = memberFixture();
  return {
    id: member.user_id,
    name: member.name,
    email: member.email,
    department: member.department,
    job_title: member.job_title,
    ...overrides,
  };
}

/**
 * GET /people as the server answers it: the people whose id is among `id` (when given) and whose name or e-mail holds
 * `q`, at most `limit`. Returns the queries it was sent.
 */
export function servePeople(people: Person[] = [personFixture()]): URLSearchParams[] {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/people'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      const ids = query.getAll('id');
      const q = (query.get('q') ?? '').toLowerCase();
      const matching = people.filter(
        (person) =>
          (ids.length === 0 || ids.includes(person.id)) &&
          (person.name.toLowerCase().includes(q) || person.email.toLowerCase().includes(q)),
      );
      const limit = Number(query.get('limit') ?? '50');
      return HttpResponse.json({ items: matching.slice(0, limit), next_cursor: null, total: matching.length });
    }),
  );
  return seen;
}
