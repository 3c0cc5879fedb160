/**
 * The audit log's filters live in the address (`/administration/audit-log?action=update&entity_type=organization`), so
 * that a filtered view can be bookmarked and shared. This is the route's search validation: whatever the address
 * holds becomes a clean {@link AuditSearch}; what the API would refuse is dropped.
 */
import { type AuditFilters, type AuditSort, compactFilters, DEFAULT_AUDIT_SORT } from '../../lib/audit';

export interface AuditSearch extends AuditFilters {
  /** Omitted for the default, newest first. */
  sort?: AuditSort;
}

/** The contract's patterns (openapi.yaml AuditEntityType, AuditAction). */
export const ENTITY_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
export const ACTION_PATTERN = /^[a-z][a-z0-9_.]{1,63}$/;

const MAX_LENGTH = { q: 200, entity_id: 200, actor_id: 200 } as const;

/** The router parses `?entity_id=42` as a number and `?q=true` as a boolean: every filter is text. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function limited(value: unknown, max: number): string | undefined {
  const s = text(value);
  return s !== undefined && s.length <= max ? s : undefined;
}

function matching(value: unknown, pattern: RegExp): string | undefined {
  const s = text(value);
  return s !== undefined && pattern.test(s) ? s : undefined;
}

/** Any date or date-time JavaScript understands, as an RFC 3339 UTC moment. */
function moment(value: unknown): string | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  const date = new Date(s);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function validateAuditSearch(input: Record<string, unknown>): AuditSearch {
  const search: AuditSearch = compactFilters({
    q: limited(input.q, MAX_LENGTH.q),
    entity_type: matching(input.entity_type, ENTITY_TYPE_PATTERN),
    entity_id: limited(input.entity_id, MAX_LENGTH.entity_id),
    actor_id: limited(input.actor_id, MAX_LENGTH.actor_id),
    action: matching(input.action, ACTION_PATTERN),
    from: moment(input.from),
    to: moment(input.to),
  });
  if (input.sort === 'occurred_at') search.sort = 'occurred_at';
  return search;
}

/** The search after applying `patch`: empty values and the default sort leave the address. */
export function mergeAuditSearch(current: AuditSearch, patch: Partial<AuditSearch>): AuditSearch {
  const merged = { ...current, ...patch };
  const next: AuditSearch = compactFilters(merged);
  if (merged.sort && merged.sort !== DEFAULT_AUDIT_SORT) next.sort = merged.sort;
  return next;
}

export function auditFiltersOf(search: AuditSearch): AuditFilters {
  return compactFilters(search);
}

export function hasAuditFilters(search: AuditSearch): boolean {
  return Object.keys(auditFiltersOf(search)).length > 0;
}
