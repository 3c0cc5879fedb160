/**
 * The disposal register: assets and peripherals disposed of or sold. Recording one archives the item; later corrections
 * need a reason and are kept in the disposal's history.
 */
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { components, operations } from '../../api/schema';
import { client, unwrap, unwrapVersioned, type Versioned } from '../../lib/api';
import { auditEventsQueryKey } from '../../lib/audit';
import { assetsQueryKey, PAGE_SIZE } from './assetsApi';
import { peripheralsQueryKey } from './peripheralsApi';

export type Disposal = components['schemas']['Disposal'];
export type DisposalList = components['schemas']['DisposalList'];
export type DisposalCreate = components['schemas']['DisposalCreate'];
export type DisposalPatch = components['schemas']['DisposalPatch'];
export type DisposalChange = components['schemas']['DisposalChange'];
export type DisposalChangeList = components['schemas']['DisposalChangeList'];
export type DisposalMethod = components['schemas']['DisposalMethod'];
export type ItemKind = components['schemas']['ItemKind'];
type DisposalsQueryParams = NonNullable<operations['listDisposals']['parameters']['query']>;
export type DisposalSort = NonNullable<DisposalsQueryParams['sort']>;

export const DISPOSAL_METHODS: readonly DisposalMethod[] = ['recycled', 'destroyed', 'donated', 'sold', 'returned', 'lost'];
export const ITEM_KINDS: readonly ItemKind[] = ['asset', 'peripheral'];
export const DISPOSAL_SORTS: readonly DisposalSort[] = ['-disposed_on', 'disposed_on', '-created_at', 'created_at'];
export const DEFAULT_DISPOSAL_SORT: DisposalSort = '-disposed_on';

export const disposalsQueryKey = ['disposals'] as const;

export interface DisposalFilters {
  q?: string;
  method?: DisposalMethod[];
  item_kind?: ItemKind;
  from?: string;
  to?: string;
  sort?: DisposalSort;
}

export function disposalListQuery(filters: DisposalFilters, pageSize = PAGE_SIZE): DisposalsQueryParams {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.method?.length ? { method: filters.method } : {}),
    ...(filters.item_kind ? { item_kind: filters.item_kind } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    sort: filters.sort ?? DEFAULT_DISPOSAL_SORT,
    limit: pageSize,
  };
}

export function disposalsQueryOptions(filters: DisposalFilters, pageSize = PAGE_SIZE) {
  const query = disposalListQuery(filters, pageSize);
  return infiniteQueryOptions({
    queryKey: [...disposalsQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<DisposalList> =>
      (await unwrap(client.GET('/disposals', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** The disposal record of one asset or peripheral (none until it is disposed of). */
export function useItemDisposal(kind: ItemKind, id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...disposalsQueryKey, 'item', kind, id] as const,
    enabled,
    queryFn: async ({ signal }) => {
      const query = kind === 'asset' ? { asset_id: id, limit: 1 } : { peripheral_id: id, limit: 1 };
      const page = (await unwrap(client.GET('/disposals', { params: { query }, signal }))).data;
      return page.items[0] ?? null;
    },
  });
}

export function useDisposals(filters: DisposalFilters) {
  return useInfiniteQuery({ ...disposalsQueryOptions(filters), placeholderData: keepPreviousData });
}

export function disposalQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...disposalsQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Disposal>> =>
      unwrapVersioned(client.GET('/disposals/{id}', { params: { path: { id } }, signal })),
  });
}

export function disposalHistoryQueryOptions(id: string, pageSize = PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...disposalsQueryKey, 'history', id] as const,
    queryFn: async ({ pageParam, signal }): Promise<DisposalChangeList> =>
      (
        await unwrap(
          client.GET('/disposals/{id}/history', {
            params: { path: { id }, query: { sort: '-at', limit: pageSize, cursor: pageParam } },
            signal,
          }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useDisposalHistory(id: string) {
  return useInfiniteQuery(disposalHistoryQueryOptions(id));
}

/** A disposal moves its item to disposed/sold and archives it: the item's pages are read again. */
function useInvalidateDisposals() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: disposalsQueryKey }),
      queryClient.invalidateQueries({ queryKey: assetsQueryKey }),
      queryClient.invalidateQueries({ queryKey: peripheralsQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreateDisposal() {
  const invalidate = useInvalidateDisposals();
  return useMutation({
    mutationFn: async (body: DisposalCreate): Promise<Disposal> => (await unwrap(client.POST('/disposals', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateDisposal(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateDisposals();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: DisposalPatch; etag: string }): Promise<Versioned<Disposal>> =>
      unwrapVersioned(
        client.PATCH('/disposals/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(disposalQueryOptions(id).queryKey, saved);
      void invalidate();
    },
  });
}
