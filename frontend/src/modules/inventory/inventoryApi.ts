/**
 * Physical inventory campaigns as the SPA reads and changes them (openapi.yaml, tag assets): campaigns with their
 * counts, their items (one per asset of the snapshot) and the checks. Reading needs `assets` read, changing `assets`
 * write.
 *
 * Edits and the completion send the `If-Match` of the version on screen. Checks do not change the campaign's version
 * (see docs/inventory-campaigns.md): several people can scan the same campaign at once.
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

export type Campaign = components['schemas']['InventoryCampaign'];
export type CampaignList = components['schemas']['InventoryCampaignList'];
export type CampaignCreate = components['schemas']['InventoryCampaignCreate'];
export type CampaignPatch = components['schemas']['InventoryCampaignPatch'];
export type CampaignStatus = components['schemas']['CampaignStatus'];
export type ItemResult = components['schemas']['CampaignItemResult'];
export type InventoryItem = components['schemas']['InventoryItem'];
export type InventoryItemList = components['schemas']['InventoryItemList'];
export type InventoryCheck = components['schemas']['InventoryCheck'];

type CampaignsQueryParams = NonNullable<operations['listInventoryCampaigns']['parameters']['query']>;
type ItemsQueryParams = NonNullable<operations['listInventoryItems']['parameters']['query']>;
export type CampaignSort = NonNullable<CampaignsQueryParams['sort']>;
export type ItemSort = NonNullable<ItemsQueryParams['sort']>;

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ['open', 'completed'];
export const ITEM_RESULTS: readonly ItemResult[] = ['pending', 'verified', 'flagged', 'missing'];
export const CAMPAIGN_SORTS: readonly CampaignSort[] = ['-created_at', 'created_at', 'name', '-name', 'due_on', '-due_on'];
export const DEFAULT_CAMPAIGN_SORT: CampaignSort = '-created_at';
export const ITEM_SORTS: readonly ItemSort[] = ['asset_name', '-asset_name', '-checked_at', 'checked_at'];
export const DEFAULT_ITEM_SORT: ItemSort = 'asset_name';

export const PAGE_SIZE = 50;
export const campaignsQueryKey = ['inventory-campaigns'] as const;

/** Share of the campaign's assets already seen (verified or flagged), 0–100. */
export function progressOf(campaign: Pick<Campaign, 'total' | 'verified' | 'flagged'>): number {
  return campaign.total === 0 ? 0 : Math.round(((campaign.verified + campaign.flagged) * 100) / campaign.total);
}

export function flattenPages<T>(pages: readonly { items: T[]; total: number }[] | undefined): { items: T[]; total: number } {
  return { items: pages?.flatMap((page) => page.items) ?? [], total: pages?.[pages.length - 1]?.total ?? 0 };
}

/** `If-Match` of a campaign: the ETag it was read with, else the one its version stands for. */
export function campaignEtag(campaign: Versioned<Campaign>): string {
  return campaign.etag ?? `"${String(campaign.data.version)}"`;
}

// ————————————————————————————————————————————————————————————————————————————— campaigns

export interface CampaignFilters {
  q?: string;
  status?: CampaignStatus;
  include_archived?: boolean;
  sort?: CampaignSort;
}

export function campaignListQuery(filters: CampaignFilters): CampaignsQueryParams {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: filters.sort ?? DEFAULT_CAMPAIGN_SORT,
    limit: PAGE_SIZE,
  };
}

export function campaignsQueryOptions(filters: CampaignFilters) {
  const query = campaignListQuery(filters);
  return infiniteQueryOptions({
    queryKey: [...campaignsQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<CampaignList> =>
      (await unwrap(client.GET('/inventory-campaigns', { params: { query: { ...query, cursor: pageParam } }, signal })))
        .data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useCampaigns(filters: CampaignFilters) {
  return useInfiniteQuery({ ...campaignsQueryOptions(filters), placeholderData: keepPreviousData });
}

export function campaignQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...campaignsQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Campaign>> =>
      unwrapVersioned(client.GET('/inventory-campaigns/{id}', { params: { path: { id } }, signal })),
  });
}

function useInvalidateCampaigns() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: campaignsQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreateCampaign() {
  const invalidate = useInvalidateCampaigns();
  return useMutation({
    mutationFn: async (body: CampaignCreate): Promise<Campaign> =>
      (await unwrap(client.POST('/inventory-campaigns', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateCampaign(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCampaigns();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: CampaignPatch; etag: string }): Promise<Versioned<Campaign>> =>
      unwrapVersioned(
        client.PATCH('/inventory-campaigns/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(campaignQueryOptions(id).queryKey, saved);
      void invalidate();
    },
  });
}

/** The campaign's new state from an answer without an ETag: shown at once (its version stands for the ETag). */
function useApplyCampaign(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCampaigns();
  return (campaign: Campaign) => {
    queryClient.setQueryData(campaignQueryOptions(id).queryKey, { data: campaign, etag: `"${String(campaign.version)}"` });
    return invalidate();
  };
}

export function useCompleteCampaign(id: string) {
  const apply = useApplyCampaign(id);
  return useMutation({
    mutationFn: async ({ etag }: { etag: string }): Promise<Campaign> =>
      (
        await unwrap(
          client.POST('/inventory-campaigns/{id}/complete', { params: { path: { id }, header: { 'If-Match': etag } } }),
        )
      ).data,
    onSuccess: (campaign) => apply(campaign),
  });
}

export function useArchiveCampaign() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCampaigns();
  return useMutation({
    mutationFn: async ({ id, archived }: { id: string; archived: boolean }): Promise<Campaign> =>
      (
        await unwrap(
          archived
            ? client.POST('/inventory-campaigns/{id}/archive', { params: { path: { id } } })
            : client.POST('/inventory-campaigns/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSuccess: (campaign) => {
      queryClient.setQueryData(campaignQueryOptions(campaign.id).queryKey, {
        data: campaign,
        etag: `"${String(campaign.version)}"`,
      });
      return invalidate();
    },
  });
}

// ————————————————————————————————————————————————————————————————————————————— items

export interface ItemFilters {
  q?: string;
  result?: ItemResult[];
  sort?: ItemSort;
}

export function itemListQuery(filters: ItemFilters, limit = PAGE_SIZE): ItemsQueryParams {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.result?.length ? { result: filters.result } : {}),
    sort: filters.sort ?? DEFAULT_ITEM_SORT,
    limit,
  };
}

export function itemsQueryOptions(id: string, filters: ItemFilters) {
  const query = itemListQuery(filters);
  return infiniteQueryOptions({
    queryKey: [...campaignsQueryKey, 'items', id, query] as const,
    queryFn: async ({ pageParam, signal }): Promise<InventoryItemList> =>
      (
        await unwrap(
          client.GET('/inventory-campaigns/{id}/items', {
            params: { path: { id }, query: { ...query, cursor: pageParam } },
            signal,
          }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useItems(id: string, filters: ItemFilters) {
  return useInfiniteQuery({ ...itemsQueryOptions(id, filters), placeholderData: keepPreviousData });
}

/** The items matching a scanned tag or serial (at most a few: the scan wants exactly one). */
export async function findItems(id: string, q: string): Promise<InventoryItemList> {
  return (
    await unwrap(client.GET('/inventory-campaigns/{id}/items', { params: { path: { id }, query: { q, limit: 5 } } }))
  ).data;
}

export function useCheckItem(id: string) {
  const invalidate = useInvalidateCampaigns();
  return useMutation({
    mutationFn: async ({ assetId, body }: { assetId: string; body: InventoryCheck }): Promise<InventoryItem> =>
      (
        await unwrap(
          client.POST('/inventory-campaigns/{id}/items/{asset_id}', {
            params: { path: { id, asset_id: assetId } },
            body,
          }),
        )
      ).data,
    // The campaign's counts and the lists change: read them again.
    onSuccess: () => invalidate(),
  });
}
