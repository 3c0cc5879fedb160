/**
 * Compliance (SPEC §2.7) as the SPA reads and changes it (openapi.yaml, tag compliance): the framework library shipped
 * with OpsDeck, the organisation's frameworks (built-in copies of library frameworks, custom and imported ones) and
 * their control trees with the Statement of Applicability. Reading needs `compliance` read, changing anything
 * `compliance` write.
 *
 * Frameworks and controls change by merge patch with the `If-Match` of the version on screen. A built-in framework's
 * content is the publisher's: only `active` changes on it, and only the Statement of Applicability on its controls.
 *
 * A control is shown to operate by its evidence (records of any linkable type linked to it, each for a period) and by
 * its automated rules (the newest record of a target against a frequency and a grace period). The framework's status
 * (one set-based computation per framework) gives every control's status and the score.
 */
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import type { components, operations } from '../../api/schema';
import { client, unwrap, unwrapVersioned, type Versioned } from '../../lib/api';
import { auditEventsQueryKey } from '../../lib/audit';
import { timelineQueryKey } from '../../lib/timeline';
import { readAll, versionEtag } from '../data/dataApi';

export type LibraryFramework = components['schemas']['LibraryFramework'];
export type Framework = components['schemas']['Framework'];
export type FrameworkList = components['schemas']['FrameworkList'];
export type FrameworkCreate = components['schemas']['FrameworkCreate'];
export type FrameworkPatch = components['schemas']['FrameworkPatch'];
export type FrameworkOrigin = components['schemas']['FrameworkOrigin'];
export type Control = components['schemas']['Control'];
export type ControlList = components['schemas']['ControlList'];
export type ControlCreate = components['schemas']['ControlCreate'];
export type ControlPatch = components['schemas']['ControlPatch'];
export type ControlKind = components['schemas']['ControlKind'];
export type Applicability = components['schemas']['Applicability'];
export type Evidence = components['schemas']['Evidence'];
export type EvidenceList = components['schemas']['EvidenceList'];
export type EvidenceCreate = components['schemas']['EvidenceCreate'];
export type Rule = components['schemas']['Rule'];
export type RuleCreate = components['schemas']['RuleCreate'];
export type RulePatch = components['schemas']['RulePatch'];
export type RuleTarget = components['schemas']['RuleTarget'];
export type RuleCriterion = components['schemas']['RuleCriterion'];
export type RuleScope = Rule['scope'];
export type RuleStatus = Rule['status'];
export type FrameworkStatus = components['schemas']['FrameworkStatus'];
export type ControlStatus = components['schemas']['ControlStatus'];
export type ControlStatusValue = ControlStatus['status'];

type FrameworkListParams = NonNullable<operations['listFrameworks']['parameters']['query']>;

export const FRAMEWORK_ORIGINS: readonly FrameworkOrigin[] = ['builtin', 'custom', 'imported'];
export const CONTROL_KINDS: readonly ControlKind[] = ['group', 'control', 'requirement'];
export const APPLICABILITIES: readonly Applicability[] = ['applicable', 'not_applicable'];

/** A colour per origin, for ReadableBadge. */
export const ORIGIN_COLOURS: Readonly<Record<FrameworkOrigin, string>> = {
  builtin: 'blue',
  custom: 'grape',
  imported: 'teal',
};

export const APPLICABILITY_COLOURS: Readonly<Record<Applicability, string>> = {
  applicable: 'green',
  not_applicable: 'gray',
};

/** Control statuses, best first (the summary's order; the status filter's). */
export const CONTROL_STATUSES: readonly ControlStatusValue[] = [
  'compliant',
  'manual',
  'warning',
  'non_compliant',
  'uncovered',
  'not_applicable',
];
export const RULE_STATUSES: readonly RuleStatus[] = ['compliant', 'warning', 'non_compliant', 'unknown'];
export const RULE_SCOPES: readonly RuleScope[] = ['organisation', 'linked'];

/** A colour per status, for ReadableBadge (the text says the status too: colour is never the only cue). */
export const STATUS_COLOURS: Readonly<Record<ControlStatusValue | RuleStatus, string>> = {
  compliant: 'green',
  manual: 'teal',
  warning: 'orange',
  non_compliant: 'red',
  uncovered: 'yellow',
  not_applicable: 'gray',
  unknown: 'gray',
};

export const PAGE_SIZE = 50;
/** The API's largest page, for the short lists read whole (a control's rules). */
export const MAX_PAGE = 200;
/** The API's largest page of controls: a framework's whole tree usually fits one. */
export const CONTROLS_PAGE_SIZE = 1000;

export const complianceQueryKey = ['compliance'] as const;
export const frameworksQueryKey = [...complianceQueryKey, 'frameworks'] as const;
export const controlsQueryKey = [...complianceQueryKey, 'controls'] as const;
export const libraryQueryKey = [...complianceQueryKey, 'library'] as const;
export const evidenceQueryKey = [...complianceQueryKey, 'evidence'] as const;
export const rulesQueryKey = [...complianceQueryKey, 'rules'] as const;
export const statusQueryKey = [...complianceQueryKey, 'status'] as const;

export interface FrameworkFilters {
  q?: string;
  origin?: FrameworkOrigin[];
  include_archived?: boolean;
}

/** The list's query parameters: only the known filters, in a fixed order (stable query keys). */
export function frameworkListQuery(filters: FrameworkFilters, pageSize = PAGE_SIZE): FrameworkListParams {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.origin?.length ? { origin: filters.origin } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: 'name',
    limit: pageSize,
  };
}

/** GET /frameworks, one page per `next_cursor`. */
export function frameworksQueryOptions(filters: FrameworkFilters, pageSize = PAGE_SIZE) {
  const query = frameworkListQuery(filters, pageSize);
  return infiniteQueryOptions({
    queryKey: [...frameworksQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<FrameworkList> =>
      (await unwrap(client.GET('/frameworks', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useFrameworks(filters: FrameworkFilters) {
  return useInfiniteQuery({ ...frameworksQueryOptions(filters), placeholderData: keepPreviousData });
}

/** GET /framework-library: every library framework, with the organisation's copy when activated. */
export function libraryQueryOptions() {
  return queryOptions({
    queryKey: libraryQueryKey,
    queryFn: async ({ signal }): Promise<LibraryFramework[]> =>
      (await unwrap(client.GET('/framework-library', { signal }))).data.items,
  });
}

/** GET /frameworks/{id} with the ETag that the next patch must send. */
export function frameworkQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...frameworksQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Framework>> =>
      unwrapVersioned(client.GET('/frameworks/{id}', { params: { path: { id } }, signal })),
  });
}

/**
 * GET /frameworks/{id}/controls: the whole tree in reading order, every page followed (the API's largest page holds
 * a thousand rows, so one request is the rule).
 */
export function controlTreeQueryOptions(frameworkId: string, pageSize = CONTROLS_PAGE_SIZE) {
  return queryOptions({
    queryKey: [...controlsQueryKey, 'tree', frameworkId] as const,
    queryFn: async ({ signal }): Promise<Control[]> => {
      const rows: Control[] = [];
      let cursor: string | undefined;
      do {
        const page = (
          await unwrap(
            client.GET('/frameworks/{id}/controls', {
              params: { path: { id: frameworkId }, query: { sort: 'position', limit: pageSize, cursor } },
              signal,
            }),
          )
        ).data;
        rows.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor !== undefined);
      return rows;
    },
  });
}

/** GET /controls/{id} with the ETag that the next patch must send. */
export function controlQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...controlsQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Control>> =>
      unwrapVersioned(client.GET('/controls/{id}', { params: { path: { id } }, signal })),
  });
}

/** After a change: every compliance query, the audit trail and the timelines. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: complianceQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
      queryClient.invalidateQueries({ queryKey: timelineQueryKey }),
    ]);
}

/** POST /framework-library/{key}/activate: the organisation's built-in copy (409 when there is one already). */
export function useActivateLibraryFramework() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (key: string): Promise<Framework> =>
      (await unwrap(client.POST('/framework-library/{key}/activate', { params: { path: { key } } }))).data,
    onSettled: () => invalidate(),
  });
}

export function useCreateFramework() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: FrameworkCreate): Promise<Framework> =>
      (await unwrap(client.POST('/frameworks', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateFramework(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: FrameworkPatch; etag: string }): Promise<Versioned<Framework>> =>
      unwrapVersioned(client.PATCH('/frameworks/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch })),
    onSuccess: (saved) => {
      queryClient.setQueryData(frameworkQueryOptions(id).queryKey, saved);
      void invalidate();
    },
  });
}

export function useArchiveFramework(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (archived: boolean): Promise<Framework> =>
      (
        await unwrap(
          archived
            ? client.POST('/frameworks/{id}/archive', { params: { path: { id } } })
            : client.POST('/frameworks/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSettled: () => invalidate(),
  });
}

export function useCreateControl(frameworkId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: ControlCreate): Promise<Control> =>
      (await unwrap(client.POST('/frameworks/{id}/controls', { params: { path: { id: frameworkId } }, body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateControl(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: ControlPatch; etag: string }): Promise<Versioned<Control>> =>
      unwrapVersioned(client.PATCH('/controls/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch })),
    onSuccess: (saved) => {
      queryClient.setQueryData(controlQueryOptions(id).queryKey, saved);
      void invalidate();
    },
  });
}

/** GET /frameworks/{id}/status: every control's status and the score, computed by the server in one go. */
export function frameworkStatusQueryOptions(frameworkId: string) {
  return queryOptions({
    queryKey: [...statusQueryKey, frameworkId] as const,
    queryFn: async ({ signal }): Promise<FrameworkStatus> =>
      (await unwrap(client.GET('/frameworks/{id}/status', { params: { path: { id: frameworkId } }, signal }))).data,
  });
}

/** GET /controls/{id}/evidence, newest first, one page per `next_cursor`. */
export function controlEvidenceQueryOptions(controlId: string, pageSize = PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...evidenceQueryKey, 'control', controlId] as const,
    queryFn: async ({ pageParam, signal }): Promise<EvidenceList> =>
      (
        await unwrap(
          client.GET('/controls/{id}/evidence', {
            params: { path: { id: controlId }, query: { limit: pageSize, cursor: pageParam } },
            signal,
          }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** GET /evidence?type=&id=: the controls a record is evidence for, newest first. */
export function entityEvidenceQueryOptions(entityType: string, entityId: string, pageSize = PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...evidenceQueryKey, 'entity', entityType, entityId] as const,
    queryFn: async ({ pageParam, signal }): Promise<EvidenceList> =>
      (
        await unwrap(
          client.GET('/evidence', {
            params: { query: { type: entityType, id: entityId, limit: pageSize, cursor: pageParam } },
            signal,
          }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** GET /rule-targets: what rules can watch. Registered in code: it changes only with a deployment. */
export function ruleTargetsQueryOptions() {
  return queryOptions({
    queryKey: [...rulesQueryKey, 'targets'] as const,
    queryFn: async ({ signal }): Promise<RuleTarget[]> => (await unwrap(client.GET('/rule-targets', { signal }))).data.items,
    staleTime: 10 * 60_000,
  });
}

/** GET /controls/{id}/rules: every rule of the control (a handful) with its live status, oldest first. */
export function controlRulesQueryOptions(controlId: string) {
  return queryOptions({
    queryKey: [...rulesQueryKey, 'control', controlId] as const,
    queryFn: ({ signal }): Promise<Rule[]> =>
      readAll(
        async (cursor) =>
          (
            await unwrap(
              client.GET('/controls/{id}/rules', {
                params: { path: { id: controlId }, query: { limit: MAX_PAGE, cursor } },
                signal,
              }),
            )
          ).data,
      ),
  });
}

/** POST /controls/{id}/evidence: links a record as evidence (409 when it is already, or archived). */
export function useAddEvidence(controlId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: EvidenceCreate): Promise<Evidence> =>
      (await unwrap(client.POST('/controls/{id}/evidence', { params: { path: { id: controlId } }, body }))).data,
    onSuccess: () => invalidate(),
  });
}

/** The ETag of every piece of evidence: it never changes once linked (openapi.yaml, removeEvidence). */
export const EVIDENCE_ETAG = '"1"';

/** DELETE /evidence/{id}: the link goes, the control and the record stay. */
export function useRemoveEvidence() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      await unwrap(client.DELETE('/evidence/{id}', { params: { path: { id }, header: { 'If-Match': EVIDENCE_ETAG } } }));
    },
    onSettled: () => invalidate(),
  });
}

export function useCreateRule(controlId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: RuleCreate): Promise<Rule> =>
      (await unwrap(client.POST('/controls/{id}/rules', { params: { path: { id: controlId } }, body }))).data,
    onSuccess: () => invalidate(),
  });
}

/** `If-Match` of a rule read from the list (the list carries versions, not ETags). */
export function ruleEtag(rule: Pick<Rule, 'version'>): string {
  return versionEtag(rule.version);
}

export function useUpdateRule() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ rule, patch }: { rule: Rule; patch: RulePatch }): Promise<Rule> =>
      (
        await unwrap(
          client.PATCH('/rules/{id}', { params: { path: { id: rule.id }, header: { 'If-Match': ruleEtag(rule) } }, body: patch }),
        )
      ).data,
    onSuccess: () => invalidate(),
  });
}

export function useDeleteRule() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (rule: Rule): Promise<void> => {
      await unwrap(client.DELETE('/rules/{id}', { params: { path: { id: rule.id }, header: { 'If-Match': ruleEtag(rule) } } }));
    },
    onSettled: () => invalidate(),
  });
}

/** `If-Match` of a framework or control: the ETag it was read with, else the one its version stands for. */
export function etagOf(resource: Versioned<{ version: number }>): string {
  return resource.etag ?? `"${String(resource.data.version)}"`;
}

export function flattenPages<T>(pages: readonly { items: T[]; total: number }[] | undefined): { items: T[]; total: number } {
  return { items: pages?.flatMap((page) => page.items) ?? [], total: pages?.[pages.length - 1]?.total ?? 0 };
}
