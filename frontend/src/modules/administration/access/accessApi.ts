/**
 * People and access control as the SPA reads and changes them (openapi.yaml, tag administration): members, roles and
 * groups, their TanStack Query options and the mutations shared by the list and detail pages.
 *
 * Every mutation invalidates the three lists (a member's roles show on the roles page's counts, a group's roles on the
 * member rows) and the audit trail that the change just extended.
 */
import { infiniteQueryOptions, keepPreviousData, queryOptions, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import type { components, operations } from '../../../api/schema';
import { client, unwrap, unwrapVersioned, type Versioned } from '../../../lib/api';
import { auditEventsQueryKey } from '../../../lib/audit';
import type { ModuleSlug } from '../../../lib/deployment';
import type { PermissionLevel } from '../../../lib/me';
import { MODULES } from '../../../app/modules';

export type Member = components['schemas']['Member'];
export type MemberList = components['schemas']['MemberList'];
export type MemberPatch = components['schemas']['MemberPatch'];
export type MemberStatus = Member['status'];
export type Invitation = components['schemas']['Invitation'];
export type InvitationResult = components['schemas']['InvitationResult'];
export type Role = components['schemas']['Role'];
export type RoleList = components['schemas']['RoleList'];
export type RoleCreate = components['schemas']['RoleCreate'];
export type RolePatch = components['schemas']['RolePatch'];
export type RoleRef = components['schemas']['RoleRef'];
export type Permission = components['schemas']['Permission'];
export type Group = components['schemas']['Group'];
export type GroupList = components['schemas']['GroupList'];
export type GroupCreate = components['schemas']['GroupCreate'];
export type GroupPatch = components['schemas']['GroupPatch'];

type MembersQueryParams = NonNullable<operations['listMembers']['parameters']['query']>;
type GroupsQueryParams = NonNullable<operations['listGroups']['parameters']['query']>;
export type MemberSort = NonNullable<MembersQueryParams['sort']>;
export type GroupSort = NonNullable<GroupsQueryParams['sort']>;

export const MEMBER_STATUSES: readonly MemberStatus[] = ['active', 'suspended', 'archived'];
export const MEMBER_SORTS: readonly MemberSort[] = ['name', '-name', 'email', '-email', 'created_at', '-created_at'];
export const DEFAULT_MEMBER_SORT: MemberSort = 'name';
export const GROUP_SORTS: readonly GroupSort[] = ['name', '-name'];
export const DEFAULT_GROUP_SORT: GroupSort = 'name';
export const PAGE_SIZE = 50;
/** The API's largest page, for the lists read whole (roles, the member directory). */
const MAX_PAGE = 200;

/** The modules of the permission matrix, in the navigation's order. */
export const MATRIX_MODULES: readonly ModuleSlug[] = MODULES.map((module) => module.slug);

/** The `If-Match` for a resource read from a list, where no ETag header came with it (the contract's `"<version>"`). */
export function versionEtag(version: number): string {
  return `"${String(version)}"`;
}

/** The ETag of a versioned read, else the one its version stands for. */
export function etagOfVersioned<T extends { version: number }>(resource: Versioned<T>): string {
  return resource.etag ?? versionEtag(resource.data.version);
}

export const membersQueryKey = ['members'] as const;
export const rolesQueryKey = ['roles'] as const;
export const groupsQueryKey = ['groups'] as const;

export interface MemberFilters {
  q?: string;
  status?: MemberStatus;
  role_id?: string;
  sort?: MemberSort;
}

/** GET /members, one page per `next_cursor`. */
export function membersQueryOptions(filters: MemberFilters, pageSize = PAGE_SIZE) {
  // Only the known filters, in a fixed order (stable query keys; the address may hold other parameters).
  const query: MembersQueryParams = {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.role_id ? { role_id: filters.role_id } : {}),
    sort: filters.sort ?? DEFAULT_MEMBER_SORT,
    limit: pageSize,
  };
  return infiniteQueryOptions({
    queryKey: [...membersQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<MemberList> =>
      (await unwrap(client.GET('/members', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useMembers(filters: MemberFilters) {
  return useInfiniteQuery({ ...membersQueryOptions(filters), placeholderData: keepPreviousData });
}

/** GET /members/{user_id} with the ETag that a later PATCH must send. */
export function memberQueryOptions(userId: string) {
  return queryOptions({
    queryKey: [...membersQueryKey, 'detail', userId] as const,
    queryFn: ({ signal }): Promise<Versioned<Member>> =>
      unwrapVersioned(client.GET('/members/{user_id}', { params: { path: { user_id: userId } }, signal })),
  });
}

/** Reads every page of a keyset-paged list (for the short lists the pickers offer whole). */
async function readAll<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const result = await page(cursor);
    items.push(...result.items);
    cursor = result.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

/** Every member who is not archived, by name: what the group members editor chooses among. */
export function memberDirectoryQueryOptions() {
  return queryOptions({
    queryKey: [...membersQueryKey, 'directory'] as const,
    queryFn: async ({ signal }): Promise<Member[]> => {
      const all = await readAll(async (cursor) =>
        (await unwrap(client.GET('/members', { params: { query: { sort: 'name', limit: MAX_PAGE, cursor } }, signal })))
          .data,
      );
      return all.filter((member) => member.status !== 'archived');
    },
    staleTime: 30_000,
  });
}

/** Every role (roles are few: six templates and the organisation's own), archived ones left out. */
export function rolesQueryOptions() {
  return queryOptions({
    queryKey: [...rolesQueryKey, 'all'] as const,
    queryFn: ({ signal }): Promise<Role[]> =>
      readAll(async (cursor) =>
        (await unwrap(client.GET('/roles', { params: { query: { sort: 'name', limit: MAX_PAGE, cursor } }, signal }))).data,
      ),
  });
}

export interface GroupFilters {
  q?: string;
  include_archived?: boolean;
  sort?: GroupSort;
}

/** GET /groups, one page per `next_cursor`. */
export function groupsQueryOptions(filters: GroupFilters, pageSize = PAGE_SIZE) {
  const query: GroupsQueryParams = {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: filters.sort ?? DEFAULT_GROUP_SORT,
    limit: pageSize,
  };
  return infiniteQueryOptions({
    queryKey: [...groupsQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<GroupList> =>
      (await unwrap(client.GET('/groups', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useGroups(filters: GroupFilters) {
  return useInfiniteQuery({ ...groupsQueryOptions(filters), placeholderData: keepPreviousData });
}

/** The items of the pages loaded so far, and how many match in all (from the latest page). */
export function flattenPages<T>(pages: readonly { items: T[]; total: number }[] | undefined): { items: T[]; total: number } {
  if (!pages || pages.length === 0) return { items: [], total: 0 };
  return { items: pages.flatMap((page) => page.items), total: pages[pages.length - 1]?.total ?? 0 };
}

/** After any change to people or access: read the lists, the details and the audit trail again. */
export function useInvalidateAccess() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: membersQueryKey }),
      queryClient.invalidateQueries({ queryKey: rolesQueryKey }),
      queryClient.invalidateQueries({ queryKey: groupsQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export type MemberAction = 'suspend' | 'restore' | 'archive' | 'resetMfa';

/** The POST of a member state change. */
export async function runMemberAction(action: MemberAction, userId: string): Promise<Member> {
  const params = { params: { path: { user_id: userId } } };
  switch (action) {
    case 'suspend':
      return (await unwrap(client.POST('/members/{user_id}/suspend', params))).data;
    case 'restore':
      return (await unwrap(client.POST('/members/{user_id}/restore', params))).data;
    case 'archive':
      return (await unwrap(client.POST('/members/{user_id}/archive', params))).data;
    case 'resetMfa':
      return (await unwrap(client.POST('/members/{user_id}/mfa/reset', params))).data;
  }
}

/** The state changes a member in `status` can go through. */
export function memberActionsFor(member: Pick<Member, 'status' | 'mfa_enabled'>): MemberAction[] {
  const actions: MemberAction[] = [];
  if (member.status === 'active') actions.push('suspend');
  if (member.status !== 'active') actions.push('restore');
  if (member.mfa_enabled && member.status !== 'archived') actions.push('resetMfa');
  if (member.status !== 'archived') actions.push('archive');
  return actions;
}

/** A role's levels as a full map over the matrix modules ('none' where the role grants nothing). */
export type LevelMap = Record<ModuleSlug, PermissionLevel>;

export function levelMapOf(permissions: readonly Permission[]): LevelMap {
  const map = Object.fromEntries(MATRIX_MODULES.map((module) => [module, 'none'])) as LevelMap;
  for (const permission of permissions) map[permission.module] = permission.level;
  return map;
}

/** The permissions list of a level map, in the matrix's module order, without the 'none' levels. */
export function permissionsOf(levels: LevelMap): Permission[] {
  return MATRIX_MODULES.flatMap((module) => {
    const level = levels[module];
    return level === 'none' ? [] : [{ module, level }];
  });
}

export function sameLevels(a: LevelMap, b: LevelMap): boolean {
  return MATRIX_MODULES.every((module) => a[module] === b[module]);
}

/** True for the built-in Owner template, which always keeps admin on administration (openapi.yaml updateRole). */
export function isOwnerRole(role: Pick<Role, 'builtin_key'>): boolean {
  return role.builtin_key === 'owner';
}
