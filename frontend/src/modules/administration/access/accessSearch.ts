/**
 * The filters of the members and groups lists live in the address (`/administration/members?status=suspended&q=ann`),
 * so that a filtered view can be bookmarked and shared. These are the routes' search validations: whatever the address
 * holds becomes a clean search object; what the API would refuse is dropped; defaults stay out of the address.
 */
import {
  DEFAULT_GROUP_SORT,
  DEFAULT_MEMBER_SORT,
  GROUP_SORTS,
  type GroupFilters,
  type GroupSort,
  MEMBER_SORTS,
  MEMBER_STATUSES,
  type MemberFilters,
  type MemberSort,
  type MemberStatus,
} from './accessApi';

const MAX_QUERY = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The router parses `?q=42` as a number and `?q=true` as a boolean: a text filter is text. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function query(value: unknown): string | undefined {
  const s = text(value);
  return s !== undefined && s.length <= MAX_QUERY ? s : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function compact<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== '')) as T;
}

export type MemberSearch = MemberFilters;

export function validateMemberSearch(input: Record<string, unknown>): MemberSearch {
  const roleId = text(input.role_id);
  const sort = oneOf<MemberSort>(input.sort, MEMBER_SORTS);
  return compact({
    q: query(input.q),
    status: oneOf<MemberStatus>(input.status, MEMBER_STATUSES),
    role_id: roleId !== undefined && UUID.test(roleId) ? roleId.toLowerCase() : undefined,
    sort: sort === DEFAULT_MEMBER_SORT ? undefined : sort,
  });
}

/** The search after applying `patch`: empty values and the default sort leave the address. */
export function mergeMemberSearch(current: MemberSearch, patch: Partial<MemberSearch>): MemberSearch {
  const merged = { ...current, ...patch };
  return compact({ ...merged, sort: merged.sort === DEFAULT_MEMBER_SORT ? undefined : merged.sort });
}

export function hasMemberFilters(search: MemberSearch): boolean {
  return Boolean(search.q ?? search.status ?? search.role_id);
}

export type GroupSearch = GroupFilters;

export function validateGroupSearch(input: Record<string, unknown>): GroupSearch {
  const sort = oneOf<GroupSort>(input.sort, GROUP_SORTS);
  return compact({
    q: query(input.q),
    include_archived: input.include_archived === true || input.include_archived === 'true' ? true : undefined,
    sort: sort === DEFAULT_GROUP_SORT ? undefined : sort,
  });
}

export function mergeGroupSearch(current: GroupSearch, patch: Partial<GroupSearch>): GroupSearch {
  const merged = { ...current, ...patch };
  return compact({
    ...merged,
    include_archived: merged.include_archived ? true : undefined,
    sort: merged.sort === DEFAULT_GROUP_SORT ? undefined : merged.sort,
  });
}
