/**
 * The audit trail (SPEC §1.4) as the SPA reads it: `GET /audit-events` as a keyset-paged infinite query, the export
 * URL, and what every view of an event needs (action colours, changed fields, redacted values).
 */
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { components, operations } from '../api/schema';
import { fileNameOf, saveBlob } from '../modules/jobs/downloadResult';
import { client, unwrap } from './api';

export type AuditEvent = components['schemas']['AuditEvent'];
export type AuditEventList = components['schemas']['AuditEventList'];
export type AuditActor = components['schemas']['AuditActor'];
export type AuditActorType = AuditActor['type'];
export type AuditSort = components['parameters']['AuditSort'];
export type AuditExportFormat = NonNullable<NonNullable<operations['exportAuditEvents']['parameters']['query']>['format']>;

/** The filters shared by the list and the export (every one optional; empty strings are not sent). */
export interface AuditFilters {
  q?: string;
  entity_type?: string;
  entity_id?: string;
  actor_id?: string;
  action?: string;
  /** RFC 3339 date-time, inclusive. */
  from?: string;
  /** RFC 3339 date-time, exclusive. */
  to?: string;
}

export const AUDIT_FILTER_KEYS = ['q', 'entity_type', 'entity_id', 'actor_id', 'action', 'from', 'to'] as const;

export const DEFAULT_AUDIT_SORT: AuditSort = '-occurred_at';

/** Actions the server writes today; the API allows others, which are shown as they are. */
export const AUDIT_ACTIONS = ['create', 'update', 'archive', 'restore', 'delete', 'denied', 'export'] as const;
export type KnownAuditAction = (typeof AUDIT_ACTIONS)[number];

export function isKnownAuditAction(action: string): action is KnownAuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

const ACTION_COLORS: Record<KnownAuditAction, string> = {
  create: 'green',
  update: 'blue',
  archive: 'orange',
  restore: 'teal',
  delete: 'red',
  denied: 'grape',
  export: 'cyan',
};

/** Mantine colour of an action's badge; unknown actions are grey. */
export function auditActionColor(action: string): string {
  return isKnownAuditAction(action) ? ACTION_COLORS[action] : 'gray';
}

/** Entity types with a name in the catalogues; others are shown as the API spells them. */
export const AUDIT_ENTITY_TYPES = ['organization', 'operation', 'audit_event'] as const;
export type KnownAuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export function isKnownAuditEntityType(entityType: string): entityType is KnownAuditEntityType {
  return (AUDIT_ENTITY_TYPES as readonly string[]).includes(entityType);
}

export const AUDIT_ACTOR_TYPES = [
  'user',
  'api_token',
  'system',
  'bootstrap',
  'anonymous',
] as const satisfies readonly AuditActorType[];

/** The action in the UI language ("create" → "Created"); an unknown action as it is. */
export function auditActionLabel(action: string, t: TFunction): string {
  return isKnownAuditAction(action) ? t(`audit.actions.${action}`) : action;
}

/** The entity type in the UI language ("organization" → "Organisation"); an unknown type as it is. */
export function auditEntityTypeLabel(entityType: string, t: TFunction): string {
  return isKnownAuditEntityType(entityType) ? t(`audit.entityTypes.${entityType}`) : entityType;
}

/** The kind of actor in the UI language ("system" → "System"). */
export function auditActorTypeLabel(type: string, t: TFunction): string {
  return (AUDIT_ACTOR_TYPES as readonly string[]).includes(type)
    ? t(`audit.actorTypes.${type as AuditActorType}`)
    : type;
}

/** Who acted: the actor's name, else what kind of actor it was ("System", "Anonymous"). */
export function auditActorName(actor: AuditActor, t: TFunction): string {
  return actor.name.trim() || auditActorTypeLabel(actor.type, t);
}

/** What the API writes in place of a secret value. */
export const REDACTED = '[redacted]';

export function isRedacted(value: unknown): boolean {
  return value === REDACTED;
}

/** The fields an event changed, in a stable (alphabetical) order. */
export function changedFields(event: Pick<AuditEvent, 'changes'>): string[] {
  return Object.keys(event.changes).sort((a, b) => a.localeCompare(b));
}

export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** `{field: [old, new]}` as rows; a malformed pair (not two items) keeps what it has, the rest is null. */
export function auditChanges(event: Pick<AuditEvent, 'changes'>): AuditChange[] {
  return changedFields(event).map((field) => {
    const pair: unknown = event.changes[field];
    const values: unknown[] = Array.isArray(pair) ? pair : [null, pair];
    return { field, before: values[0] ?? null, after: values[1] ?? null };
  });
}

/** Filters without empty values, in a fixed key order (stable query keys and URLs). */
export function compactFilters(filters: AuditFilters): AuditFilters {
  const out: AuditFilters = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) out[key] = value;
  }
  return out;
}

export const auditEventsQueryKey = ['audit-events'] as const;

export const DEFAULT_AUDIT_PAGE_SIZE = 50;

export interface AuditEventsQuery {
  filters: AuditFilters;
  sort?: AuditSort;
  /** Events per page, 1–200. */
  pageSize?: number;
}

/** GET /audit-events, one page per `next_cursor`. Every audit view shares the `['audit-events']` key prefix. */
export function auditEventsQueryOptions({
  filters,
  sort = DEFAULT_AUDIT_SORT,
  pageSize = DEFAULT_AUDIT_PAGE_SIZE,
}: AuditEventsQuery) {
  const query = { ...compactFilters(filters), sort, limit: pageSize };
  return infiniteQueryOptions({
    queryKey: [...auditEventsQueryKey, query] as const,
    queryFn: async ({ pageParam, signal }): Promise<AuditEventList> => {
      const { data } = await unwrap(
        client.GET('/audit-events', { params: { query: { ...query, cursor: pageParam } }, signal }),
      );
      return data;
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export interface AuditEventsResult {
  /** Every event of the pages loaded so far, in the server's order. */
  events: AuditEvent[];
  /** Events matching the filters, all pages together (from the latest page). */
  total: number;
}

/** The events of the pages loaded so far, and how many match in all. */
export function flattenAuditPages(pages: readonly AuditEventList[] | undefined): AuditEventsResult {
  if (!pages || pages.length === 0) return { events: [], total: 0 };
  const last = pages[pages.length - 1];
  return { events: pages.flatMap((page) => page.items), total: last?.total ?? 0 };
}

export function useAuditEvents(query: AuditEventsQuery, options: { keepPrevious?: boolean } = {}) {
  return useInfiniteQuery({
    ...auditEventsQueryOptions(query),
    // While new filters load, keep showing the previous result instead of a skeleton.
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}

/** Address of the export of every event matching `filters` (newest first); the server sends it as an attachment. */
/**
 * Downloads the export of the events matching the filters (newest first) with the session's credentials: the access
 * token lives in memory, so a plain link would be refused.
 */
export async function downloadAuditExport(filters: AuditFilters, format: AuditExportFormat): Promise<void> {
  const { data, response } = await unwrap(
    client.GET('/audit-events/export', { params: { query: { ...compactFilters(filters), format } }, parseAs: 'blob' }),
  );
  saveBlob(data, fileNameOf(response.headers.get('Content-Disposition')) ?? `audit.${format}`);
}
