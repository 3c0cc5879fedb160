import { http, HttpResponse } from 'msw';
import { problemFixture } from '../../test/fixtures';
import { apiUrl, problemResponse, server } from '../../test/server';
import { ann, BRUSSELS_ID, serveReferenceData, TAGS } from '../assets/assetFixtures';
import { ASSET_ID, LINKABLE_TYPES, personFixture, servePeople } from '../data/dataFixtures';
import type {
  Control,
  ControlCreate,
  ControlPatch,
  Evidence,
  EvidenceCreate,
  Framework,
  FrameworkPatch,
  FrameworkStatus,
  LibraryFramework,
  Rule,
  RuleCreate,
  RulePatch,
  RuleTarget,
} from './complianceApi';

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
export function serveFramework(state: FrameworkState, status: FrameworkStatus = frameworkStatusFixture()) {
  const sent: Sent[] = [];
  serveReferenceData();
  serveFrameworkStatus(status, sent);
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
export function serveControl(state: ControlState, parent?: Control, status: FrameworkStatus = frameworkStatusFixture()) {
  const sent: Sent[] = [];
  serveReferenceData();
  serveFrameworkStatus(status);
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

/** The status of the small Annex A: 5.1 compliant, 5.2 excluded, 8.1 non-compliant (a rule overdue). */
export function frameworkStatusFixture(overrides: Partial<FrameworkStatus> = {}): FrameworkStatus {
  return {
    framework_id: ISO_ID,
    score: 0.5,
    applicable: 2,
    counts: { compliant: 1, warning: 0, non_compliant: 1, manual: 0, uncovered: 0, not_applicable: 1 },
    controls: [
      { control_id: CONTROL_51_ID, ref: '5.1', title: 'Policies for information security', status: 'compliant', next_due: '2027-02-01' },
      {
        control_id: CONTROL_52_ID,
        ref: '5.2',
        title: 'Information security roles and responsibilities',
        status: 'not_applicable',
        next_due: null,
      },
      { control_id: CONTROL_81_ID, ref: '8.1', title: 'User endpoint devices', status: 'non_compliant', next_due: '2026-10-01' },
    ],
    computed_at: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

/** GET /frameworks/{id}/status, every request recorded. */
export function serveFrameworkStatus(status: FrameworkStatus, sent: Sent[] = []) {
  server.use(
    http.get(apiUrl('/frameworks/:id/status'), () => {
      sent.push({ method: 'GET', path: 'status', body: null });
      return HttpResponse.json(status);
    }),
  );
  return sent;
}

export const EVIDENCE_POLICY_ID = '0193a2b4-0000-7000-8000-00000000e001';
export const EVIDENCE_LOCATION_ID = '0193a2b4-0000-7000-8000-00000000e002';
export const NEW_EVIDENCE_ID = '0193a2b4-0000-7000-8000-00000000e0ff';

export function evidenceFixture(overrides: Partial<Evidence> = {}): Evidence {
  return {
    id: EVIDENCE_POLICY_ID,
    control_id: CONTROL_51_ID,
    control_ref: '5.1',
    control_title: 'Policies for information security',
    framework_id: ISO_ID,
    framework_name: 'ISO/IEC 27001:2022 Annex A',
    entity: { type: 'asset', id: ASSET_ID, label: 'LT-0042 Ann’s laptop', route: `/assets/${ASSET_ID}`, archived: false },
    description: 'Hardened according to the endpoint policy.',
    effective_from: '2026-01-01',
    effective_to: null,
    created_by_name: 'Olivia Owner',
    created_at: '2026-11-02T09:00:00Z',
    ...overrides,
  };
}

export const expiredEvidence = evidenceFixture({
  id: EVIDENCE_LOCATION_ID,
  entity: { type: 'location', id: BRUSSELS_ID, label: 'Brussels HQ', route: `/assets/locations/${BRUSSELS_ID}`, archived: true },
  description: 'Physical access log reviewed.',
  effective_from: '2024-01-01',
  effective_to: '2024-12-31',
  created_by_name: 'Ann Lee',
});

export interface EvidenceState {
  items: Evidence[];
}

/**
 * A control's evidence and the record types to link, with the contract's rules: a description required and an end
 * not before the start (422 on the field), a record linked once (409); removal records its If-Match.
 */
export function serveEvidence(state: EvidenceState) {
  const sent: Sent[] = [];
  server.use(
    http.get(apiUrl('/linkable-types'), () => HttpResponse.json({ items: LINKABLE_TYPES })),
    http.get(apiUrl('/controls/:id/evidence'), ({ request }) => {
      sent.push({ method: 'GET', path: 'evidence', body: null, query: new URL(request.url).searchParams });
      return HttpResponse.json({ items: state.items, next_cursor: null, total: state.items.length });
    }),
    http.post(apiUrl('/controls/:id/evidence'), async ({ request, params }) => {
      const body = (await request.json()) as EvidenceCreate;
      sent.push({ method: 'POST', path: 'evidence', body });
      const errors = [];
      if (body.description.trim().length < 10) {
        errors.push({ field: 'description', code: 'too_short', message: 'must say why the record is evidence (at least 10 characters)' });
      }
      if (body.effective_from && body.effective_to && body.effective_to < body.effective_from) {
        errors.push({ field: 'effective_to', code: 'before_start', message: 'is before effective_from' });
      }
      if (errors.length > 0) {
        return problemResponse(problemFixture({ status: 422, title: 'The evidence is not valid.', errors }));
      }
      if (state.items.some((item) => item.entity.type === body.entity_type && item.entity.id === body.entity_id)) {
        return problemResponse(
          problemFixture({ status: 409, title: 'Conflict', detail: 'This record is already evidence for the control.' }),
        );
      }
      const location = body.entity_type === 'location';
      const created = evidenceFixture({
        id: NEW_EVIDENCE_ID,
        control_id: String(params.id),
        entity: {
          type: body.entity_type,
          id: body.entity_id,
          label: location ? 'Brussels HQ' : 'A record',
          route: location ? `/assets/locations/${body.entity_id}` : `/assets/${body.entity_id}`,
          archived: false,
        },
        description: body.description,
        effective_from: body.effective_from ?? null,
        effective_to: body.effective_to ?? null,
        created_at: '2026-11-21T09:00:00Z',
      });
      state.items = [created, ...state.items];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.delete(apiUrl('/evidence/:id'), ({ request, params }) => {
      sent.push({ method: 'DELETE', path: `evidence/${String(params.id)}`, body: null, ifMatch: request.headers.get('If-Match') });
      state.items = state.items.filter((item) => item.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return sent;
}

/** GET /evidence?type=&id=: the controls a record supports (one page), every request recorded. */
export function serveEntityEvidence(items: Evidence[]) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/evidence'), ({ request }) => {
      seen.push(new URL(request.url).searchParams);
      return HttpResponse.json({ items, next_cursor: null, total: items.length });
    }),
  );
  return seen;
}

export const RULE_TARGETS: RuleTarget[] = [
  {
    name: 'data_erasure',
    label: 'Data erasure performed',
    module: 'assets',
    entity_type: 'maintenance_log',
    criteria: [{ name: 'method', label: 'NIST SP 800-88 method', values: ['clear', 'purge', 'destroy'] }],
  },
  {
    name: 'inventory_completed',
    label: 'Physical inventory campaign completed',
    module: 'assets',
    entity_type: 'inventory_campaign',
    criteria: [],
  },
  {
    name: 'maintenance_done',
    label: 'Maintenance done',
    module: 'assets',
    entity_type: 'maintenance_log',
    // `calibration` is in the SPA's copy of the registry but no longer on the server (a 422 in the tests).
    criteria: [{ name: 'type', label: 'Type of maintenance', values: ['preventive', 'corrective', 'inspection', 'calibration'] }],
  },
];

export const RULE_MAINTENANCE_ID = '0193a2b4-0000-7000-8000-00000000a001';
export const RULE_INVENTORY_ID = '0193a2b4-0000-7000-8000-00000000a002';
export const NEW_RULE_ID = '0193a2b4-0000-7000-8000-00000000a0ff';

export function ruleFixture(overrides: Partial<Rule> = {}): Rule {
  return {
    id: RULE_MAINTENANCE_ID,
    control_id: CONTROL_81_ID,
    target: 'maintenance_done',
    criteria: { type: ['preventive'] },
    scope: 'linked',
    frequency_days: 90,
    grace_days: 15,
    enabled: true,
    description: 'Quarterly preventive maintenance of the laptops.',
    status: 'non_compliant',
    newest_at: '2026-06-01T08:00:00Z',
    next_due: '2026-08-30',
    created_at: '2026-11-01T08:00:00Z',
    updated_at: '2026-11-01T08:00:00Z',
    version: 2,
    ...overrides,
  };
}

export const inventoryRule = ruleFixture({
  id: RULE_INVENTORY_ID,
  target: 'inventory_completed',
  criteria: {},
  scope: 'organisation',
  frequency_days: 365,
  grace_days: 0,
  enabled: false,
  description: '',
  status: 'unknown',
  newest_at: null,
  next_due: null,
  version: 1,
});

export interface RulesState {
  rules: Rule[];
}

const SERVER_VALUES: Record<string, string[]> = { type: ['preventive', 'corrective', 'inspection'] };

/**
 * A control's rules and the targets registry, with the contract's rules: If-Match checked on changes and removals
 * (412), a criterion value the server does not know refused on `criteria.<name>` (422); every request recorded.
 */
export function serveRules(state: RulesState) {
  const sent: Sent[] = [];
  const etag = (rule: Rule) => `"${String(rule.version)}"`;
  const refused = (criteria: Record<string, string[]> | undefined) =>
    Object.entries(criteria ?? {}).flatMap(([name, values]) => {
      const known = Object.hasOwn(SERVER_VALUES, name) ? SERVER_VALUES[name] : undefined;
      if (!known || values.every((value) => known.includes(value))) return [];
      return [{ field: `criteria.${name}`, code: 'invalid', message: `values must be among ${known.join(', ')}` }];
    });
  server.use(
    http.get(apiUrl('/rule-targets'), () => HttpResponse.json({ items: RULE_TARGETS })),
    http.get(apiUrl('/controls/:id/rules'), () => {
      sent.push({ method: 'GET', path: 'rules', body: null });
      return HttpResponse.json({ items: state.rules, next_cursor: null, total: state.rules.length });
    }),
    http.post(apiUrl('/controls/:id/rules'), async ({ request, params }) => {
      const body = (await request.json()) as RuleCreate;
      sent.push({ method: 'POST', path: 'rules', body });
      const errors = refused(body.criteria);
      if (errors.length > 0) return problemResponse(problemFixture({ status: 422, title: 'The rule is not valid.', errors }));
      const created = ruleFixture({
        id: NEW_RULE_ID,
        control_id: String(params.id),
        target: body.target,
        criteria: body.criteria ?? {},
        scope: body.scope,
        frequency_days: body.frequency_days,
        grace_days: body.grace_days,
        enabled: body.enabled,
        description: body.description ?? '',
        status: body.enabled ? 'non_compliant' : 'unknown',
        newest_at: null,
        next_due: null,
        version: 1,
      });
      state.rules = [...state.rules, created];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.patch(apiUrl('/rules/:id'), async ({ request, params }) => {
      const body = (await request.json()) as RulePatch;
      const ifMatch = request.headers.get('If-Match');
      sent.push({ method: 'PATCH', path: `rules/${String(params.id)}`, body, ifMatch });
      const rule = state.rules.find((item) => item.id === params.id);
      if (!rule) return problemResponse(problemFixture({ status: 404, title: 'Not found' }));
      if (ifMatch !== etag(rule)) {
        return problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'Stale version.' }));
      }
      const errors = refused(body.criteria);
      if (errors.length > 0) return problemResponse(problemFixture({ status: 422, title: 'The rule is not valid.', errors }));
      const saved = { ...rule, ...body, version: rule.version + 1 };
      state.rules = state.rules.map((item) => (item.id === rule.id ? saved : item));
      return HttpResponse.json(saved, { headers: { ETag: etag(saved) } });
    }),
    http.delete(apiUrl('/rules/:id'), ({ request, params }) => {
      const ifMatch = request.headers.get('If-Match');
      sent.push({ method: 'DELETE', path: `rules/${String(params.id)}`, body: null, ifMatch });
      const rule = state.rules.find((item) => item.id === params.id);
      if (!rule) return problemResponse(problemFixture({ status: 404, title: 'Not found' }));
      if (ifMatch !== etag(rule)) {
        return problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'Stale version.' }));
      }
      state.rules = state.rules.filter((item) => item.id !== rule.id);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return sent;
}
