/**
 * Maintenance logs of assets and peripherals (repairs, planned work, upgrades, inspections, data erasures). Filtered to
 * `type=data_erasure` the list is the erasure register.
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
import { assetsQueryKey, PAGE_SIZE } from './assetsApi';
import { peripheralsQueryKey } from './peripheralsApi';

export type MaintenanceLog = components['schemas']['MaintenanceLog'];
export type MaintenanceLogList = components['schemas']['MaintenanceLogList'];
export type MaintenanceLogCreate = components['schemas']['MaintenanceLogCreate'];
export type MaintenanceLogPatch = components['schemas']['MaintenanceLogPatch'];
export type MaintenanceType = components['schemas']['MaintenanceType'];
export type MaintenanceStatus = components['schemas']['MaintenanceStatus'];
export type ErasureMethod = components['schemas']['ErasureMethod'];
type MaintenanceQueryParams = NonNullable<operations['listMaintenanceLogs']['parameters']['query']>;
export type MaintenanceSort = NonNullable<MaintenanceQueryParams['sort']>;

export const MAINTENANCE_TYPES: readonly MaintenanceType[] = [
  'repair',
  'planned',
  'unplanned',
  'upgrade',
  'inspection',
  'data_erasure',
];
export const MAINTENANCE_STATUSES: readonly MaintenanceStatus[] = ['scheduled', 'in_progress', 'done', 'cancelled'];
export const ERASURE_METHODS: readonly ErasureMethod[] = ['clear', 'purge', 'destroy'];
export const MAINTENANCE_SORTS: readonly MaintenanceSort[] = [
  '-performed_on',
  'performed_on',
  'title',
  '-title',
  '-created_at',
  'created_at',
];
export const DEFAULT_MAINTENANCE_SORT: MaintenanceSort = '-performed_on';

export const MAINTENANCE_STATUS_COLORS: Readonly<Record<MaintenanceStatus, string>> = {
  scheduled: 'blue',
  in_progress: 'orange',
  done: 'green',
  cancelled: 'gray',
};

export const maintenanceQueryKey = ['maintenance-logs'] as const;

export interface MaintenanceFilters {
  q?: string;
  asset_id?: string;
  peripheral_id?: string;
  type?: MaintenanceType[];
  status?: MaintenanceStatus[];
  assignee_id?: string;
  from?: string;
  to?: string;
  include_archived?: boolean;
  sort?: MaintenanceSort;
}

export function maintenanceListQuery(filters: MaintenanceFilters, pageSize = PAGE_SIZE): MaintenanceQueryParams {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.asset_id ? { asset_id: filters.asset_id } : {}),
    ...(filters.peripheral_id ? { peripheral_id: filters.peripheral_id } : {}),
    ...(filters.type?.length ? { type: filters.type } : {}),
    ...(filters.status?.length ? { status: filters.status } : {}),
    ...(filters.assignee_id ? { assignee_id: filters.assignee_id } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: filters.sort ?? DEFAULT_MAINTENANCE_SORT,
    limit: pageSize,
  };
}

export function maintenanceLogsQueryOptions(filters: MaintenanceFilters, pageSize = PAGE_SIZE) {
  const query = maintenanceListQuery(filters, pageSize);
  return infiniteQueryOptions({
    queryKey: [...maintenanceQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<MaintenanceLogList> =>
      (await unwrap(client.GET('/maintenance-logs', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useMaintenanceLogs(filters: MaintenanceFilters, pageSize = PAGE_SIZE) {
  return useInfiniteQuery({ ...maintenanceLogsQueryOptions(filters, pageSize), placeholderData: keepPreviousData });
}

export function maintenanceLogQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...maintenanceQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<MaintenanceLog>> =>
      unwrapVersioned(client.GET('/maintenance-logs/{id}', { params: { path: { id } }, signal })),
  });
}

/** Logs change the maintained item's timeline too. */
function useInvalidateMaintenance() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: maintenanceQueryKey }),
      queryClient.invalidateQueries({ queryKey: [...assetsQueryKey, 'timeline'] }),
      queryClient.invalidateQueries({ queryKey: [...peripheralsQueryKey, 'timeline'] }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreateMaintenanceLog() {
  const invalidate = useInvalidateMaintenance();
  return useMutation({
    mutationFn: async (body: MaintenanceLogCreate): Promise<MaintenanceLog> =>
      (await unwrap(client.POST('/maintenance-logs', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateMaintenanceLog(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateMaintenance();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: MaintenanceLogPatch; etag: string }): Promise<Versioned<MaintenanceLog>> =>
      unwrapVersioned(
        client.PATCH('/maintenance-logs/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(maintenanceLogQueryOptions(id).queryKey, saved);
      void invalidate();
    },
  });
}

export function useArchiveMaintenanceLog(id: string) {
  const invalidate = useInvalidateMaintenance();
  return useMutation({
    mutationFn: async ({ archived }: { archived: boolean }): Promise<MaintenanceLog> =>
      (
        await unwrap(
          archived
            ? client.POST('/maintenance-logs/{id}/archive', { params: { path: { id } } })
            : client.POST('/maintenance-logs/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSettled: () => invalidate(),
  });
}
