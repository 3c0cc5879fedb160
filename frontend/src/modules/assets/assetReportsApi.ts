/** The assets module's views over the whole fleet: dashboard, tree views, depreciation, a person's equipment PDF. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { components, operations } from '../../api/schema';
import { client, unwrap } from '../../lib/api';
import { jobsQueryKey } from '../jobs/jobsApi';
import { assetsQueryKey } from './assetsApi';

export type AssetDashboard = components['schemas']['AssetDashboard'];
export type AssetTree = components['schemas']['AssetTree'];
export type AssetTreeGroup = components['schemas']['AssetTreeGroup'];
export type DepreciationReport = components['schemas']['DepreciationReport'];
export type DepreciationRow = components['schemas']['DepreciationRow'];
export type TreeGrouping = NonNullable<NonNullable<operations['getAssetTree']['parameters']['query']>['by']>;
export type DepreciationMethod = NonNullable<
  NonNullable<operations['getAssetDepreciation']['parameters']['query']>['method']
>;

export const TREE_GROUPINGS: readonly TreeGrouping[] = ['location', 'holder', 'remote', 'supplier'];
export const DEPRECIATION_METHODS: readonly DepreciationMethod[] = ['linear', 'double_declining'];

export function assetDashboardQueryOptions() {
  return queryOptions({
    queryKey: [...assetsQueryKey, 'dashboard'] as const,
    queryFn: async ({ signal }): Promise<AssetDashboard> =>
      (await unwrap(client.GET('/assets/dashboard', { signal }))).data,
  });
}

export function assetTreeQueryOptions(by: TreeGrouping) {
  return queryOptions({
    queryKey: [...assetsQueryKey, 'tree', by] as const,
    queryFn: async ({ signal }): Promise<AssetTree> =>
      (await unwrap(client.GET('/assets/tree', { params: { query: { by } }, signal }))).data,
  });
}

export interface DepreciationParams {
  method: DepreciationMethod;
  life_years: number;
  /** `YYYY-MM-DD`; the server's today when absent. */
  as_of?: string;
}

export function depreciationQueryOptions(params: DepreciationParams) {
  const query = {
    method: params.method,
    life_years: params.life_years,
    ...(params.as_of ? { as_of: params.as_of } : {}),
  };
  return queryOptions({
    queryKey: [...assetsQueryKey, 'depreciation', query] as const,
    queryFn: async ({ signal }): Promise<DepreciationReport> =>
      (await unwrap(client.GET('/assets/depreciation', { params: { query }, signal }))).data,
  });
}

/** POST /people/{id}/equipment-report: queues the PDF; answers the job to follow. */
export function useStartEquipmentReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (personId: string): Promise<number> =>
      (await unwrap(client.POST('/people/{id}/equipment-report', { params: { path: { id: personId } } }))).data.job_id,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobsQueryKey }),
  });
}
