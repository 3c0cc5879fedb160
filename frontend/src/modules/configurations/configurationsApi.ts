/**
 * Configurations (CMDB items) as the SPA reads and changes them (openapi.yaml, tag assets): versioned JSON documents
 * with a commit message per version and a semantic diff between versions. Reading needs `assets` read, changing
 * anything `assets` write.
 *
 * The name, kind, description and tags change by merge patch with the `If-Match` of the version on screen; the
 * document changes only by committing a version that names the version the edit started from (`base_version`).
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

export type Configuration = components['schemas']['Configuration'];
export type ConfigurationList = components['schemas']['ConfigurationList'];
export type ConfigurationCreate = components['schemas']['ConfigurationCreate'];
export type ConfigurationPatch = components['schemas']['ConfigurationPatch'];
export type ConfigurationKind = components['schemas']['ConfigurationKind'];
export type ConfigurationVersion = components['schemas']['ConfigurationVersion'];
export type ConfigurationVersionList = components['schemas']['ConfigurationVersionList'];
export type ConfigurationCommit = components['schemas']['ConfigurationCommit'];
export type ConfigurationDiff = components['schemas']['ConfigurationDiff'];
export type ConfigurationChange = components['schemas']['ConfigurationChange'];
export type ConfigurationDocument = Configuration['document'];

type ListParams = NonNullable<operations['listConfigurations']['parameters']['query']>;
export type ConfigurationSort = NonNullable<ListParams['sort']>;

export const CONFIGURATION_KINDS: readonly ConfigurationKind[] = [
  'network',
  'server',
  'application',
  'cloud',
  'security',
  'database',
  'other',
];

export const CONFIGURATION_SORTS: readonly ConfigurationSort[] = [
  'name',
  '-name',
  '-last_committed_at',
  'last_committed_at',
  '-created_at',
  'created_at',
];
export const DEFAULT_CONFIGURATION_SORT: ConfigurationSort = 'name';

/** A colour per kind, for ReadableBadge. */
export const KIND_COLOURS: Readonly<Record<ConfigurationKind, string>> = {
  network: 'blue',
  server: 'grape',
  application: 'teal',
  cloud: 'cyan',
  security: 'red',
  database: 'orange',
  other: 'gray',
};

export const PAGE_SIZE = 50;
export const VERSIONS_PAGE_SIZE = 20;

export const configurationsQueryKey = ['configurations'] as const;

export interface ConfigurationFilters {
  q?: string;
  kind?: ConfigurationKind[];
  include_archived?: boolean;
  sort?: ConfigurationSort;
}

/** The list's query parameters: only the known filters, in a fixed order (stable query keys). */
export function configurationListQuery(filters: ConfigurationFilters, pageSize = PAGE_SIZE): ListParams {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.kind?.length ? { kind: filters.kind } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: filters.sort ?? DEFAULT_CONFIGURATION_SORT,
    limit: pageSize,
  };
}

/** GET /configurations, one page per `next_cursor`. */
export function configurationsQueryOptions(filters: ConfigurationFilters, pageSize = PAGE_SIZE) {
  const query = configurationListQuery(filters, pageSize);
  return infiniteQueryOptions({
    queryKey: [...configurationsQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<ConfigurationList> =>
      (await unwrap(client.GET('/configurations', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useConfigurations(filters: ConfigurationFilters) {
  return useInfiniteQuery({ ...configurationsQueryOptions(filters), placeholderData: keepPreviousData });
}

/** GET /configurations/{id} with the ETag that the next patch must send. */
export function configurationQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...configurationsQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Configuration>> =>
      unwrapVersioned(client.GET('/configurations/{id}', { params: { path: { id } }, signal })),
  });
}

/** GET /configurations/{id}/versions, newest first. */
export function versionsQueryOptions(id: string, pageSize = VERSIONS_PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...configurationsQueryKey, 'versions', id, pageSize] as const,
    queryFn: async ({ pageParam, signal }): Promise<ConfigurationVersionList> =>
      (
        await unwrap(
          client.GET('/configurations/{id}/versions', {
            params: { path: { id }, query: { sort: '-number', limit: pageSize, cursor: pageParam } },
            signal,
          }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useVersions(id: string, pageSize = VERSIONS_PAGE_SIZE) {
  return useInfiniteQuery(versionsQueryOptions(id, pageSize));
}

/** GET /configurations/{id}/versions/{number}. */
export function versionQueryOptions(id: string, number: number) {
  return queryOptions({
    queryKey: [...configurationsQueryKey, 'version', id, number] as const,
    queryFn: async ({ signal }): Promise<ConfigurationVersion> =>
      (await unwrap(client.GET('/configurations/{id}/versions/{number}', { params: { path: { id, number } }, signal })))
        .data,
    staleTime: Infinity, // versions never change
  });
}

/** GET /configurations/{id}/diff?from=&to=. */
export function diffQueryOptions(id: string, from: number, to: number) {
  return queryOptions({
    queryKey: [...configurationsQueryKey, 'diff', id, from, to] as const,
    queryFn: async ({ signal }): Promise<ConfigurationDiff> =>
      (await unwrap(client.GET('/configurations/{id}/diff', { params: { path: { id }, query: { from, to } }, signal })))
        .data,
    staleTime: Infinity, // versions never change
  });
}

/** After a change: every configuration query and the audit trail. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: configurationsQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreateConfiguration() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: ConfigurationCreate): Promise<Configuration> =>
      (await unwrap(client.POST('/configurations', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateConfiguration(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: ConfigurationPatch; etag: string }): Promise<Versioned<Configuration>> =>
      unwrapVersioned(
        client.PATCH('/configurations/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(configurationQueryOptions(id).queryKey, saved);
      void invalidate();
    },
  });
}

export function useArchiveConfiguration(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (archived: boolean): Promise<Configuration> =>
      (
        await unwrap(
          archived
            ? client.POST('/configurations/{id}/archive', { params: { path: { id } } })
            : client.POST('/configurations/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSettled: () => invalidate(),
  });
}

export function useCommitVersion(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: ConfigurationCommit): Promise<ConfigurationVersion> =>
      (await unwrap(client.POST('/configurations/{id}/versions', { params: { path: { id } }, body }))).data,
    onSuccess: () => invalidate(),
  });
}

/** `If-Match` of a configuration: the ETag it was read with, else the one its version stands for. */
export function etagOf(resource: Versioned<Configuration>): string {
  return resource.etag ?? `"${String(resource.data.version)}"`;
}

export function flattenPages<T>(pages: readonly { items: T[]; total: number }[] | undefined): { items: T[]; total: number } {
  return { items: pages?.flatMap((page) => page.items) ?? [], total: pages?.[pages.length - 1]?.total ?? 0 };
}
