/**
 * The software catalogue and licences as the SPA reads and changes them (openapi.yaml, tag assets): products with
 * their owner, licences with seats and a derived status, and the licence key, which is write-only and read back only
 * through the audited reveal. Reading needs `assets` read, changing (and revealing a key) `assets` write.
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
import { etagOfVersion, PAGE_SIZE } from '../assets/assetsApi';

export type Software = components['schemas']['Software'];
export type SoftwareList = components['schemas']['SoftwareList'];
export type SoftwareCreate = components['schemas']['SoftwareCreate'];
export type SoftwarePatch = components['schemas']['SoftwarePatch'];
export type SoftwareCategory = components['schemas']['SoftwareCategory'];
export type Licence = components['schemas']['Licence'];
export type LicenceList = components['schemas']['LicenceList'];
export type LicenceCreate = components['schemas']['LicenceCreate'];
export type LicencePatch = components['schemas']['LicencePatch'];
export type LicenceStatus = components['schemas']['LicenceStatus'];
export type LicenceSeat = components['schemas']['LicenceSeat'];
export type LicenceSeatList = components['schemas']['LicenceSeatList'];
export type LicenceSeatCreate = components['schemas']['LicenceSeatCreate'];
type SoftwareQueryParams = NonNullable<operations['listSoftware']['parameters']['query']>;
type LicenceQueryParams = NonNullable<operations['listLicences']['parameters']['query']>;

export { PAGE_SIZE };

export const SOFTWARE_CATEGORIES: readonly SoftwareCategory[] = [
  'operating_system',
  'productivity',
  'security',
  'development',
  'database',
  'infrastructure',
  'communication',
  'saas',
  'other',
];
export const LICENCE_STATUSES: readonly LicenceStatus[] = ['available', 'in_use', 'expired'];

export const SOFTWARE_SORT = /^-?(name|publisher|created_at|cf\.[a-z][a-z0-9_]{0,39})$/;
export const LICENCE_SORT = /^-?(name|expires_on|created_at|cf\.[a-z][a-z0-9_]{0,39})$/;
export const DEFAULT_SORT = 'name';

export const softwareQueryKey = ['software'] as const;
export const licencesQueryKey = ['licences'] as const;

export interface SoftwareFilters {
  q?: string;
  category?: SoftwareCategory[];
  owner_user_id?: string;
  owner_group_id?: string;
  tag?: string[];
  include_archived?: boolean;
  sort?: string;
}

export interface LicenceFilters {
  q?: string;
  software_id?: string;
  status?: LicenceStatus[];
  expires_before?: string;
  tag?: string[];
  include_archived?: boolean;
  sort?: string;
}

/** The software list's query parameters: only the known filters, in a fixed order (stable query keys). */
export function softwareListQuery(filters: SoftwareFilters, pageSize = PAGE_SIZE): SoftwareQueryParams {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.category?.length ? { category: filters.category } : {}),
    ...(filters.owner_user_id ? { owner_user_id: filters.owner_user_id } : {}),
    ...(filters.owner_group_id ? { owner_group_id: filters.owner_group_id } : {}),
    ...(filters.tag?.length ? { tag: filters.tag } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: filters.sort ?? DEFAULT_SORT,
    limit: pageSize,
  };
}

/** The licence list's query parameters. */
export function licenceListQuery(filters: LicenceFilters, pageSize = PAGE_SIZE): LicenceQueryParams {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.software_id ? { software_id: filters.software_id } : {}),
    ...(filters.status?.length ? { status: filters.status } : {}),
    ...(filters.expires_before ? { expires_before: filters.expires_before } : {}),
    ...(filters.tag?.length ? { tag: filters.tag } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: filters.sort ?? DEFAULT_SORT,
    limit: pageSize,
  };
}

export function softwareListQueryOptions(filters: SoftwareFilters, pageSize = PAGE_SIZE) {
  const query = softwareListQuery(filters, pageSize);
  return infiniteQueryOptions({
    queryKey: [...softwareQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<SoftwareList> =>
      (await unwrap(client.GET('/software', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useSoftwareList(filters: SoftwareFilters, pageSize = PAGE_SIZE) {
  return useInfiniteQuery({ ...softwareListQueryOptions(filters, pageSize), placeholderData: keepPreviousData });
}

export function softwareQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...softwareQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Software>> =>
      unwrapVersioned(client.GET('/software/{id}', { params: { path: { id } }, signal })),
  });
}

/** The products a licence form offers: the first 200 active ones by name, searched by the user's text. */
export function softwareOptionsQueryOptions(q: string) {
  return queryOptions({
    queryKey: [...softwareQueryKey, 'options', q] as const,
    queryFn: async ({ signal }): Promise<Software[]> =>
      (await unwrap(client.GET('/software', { params: { query: { ...(q ? { q } : {}), limit: 200 } }, signal }))).data
        .items,
  });
}

export function licencesQueryOptions(filters: LicenceFilters, pageSize = PAGE_SIZE) {
  const query = licenceListQuery(filters, pageSize);
  return infiniteQueryOptions({
    queryKey: [...licencesQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<LicenceList> =>
      (await unwrap(client.GET('/licences', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useLicences(filters: LicenceFilters, pageSize = PAGE_SIZE) {
  return useInfiniteQuery({ ...licencesQueryOptions(filters, pageSize), placeholderData: keepPreviousData });
}

export function licenceQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...licencesQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Licence>> =>
      unwrapVersioned(client.GET('/licences/{id}', { params: { path: { id } }, signal })),
  });
}

export function seatsQueryOptions(id: string, pageSize = PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...licencesQueryKey, 'seats', id] as const,
    queryFn: async ({ pageParam, signal }): Promise<LicenceSeatList> =>
      (
        await unwrap(
          client.GET('/licences/{id}/seats', {
            params: { path: { id }, query: { sort: '-assigned_at', limit: pageSize, cursor: pageParam } },
            signal,
          }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useSeats(id: string) {
  return useInfiniteQuery(seatsQueryOptions(id));
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: softwareQueryKey }),
      queryClient.invalidateQueries({ queryKey: licencesQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

/** The organisation's active groups (reading them needs administration read). */
export function groupOptionsQueryOptions() {
  return queryOptions({
    queryKey: ['groups', 'options'] as const,
    queryFn: async ({ signal }) =>
      (await unwrap(client.GET('/groups', { params: { query: { limit: 200 } }, signal }))).data.items.map((group) => ({
        value: group.id,
        label: group.name,
      })),
  });
}

// ————————————————————————————————————————————————————————————————————————————— software

export function useCreateSoftware() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: SoftwareCreate): Promise<Software> => (await unwrap(client.POST('/software', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateSoftware(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: SoftwarePatch; etag: string }): Promise<Versioned<Software>> =>
      unwrapVersioned(client.PATCH('/software/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch })),
    onSuccess: (saved) => {
      queryClient.setQueryData(softwareQueryOptions(id).queryKey, saved);
      void invalidate();
    },
  });
}

export function useArchiveSoftware(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ archived }: { archived: boolean }): Promise<Software> =>
      (
        await unwrap(
          archived
            ? client.POST('/software/{id}/archive', { params: { path: { id } } })
            : client.POST('/software/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSuccess: (software) => {
      queryClient.setQueryData(softwareQueryOptions(id).queryKey, { data: software, etag: etagOfVersion(software.version) });
      return invalidate();
    },
  });
}

// ————————————————————————————————————————————————————————————————————————————— licences

export function useCreateLicence() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: LicenceCreate): Promise<Licence> => (await unwrap(client.POST('/licences', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateLicence(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: LicencePatch; etag: string }): Promise<Versioned<Licence>> =>
      unwrapVersioned(client.PATCH('/licences/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch })),
    onSuccess: (saved) => {
      queryClient.setQueryData(licenceQueryOptions(id).queryKey, saved);
      void invalidate();
    },
  });
}

export function useArchiveLicence(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ archived }: { archived: boolean }): Promise<Licence> =>
      (
        await unwrap(
          archived
            ? client.POST('/licences/{id}/archive', { params: { path: { id } } })
            : client.POST('/licences/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSuccess: (licence) => {
      queryClient.setQueryData(licenceQueryOptions(id).queryKey, { data: licence, etag: etagOfVersion(licence.version) });
      return invalidate();
    },
  });
}

/** Reads the key (audited on the server); the answer is never cached. */
export function useRevealKey(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<string> =>
      (await unwrap(client.POST('/licences/{id}/reveal-key', { params: { path: { id } } }))).data.licence_key,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
  });
}

/** Seats change the licence's version: both are read again. */
export function useAssignSeat(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ body, etag }: { body: LicenceSeatCreate; etag?: string }): Promise<LicenceSeat> =>
      (
        await unwrap(
          client.POST('/licences/{id}/seats', {
            params: { path: { id }, header: etag ? { 'If-Match': etag } : {} },
            body,
          }),
        )
      ).data,
    onSuccess: () => invalidate(),
  });
}

export function useReleaseSeat(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ seatId, etag }: { seatId: string; etag?: string }): Promise<void> => {
      await unwrap(
        client.DELETE('/licences/{id}/seats/{seat_id}', {
          params: { path: { id, seat_id: seatId }, header: etag ? { 'If-Match': etag } : {} },
        }),
      );
    },
    onSuccess: () => invalidate(),
  });
}
