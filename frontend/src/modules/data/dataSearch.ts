/**
 * The administration pages of the data platform keep their view in the address, so that it can be bookmarked and
 * shared: `/administration/tags?q=crit&include_archived=true`, `/administration/custom-fields?entity_type=asset`.
 * Whatever the address holds becomes a clean search object; what the API would refuse is dropped; defaults stay out.
 */
import type { TagFilters } from './tagsApi';

const MAX_QUERY = 200;
const ENTITY_TYPE = /^[a-z][a-z0-9_]{1,49}$/;

/** The router parses `?q=42` as a number and `?q=true` as a boolean: a text filter is text. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function flag(value: unknown): true | undefined {
  return value === true || value === 'true' ? true : undefined;
}

function compact<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== '')) as T;
}

export type TagSearch = TagFilters;

export function validateTagSearch(input: Record<string, unknown>): TagSearch {
  const q = text(input.q);
  return compact({ q: q !== undefined && q.length <= MAX_QUERY ? q : undefined, include_archived: flag(input.include_archived) });
}

export function mergeTagSearch(current: TagSearch, patch: Partial<TagSearch>): TagSearch {
  const merged = { ...current, ...patch };
  return compact({ q: merged.q, include_archived: merged.include_archived ? true : undefined });
}

export interface CustomFieldSearch {
  /** The linkable type whose fields are shown; the first type that takes custom fields when absent. */
  entity_type?: string;
  include_archived?: boolean;
}

export function validateCustomFieldSearch(input: Record<string, unknown>): CustomFieldSearch {
  const entityType = text(input.entity_type);
  return compact({
    entity_type: entityType !== undefined && ENTITY_TYPE.test(entityType) ? entityType : undefined,
    include_archived: flag(input.include_archived),
  });
}

export function mergeCustomFieldSearch(current: CustomFieldSearch, patch: Partial<CustomFieldSearch>): CustomFieldSearch {
  const merged = { ...current, ...patch };
  return compact({
    entity_type: merged.entity_type,
    include_archived: merged.include_archived ? true : undefined,
  });
}
