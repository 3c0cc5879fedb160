/**
 * Platform administration of the deployment's organisations: the list (`GET /organizations`, keyset-paged, its filters
 * in the address), creating one (`POST /organizations`) and giving it its first administrator
 * (`POST /organizations/{id}/administrators`).
 */
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { components, operations } from '../../api/schema';
import { client, unwrap } from '../../lib/api';

export type Organization = components['schemas']['Organization'];
export type OrganizationList = components['schemas']['OrganizationList'];
export type OrganizationKind = components['schemas']['OrganizationKind'];
export type OrganizationCreate = components['schemas']['OrganizationCreate'];
export type AdministratorCreate = components['schemas']['AdministratorCreate'];
export type AdministratorCreated = components['schemas']['AdministratorCreated'];
export type OrganizationSort = NonNullable<NonNullable<operations['listOrganizations']['parameters']['query']>['sort']>;

export const ORGANIZATION_KINDS = ['operator', 'regulator', 'observer'] as const satisfies readonly OrganizationKind[];

export const ORGANIZATION_SORTS = [
  'name',
  '-name',
  'slug',
  '-slug',
  'created_at',
  '-created_at',
] as const satisfies readonly OrganizationSort[];

export const DEFAULT_ORGANIZATION_SORT: OrganizationSort = 'name';

/** The list's state in the address (`/platform/organizations?q=acme&kind=operator&sort=-created_at`). */
export interface OrganizationsSearch {
  q?: string;
  kind?: OrganizationKind;
  /** Omitted for the default, by name. */
  sort?: OrganizationSort;
}

const MAX_QUERY_LENGTH = 200;

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The route's search validation: whatever the address holds becomes a clean search; what the API refuses is dropped. */
export function validateOrganizationsSearch(input: Record<string, unknown>): OrganizationsSearch {
  const search: OrganizationsSearch = {};
  // The router parses `?q=42` as a number: the search text is text.
  const q = typeof input.q === 'number' ? String(input.q) : typeof input.q === 'string' ? input.q.trim() : '';
  if (q && q.length <= MAX_QUERY_LENGTH) search.q = q;
  const kind = oneOf(input.kind, ORGANIZATION_KINDS);
  if (kind) search.kind = kind;
  const sort = oneOf(input.sort, ORGANIZATION_SORTS);
  if (sort && sort !== DEFAULT_ORGANIZATION_SORT) search.sort = sort;
  return search;
}

/** The search after applying `patch`: empty values and the default sort leave the address. */
export function mergeOrganizationsSearch(
  current: OrganizationsSearch,
  patch: Partial<OrganizationsSearch>,
): OrganizationsSearch {
  return validateOrganizationsSearch({ ...current, ...patch });
}

export function hasOrganizationFilters(search: OrganizationsSearch): boolean {
  return search.q !== undefined || search.kind !== undefined;
}

/** The sort of a column, and what clicking its header does: ascending first, then descending. */
export function columnSort(current: OrganizationSort, column: 'name' | 'slug' | 'created_at') {
  const direction: 'ascending' | 'descending' | 'none' =
    current === column ? 'ascending' : current === `-${column}` ? 'descending' : 'none';
  const next: OrganizationSort = direction === 'ascending' ? `-${column}` : column;
  return { direction, next };
}

export const platformOrganizationsQueryKey = ['platform', 'organizations'] as const;

export const ORGANIZATIONS_PAGE_SIZE = 50;

/** GET /organizations, one page per `next_cursor`. */
export function platformOrganizationsQueryOptions(search: OrganizationsSearch, pageSize = ORGANIZATIONS_PAGE_SIZE) {
  const query = { q: search.q, kind: search.kind, sort: search.sort ?? DEFAULT_ORGANIZATION_SORT, limit: pageSize };
  return infiniteQueryOptions({
    queryKey: [...platformOrganizationsQueryKey, query] as const,
    queryFn: async ({ pageParam, signal }): Promise<OrganizationList> =>
      (await unwrap(client.GET('/organizations', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function usePlatformOrganizations(search: OrganizationsSearch) {
  return useInfiniteQuery({
    ...platformOrganizationsQueryOptions(search),
    // While new filters load, the previous result stays on screen instead of a skeleton.
    placeholderData: keepPreviousData,
  });
}

export function useCreateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: OrganizationCreate): Promise<Organization> =>
      (await unwrap(client.POST('/organizations', { body }))).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: platformOrganizationsQueryKey }),
  });
}

export function useCreateAdministrator() {
  return useMutation({
    mutationFn: async ({ organizationId, body }: { organizationId: string; body: AdministratorCreate }) =>
      (
        await unwrap(
          client.POST('/organizations/{id}/administrators', { params: { path: { id: organizationId } }, body }),
        )
      ).data,
  });
}

/**
 * A slug from a name, as the contract accepts it: lower-case letters, digits and single hyphens, at most 63 characters
 * ("Société Générale d'Énergie" → "societe-generale-d-energie").
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}
