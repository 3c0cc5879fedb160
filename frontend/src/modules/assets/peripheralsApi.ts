/**
 * Peripherals as the SPA reads and changes them (openapi.yaml, tag assets): docking stations, monitors, headsets… with
 * the same lifecycle as assets, optionally attached to an asset. Reading needs `assets` read, changing `assets` write.
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
import { type AssetCheckIn, type AssetCheckOut, type AssetStatus, type AssetTransition, etagOfVersion, PAGE_SIZE, type TimelineList } from './assetsApi';

export type Peripheral = components['schemas']['Peripheral'];
export type PeripheralList = components['schemas']['PeripheralList'];
export type PeripheralCreate = components['schemas']['PeripheralCreate'];
export type PeripheralPatch = components['schemas']['PeripheralPatch'];
type PeripheralsQueryParams = NonNullable<operations['listPeripherals']['parameters']['query']>;

export const peripheralsQueryKey = ['peripherals'] as const;

export const PERIPHERAL_SORT = /^-?(name|serial|status|purchase_date|warranty_end|created_at|cf\.[a-z][a-z0-9_]{0,39})$/;
export const PERIPHERAL_SORT_COLUMNS = ['name', 'serial', 'status', 'warranty_end', 'created_at'] as const;
export type PeripheralSortColumn = (typeof PERIPHERAL_SORT_COLUMNS)[number];
export const DEFAULT_PERIPHERAL_SORT = 'name';

export interface PeripheralFilters {
  q?: string;
  status?: AssetStatus[];
  asset_id?: string;
  holder_id?: string;
  location_id?: string;
  model_id?: string;
  tag?: string[];
  include_archived?: boolean;
  sort?: string;
}

/** The list's query parameters: only the known filters, in a fixed order (stable query keys). */
export function peripheralListQuery(filters: PeripheralFilters, pageSize = PAGE_SIZE): PeripheralsQueryParams {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.status?.length ? { status: filters.status } : {}),
    ...(filters.asset_id ? { asset_id: filters.asset_id } : {}),
    ...(filters.holder_id ? { holder_id: filters.holder_id } : {}),
    ...(filters.location_id ? { location_id: filters.location_id } : {}),
    ...(filters.model_id ? { model_id: filters.model_id } : {}),
    ...(filters.tag?.length ? { tag: filters.tag } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: filters.sort ?? DEFAULT_PERIPHERAL_SORT,
    limit: pageSize,
  };
}

export function peripheralsQueryOptions(filters: PeripheralFilters, pageSize = PAGE_SIZE) {
  const query = peripheralListQuery(filters, pageSize);
  return infiniteQueryOptions({
    queryKey: [...peripheralsQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<PeripheralList> =>
      (await unwrap(client.GET('/peripherals', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function usePeripherals(filters: PeripheralFilters, pageSize = PAGE_SIZE) {
  return useInfiniteQuery({ ...peripheralsQueryOptions(filters, pageSize), placeholderData: keepPreviousData });
}

export function peripheralQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...peripheralsQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Peripheral>> =>
      unwrapVersioned(client.GET('/peripherals/{id}', { params: { path: { id } }, signal })),
  });
}

export function peripheralTimelineQueryOptions(id: string, pageSize = PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...peripheralsQueryKey, 'timeline', id] as const,
    queryFn: async ({ pageParam, signal }): Promise<TimelineList> =>
      (
        await unwrap(
          client.GET('/peripherals/{id}/timeline', {
            params: { path: { id }, query: { sort: '-at', limit: pageSize, cursor: pageParam } },
            signal,
          }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function usePeripheralTimeline(id: string) {
  return useInfiniteQuery(peripheralTimelineQueryOptions(id));
}

function useInvalidatePeripherals() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: peripheralsQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreatePeripheral() {
  const invalidate = useInvalidatePeripherals();
  return useMutation({
    mutationFn: async (body: PeripheralCreate): Promise<Peripheral> =>
      (await unwrap(client.POST('/peripherals', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdatePeripheral(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidatePeripherals();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: PeripheralPatch; etag: string }): Promise<Versioned<Peripheral>> =>
      unwrapVersioned(
        client.PATCH('/peripherals/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(peripheralQueryOptions(id).queryKey, saved);
      void invalidate();
    },
  });
}

/** The new state from an answer without an ETag: shown at once, then read again with its ETag. */
function useApplyPeripheral(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidatePeripherals();
  return (peripheral: Peripheral) => {
    queryClient.setQueryData(peripheralQueryOptions(id).queryKey, {
      data: peripheral,
      etag: etagOfVersion(peripheral.version),
    });
    return invalidate();
  };
}

export function useCheckOutPeripheral(id: string) {
  const apply = useApplyPeripheral(id);
  return useMutation({
    mutationFn: async ({ body, etag }: { body: AssetCheckOut; etag: string }): Promise<Peripheral> =>
      (
        await unwrap(
          client.POST('/peripherals/{id}/check-out', { params: { path: { id }, header: { 'If-Match': etag } }, body }),
        )
      ).data,
    onSuccess: (peripheral) => apply(peripheral),
  });
}

export function useCheckInPeripheral(id: string) {
  const apply = useApplyPeripheral(id);
  return useMutation({
    mutationFn: async ({ body, etag }: { body: AssetCheckIn; etag: string }): Promise<Peripheral> =>
      (
        await unwrap(
          client.POST('/peripherals/{id}/check-in', { params: { path: { id }, header: { 'If-Match': etag } }, body }),
        )
      ).data,
    onSuccess: (peripheral) => apply(peripheral),
  });
}

export function useTransitionPeripheral(id: string) {
  const apply = useApplyPeripheral(id);
  return useMutation({
    mutationFn: async ({ body, etag }: { body: AssetTransition; etag: string }): Promise<Peripheral> =>
      (
        await unwrap(
          client.POST('/peripherals/{id}/transition', { params: { path: { id }, header: { 'If-Match': etag } }, body }),
        )
      ).data,
    onSuccess: (peripheral) => apply(peripheral),
  });
}

export function useArchivePeripheral(id: string) {
  const apply = useApplyPeripheral(id);
  return useMutation({
    mutationFn: async ({ archived }: { archived: boolean }): Promise<Peripheral> =>
      (
        await unwrap(
          archived
            ? client.POST('/peripherals/{id}/archive', { params: { path: { id } } })
            : client.POST('/peripherals/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSuccess: (peripheral) => apply(peripheral),
  });
}
