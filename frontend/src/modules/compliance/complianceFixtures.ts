import { http, HttpResponse } from 'msw';
import { problemFixture } from '../../test/fixtures';
import { apiUrl, problemResponse, server } from '../../test/server';
import { ann, serveReferenceData, TAGS } from '../assets/assetFixtures';
import { personFixture, servePeople } from '../data/dataFixtures';
import type { Control, ControlCreate, ControlPatch, Framework, FrameworkPatch, LibraryFramework } from './complianceApi';

export const ISO_ID = '0193a2b4-0000-7000-8000-00000000f001';
export const POLICY_ID = '0193a2b4-0000-7000-8000-00000000f002';
export const CIS_ID = '0193a2b4-0000-7000-8000-00000000f003';

export const GROUP_5_ID = '0193a2b4-0000-7000-8000-00000000c050';
export const CONTROL_51_ID = '0193a2b4-0000-7000-8000-00000000c051';
export const CONTROL_52_ID = '0193a2b4-0000-7000-8000-00000000c052';
export const GROUP_8_ID = '0193a2b4-0000-7000-8000-00000000c080';
export const CONTROL_81_ID = '0193a2b4-0000-7000-8000-00000000c081';
export const REQUIREMENT_81A_ID = '0193a2b4-0000-7000-8000-00000000c08a';

export const annPerson = personFixture({ id: ann.user_id, name: ann.name, email: ann.email });

export const bob = personFixture({
  id: '0193a2b4-0000-7000-8000-0000000000b0',
  name: 'Bob Martin',
  email: 'bob.martin@acme-energy.example',
});

export function frameworkFixture(overrides: Partial<Framework> = {}): Framework {
  return {
    id: ISO_ID,
    key: 'iso27001-2022',
    name: 'ISO/IEC 27001:2022 Annex A',
    edition: '2022',
    publisher: 'ISO/IEC',
    source_url: 'https://www.iso.org/standard/27001',
    description: 'Information security controls of Annex A.',
    origin: 'builtin',
    active: true,
    controls: 93,
    applicable: 90,
    not_applicable: 3,
    created_at: '2026-11-01T08:00:00Z',
    updated_at: '2026-11-10T08:00:00Z',
    archived_at: null,
    version: 3,
    ...overrides,
  };
}

export const policyFramework = frameworkFixture({
  id: POLICY_ID,
  key: 'internal-security-policy',
  name: 'Internal security policy',
  edition: 'v4',
  publisher: 'Acme Energy',
  source_url: '',
  description: 'Our own requirements.',
  origin: 'custom',
  active: false,
  controls: 12,
  applicable: 12,
  not_applicable: 0,
  version: 1,
});

export function libraryFixture(overrides: Partial<LibraryFramework> = {}): LibraryFramework {
  return {
    key: 'iso27001-2022',
    name: 'ISO/IEC 27001:2022 Annex A',
    edition: '2022',
    publisher: 'ISO/IEC',
    source_url: 'https://www.iso.org/standard/27001',
    description: 'The 93 information security controls of Annex A.',
    groups: 4,
    controls: 93,
    requirements: 0,
    framework_id: null,
    ...overrides,
  };
}

export const cisLibrary = libraryFixture({
  key: 'cis-v8',
  name: 'CIS Critical Security Controls',
  edition: '8',
  publisher: 'Center for Internet Security',
  source_url: 'https://www.cisecurity.org/controls',
  description: 'Prioritised defensive actions: 18 controls, 153 safeguards.',
  groups: 18,
  controls: 153,
  framework_id: CIS_ID,
});

export const nistLibrary = libraryFixture({
  key: 'nist-csf-2.0',
  name: 'NIST Cybersecurity Framework',
  edition: '2.0',
  publisher: 'NIST',
  source_url: '',
  description: 'Six functions, 22 categories, 106 subcategories.',
  groups: 28,
  controls: 106,
});

export function controlFixture(overrides: Partial<Control> = {}): Control {
  return {
    id: CONTROL_51_ID,
    framework_id: ISO_ID,
    framework_name: 'ISO/IEC 27001:2022 Annex A',
    parent_id: GROUP_5_ID,
    depth: 1,
    position: 1,
    ref: '5.1',
    title: 'Policies for information security',
    kind: 'control',
    description: 'Define, approve, publish and review the information security policy and topic-specific policies.',
    guidance: 'The approved policy set and the records of its last review.',
    attributes: { control_type: ['preventive'] },
    applicability: 'applicable',
    justification: '',
    owner_user_id: ann.user_id,
    owner_name: ann.name,
    editable: false,
    tags: [],
    created_at: '2026-11-01T08:00:00Z',
    updated_at: '2026-11-10T08:00:00Z',
    version: 3,
    ...overrides,
  };
}

/** A small Annex A: two themes, a control with a requirement under the second. */
export function isoTree(): Control[] {
  return [
    controlFixture({
      id: GROUP_5_ID,
      parent_id: null,
      depth: 0,
      position: 0,
      ref: '5',
      title: 'Organizational controls',
      kind: 'group',
      attributes: {},
      owner_user_id: null,
      owner_name: null,
    }),
    controlFixture(),
    controlFixture({
      id: CONTROL_52_ID,
      position: 2,
      ref: '5.2',
      title: 'Information security roles and responsibilities',
      applicability: 'not_applicable',
      justification: 'Covered by the group policy.',
      owner_user_id: null,
      owner_name: null,
    }),
    controlFixture({
      id: GROUP_8_ID,
      parent_id: null,
      depth: 0,
      position: 3,
      ref: '8',
      title: 'Technological controls',
      kind: 'group',
      attributes: {},
      owner_user_id: null,
      owner_name: null,
    }),
    controlFixture({
      id: CONTROL_81_ID,
      parent_id: GROUP_8_ID,
      position: 4,
      ref: '8.1',
      title: 'User endpoint devices',
      owner_user_id: null,
      owner_name: null,
    }),
    controlFixture({
      id: REQUIREMENT_81A_ID,
      parent_id: CONTROL_81_ID,
      depth: 2,
      position: 5,
      ref: '8.1.a',
      title: 'Endpoint inventory',
      kind: 'requirement',
      owner_user_id: null,
      owner_name: null,
    }),
  ];
}

/** The list: what it was asked (query strings) and what it answers. */
export function serveFrameworkList(items: Framework[], { nextCursor = null as string | null, total = items.length } = {}) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/frameworks'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      if (query.get('cursor')) return HttpResponse.json({ items: [policyFramework], next_cursor: null, total });
      return HttpResponse.json({ items, next_cursor: nextCursor, total });
    }),
  );
  return seen;
}

export interface Sent {
  method: string;
  path: string;
  body: unknown;
  ifMatch?: string | null;
  query?: URLSearchParams;
}

/** The library; activating a key that has a copy already is a 409 naming it, as the server answers. */
export function serveLibrary(items: LibraryFramework[], activated: Framework = frameworkFixture()) {
  const sent: Sent[] = [];
  server.use(
    http.get(apiUrl('/framework-library'), () => HttpResponse.json({ items })),
    http.post(apiUrl('/framework-library/:key/activate'), ({ params }) => {
      const key = String(params.key);
      sent.push({ method: 'POST', path: `/framework-library/${key}/activate`, body: null });
      if (key === nistLibrary.key) {
        return problemResponse(
          problemFixture({
            status: 409,
            title: 'Conflict',
            detail: 'NIST Cybersecurity Framework is already activated in your organisation (archived): restore it instead.',
          }),
        );
      }
      return HttpResponse.json({ ...activated, key }, { status: 201 });
    }),
  );
  return sent;
}

export interface FrameworkState {
  framework: Framework;
  controls: Control[];
  /** Rows per page of the control list (to check that every page is read). */
  pageSize?: number;
}

/** One framework and its controls, with If-Match checked on patches; a record of every request sent. */
export function serveFramework(state: FrameworkState) {
  const sent: Sent[] = [];
  serveReferenceData();
  const etag = () => `"${String(state.framework.version)}"`;
  server.use(
    http.get(apiUrl('/frameworks/:id'), () => HttpResponse.json(state.framework, { headers: { ETag: etag() } })),
    http.get(apiUrl('/frameworks/:id/controls'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      sent.push({ method: 'GET', path: 'controls', body: null, query });
      const size = state.pageSize ?? state.controls.length;
      const start = Number(query.get('cursor') ?? '0');
      const items = state.controls.slice(start, start + size);
      const next = start + size < state.controls.length ? String(start + size) : null;
      return HttpResponse.json({ items, next_cursor: next, total: state.controls.length });
    }),
    http.patch(apiUrl('/frameworks/:id'), async ({ request }) => {
      const body = (await request.json()) as FrameworkPatch;
      const ifMatch = request.headers.get('If-Match');
      sent.push({ method: 'PATCH', path: 'framework', body, ifMatch });
      if (ifMatch !== etag()) {
        return problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'Stale version.' }));
      }
      state.framework = { ...state.framework, ...body, version: state.framework.version + 1 };
      return HttpResponse.json(state.framework, { headers: { ETag: etag() } });
    }),
    http.post(apiUrl('/frameworks/:id/archive'), () => {
      sent.push({ method: 'POST', path: 'archive', body: null });
      state.framework = { ...state.framework, archived_at: '2026-11-20T10:00:00Z', version: state.framework.version + 1 };
      return HttpResponse.json(state.framework);
    }),
    http.post(apiUrl('/frameworks/:id/controls'), async ({ request }) => {
      const body = (await request.json()) as ControlCreate;
      sent.push({ method: 'POST', path: 'controls', body });
      const parent = state.controls.find((control) => control.id === body.parent_id);
      const created = controlFixture({
        id: '0193a2b4-0000-7000-8000-00000000c0ff',
        framework_id: state.framework.id,
        framework_name: state.framework.name,
        parent_id: body.parent_id ?? null,
        depth: parent ? parent.depth + 1 : 0,
        position: state.controls.length,
        ref: body.ref,
        title: body.title,
        kind: body.kind ?? 'control',
        description: body.description ?? '',
        guidance: body.guidance ?? '',
        owner_user_id: null,
        owner_name: null,
        editable: true,
        version: 1,
      });
      state.controls = [...state.controls, created];
      return HttpResponse.json(created, { status: 201 });
    }),
  );
  return sent;
}

export interface ControlState {
  control: Control;
}

/**
 * One control, with the contract's rules: If-Match checked (412), a justification required to exclude it and a
 * too-short one refused (422 on `justification`); a record of every request sent.
 */
export function serveControl(state: ControlState, parent?: Control) {
  const sent: Sent[] = [];
  serveReferenceData();
  servePeople([annPerson, bob]);
  const etag = () => `"${String(state.control.version)}"`;
  server.use(
    http.get(apiUrl('/controls/:id'), ({ params }) => {
      if (parent && params.id === parent.id) return HttpResponse.json(parent, { headers: { ETag: `"${String(parent.version)}"` } });
      return HttpResponse.json(state.control, { headers: { ETag: etag() } });
    }),
    http.get(apiUrl('/attachments'), () => HttpResponse.json({ items: [], next_cursor: null, total: 0 })),
    http.get(apiUrl('/timeline'), () => HttpResponse.json({ items: [], next_cursor: null, total: 0 })),
    http.patch(apiUrl('/controls/:id'), async ({ request }) => {
      const body = (await request.json()) as ControlPatch;
      const ifMatch = request.headers.get('If-Match');
      sent.push({ method: 'PATCH', path: 'control', body, ifMatch });
      if (ifMatch !== etag()) {
        return problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'Stale version.' }));
      }
      const next = { ...state.control, ...body };
      if (next.applicability === 'not_applicable' && next.justification.trim().length < 10) {
        return problemResponse(
          problemFixture({
            status: 422,
            title: 'The control is not valid.',
            errors: [
              {
                field: 'justification',
                code: 'too_short',
                message: 'must explain why the control is excluded (at least 10 characters)',
              },
            ],
          }),
        );
      }
      const { tag_ids: tagIds, ...fields } = body;
      const owner = [annPerson, bob].find((person) => person.id === body.owner_user_id);
      state.control = {
        ...state.control,
        ...fields,
        ...(body.owner_user_id !== undefined ? { owner_name: owner?.name ?? null } : {}),
        ...(tagIds ? { tags: TAGS.filter((tag) => tagIds.includes(tag.id)) } : {}),
        version: state.control.version + 1,
      };
      return HttpResponse.json(state.control, { headers: { ETag: etag() } });
    }),
  );
  return sent;
}
