/**
 * Assets and inventory as the SPA reads and changes them (openapi.yaml, tag assets): the assets with their custody log
 * and history, and the reference lists they point at (locations, brands, models). Reading needs `assets` read,
 * changing anything `assets` write.
 *
 * Every change to an asset sends the `If-Match` of the version on screen; the answers of check-out, check-in and
 * transitions carry no ETag, so the version they answer stands for it until the asset is read again.
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

export type Asset = components['schemas']['Asset'];
export type AssetList = components['schemas']['AssetList'];
export type AssetCreate = components['schemas']['AssetCreate'];
export type AssetPatch = components['schemas']['AssetPatch'];
export type AssetStatus = components['schemas']['AssetStatus'];
export type AssetCategory = components['schemas']['AssetCategory'];
export type AssetCheckOut = components['schemas']['AssetCheckOut'];
export type AssetCheckIn = components['schemas']['AssetCheckIn'];
export type AssetTransition = components['schemas']['AssetTransition'];
export type CustodyEntry = components['schemas']['CustodyEntry'];
export type CustodyList = components['schemas']['CustodyList'];
export type TimelineEntry = components['schemas']['TimelineEntry'];
export type TimelineList = components['schemas']['TimelineList'];
export type TimelineKind = TimelineEntry['kind'];
export type Location = components['schemas']['Location'];
export type LocationList = components['schemas']['LocationList'];
export type LocationCreate = components['schemas']['LocationCreate'];
export type LocationPatch = components['schemas']['LocationPatch'];
export type Brand = components['schemas']['Brand'];
export type BrandList = components['schemas']['BrandList'];
export type BrandCreate = components['schemas']['BrandCreate'];
export type BrandPatch = components['schemas']['BrandPatch'];
export type AssetModel = components['schemas']['AssetModel'];
export type AssetModelList = components['schemas']['AssetModelList'];
export type AssetModelCreate = components['schemas']['AssetModelCreate'];
export type AssetModelPatch = components['schemas']['AssetModelPatch'];
export type TagRef = components['schemas']['TagRef'];

type AssetsQueryParams = NonNullable<operations['listAssets']['parameters']['query']>;
type LocationsQueryParams = NonNullable<operations['listLocations']['parameters']['query']>;
type BrandsQueryParams = NonNullable<operations['listBrands']['parameters']['query']>;
type ModelsQueryParams = NonNullable<operations['listAssetModels']['parameters']['query']>;
export type LocationSort = NonNullable<LocationsQueryParams['sort']>;

export const ASSET_STATUSES: readonly AssetStatus[] = [
  'in_stock',
  'in_use',
  'in_repair',
  'awaiting_disposal',
  'disposed',
  'sold',
];

export const ASSET_CATEGORIES: readonly AssetCategory[] = [
  'laptop',
  'desktop',
  'server',
  'network',
  'storage',
  'phone',
  'tablet',
  'monitor',
  'printer',
  'peripheral',
  'iot',
  'other',
];

/** The columns the list can sort on (the contract also sorts on `cf.<key>`). */
export const ASSET_SORT_COLUMNS = ['name', 'asset_tag', 'status', 'purchase_date', 'warranty_end', 'created_at'] as const;
export type AssetSortColumn = (typeof ASSET_SORT_COLUMNS)[number];
/** The contract's sort pattern: a column or a custom field, `-` for descending. */
export const ASSET_SORT = /^-?(name|asset_tag|status|purchase_date|warranty_end|created_at|cf\.[a-z][a-z0-9_]{0,39})$/;
export const DEFAULT_ASSET_SORT = 'name';
export const LOCATION_SORTS: readonly LocationSort[] = ['name', '-name', 'created_at', '-created_at'];
export const DEFAULT_LOCATION_SORT: LocationSort = 'name';

/**
 * The moves of the state machine that a person makes by hand (transitionAsset). `in_use` comes from check-out only,
 * `disposed` and `sold` from the disposal workflow only.
 */
export const ASSET_TRANSITIONS: Readonly<Record<AssetStatus, readonly AssetStatus[]>> = {
  in_stock: ['in_repair', 'awaiting_disposal'],
  in_use: [],
  in_repair: ['in_stock', 'awaiting_disposal'],
  awaiting_disposal: ['in_stock'],
  disposed: [],
  sold: [],
};

export function allowedTransitions(status: AssetStatus): readonly AssetStatus[] {
  return ASSET_TRANSITIONS[status];
}

export const PAGE_SIZE = 50;
/** The API's largest page, for the reference lists that the pickers offer whole. */
const MAX_PAGE = 200;

export const assetsQueryKey = ['assets'] as const;
export const locationsQueryKey = ['locations'] as const;
export const brandsQueryKey = ['brands'] as const;
export const assetModelsQueryKey = ['asset-models'] as const;

/** The `If-Match` of a resource: the ETag it was read with, else the one its version stands for (`"<version>"`). */
export function versionedEtag<T extends { version: number }>(resource: Versioned<T>): string {
  return resource.etag ?? `"${String(resource.data.version)}"`;
}

/** `If-Match` of a resource read from a list or a POST answer, where no ETag header came with it. */
export function etagOfVersion(version: number): string {
  return `"${String(version)}"`;
}

/** Every page of a keyset-paged list, for the short lists the pickers offer whole. */
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

export function flattenPages<T>(pages: readonly { items: T[]; total: number }[] | undefined): { items: T[]; total: number } {
  return { items: pages?.flatMap((page) => page.items) ?? [], total: pages?.[pages.length - 1]?.total ?? 0 };
}

// ————————————————————————————————————————————————————————————————————————————— assets

export interface AssetFilters {
  q?: string;
  status?: AssetStatus[];
  location_id?: string;
  brand_id?: string;
  model_id?: string;
  holder_id?: string;
  critical?: boolean;
  remote?: boolean;
  /** Supplier name (exact, case-insensitive). */
  supplier?: string;
  /** Only assets without a location. */
  no_location?: boolean;
  /** Warranty ends on or after this day (`YYYY-MM-DD`). */
  warranty_from?: string;
  /** Warranty ends on or before this day. */
  warranty_to?: string;
  /** Tag ids: assets carrying every one. */
  tag?: string[];
  /** Custom field equality filters, `key:value`. */
  cf?: string[];
  include_archived?: boolean;
  sort?: string;
}

/** The list's query parameters: only the known filters, in a fixed order (stable query keys). */
export function assetListQuery(filters: AssetFilters, pageSize = PAGE_SIZE): AssetsQueryParams {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.status?.length ? { status: filters.status } : {}),
    ...(filters.location_id ? { location_id: filters.location_id } : {}),
    ...(filters.brand_id ? { brand_id: filters.brand_id } : {}),
    ...(filters.model_id ? { model_id: filters.model_id } : {}),
    ...(filters.holder_id ? { holder_id: filters.holder_id } : {}),
    ...(filters.critical !== undefined ? { critical: filters.critical } : {}),
    ...(filters.remote !== undefined ? { remote: filters.remote } : {}),
    ...(filters.supplier ? { supplier: filters.supplier } : {}),
    ...(filters.no_location ? { no_location: true } : {}),
    ...(filters.warranty_from ? { warranty_from: filters.warranty_from } : {}),
    ...(filters.warranty_to ? { warranty_to: filters.warranty_to } : {}),
    ...(filters.tag?.length ? { tag: filters.tag } : {}),
    ...(filters.cf?.length ? { cf: filters.cf } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: filters.sort ?? DEFAULT_ASSET_SORT,
    limit: pageSize,
  };
}

/** GET /assets, one page per `next_cursor`. */
export function assetsQueryOptions(filters: AssetFilters, pageSize = PAGE_SIZE) {
  const query = assetListQuery(filters, pageSize);
  return infiniteQueryOptions({
    queryKey: [...assetsQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<AssetList> =>
      (await unwrap(client.GET('/assets', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useAssets(filters: AssetFilters, pageSize = PAGE_SIZE) {
  return useInfiniteQuery({ ...assetsQueryOptions(filters, pageSize), placeholderData: keepPreviousData });
}

/** GET /assets/{id} with the ETag that the next change must send. */
export function assetQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...assetsQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Asset>> =>
      unwrapVersioned(client.GET('/assets/{id}', { params: { path: { id } }, signal })),
  });
}

/** GET /assets/{id}/custody, newest first. */
export function custodyQueryOptions(id: string, pageSize = PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...assetsQueryKey, 'custody', id] as const,
    queryFn: async ({ pageParam, signal }): Promise<CustodyList> =>
      (
        await unwrap(
          client.GET('/assets/{id}/custody', {
            params: { path: { id }, query: { sort: '-at', limit: pageSize, cursor: pageParam } },
            signal,
          }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useCustody(id: string) {
  return useInfiniteQuery(custodyQueryOptions(id));
}

/** GET /assets/{id}/timeline, newest first. */
export function timelineQueryOptions(id: string, pageSize = PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...assetsQueryKey, 'timeline', id] as const,
    queryFn: async ({ pageParam, signal }): Promise<TimelineList> =>
      (
        await unwrap(
          client.GET('/assets/{id}/timeline', {
            params: { path: { id }, query: { sort: '-at', limit: pageSize, cursor: pageParam } },
            signal,
          }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useTimeline(id: string) {
  return useInfiniteQuery(timelineQueryOptions(id));
}

/** After a change: every asset query (lists, details, custody, history), the places' counts and the audit trail. */
function useInvalidateAssets() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: assetsQueryKey }),
      queryClient.invalidateQueries({ queryKey: locationsQueryKey }),
      queryClient.invalidateQueries({ queryKey: assetModelsQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreateAsset() {
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: async (body: AssetCreate): Promise<Asset> => (await unwrap(client.POST('/assets', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateAsset(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: AssetPatch; etag: string }): Promise<Versioned<Asset>> =>
      unwrapVersioned(client.PATCH('/assets/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch })),
    onSuccess: (saved) => {
      queryClient.setQueryData(assetQueryOptions(id).queryKey, saved);
      void invalidate();
    },
  });
}

/** The asset's new state from an answer without an ETag: shown at once, then read again with its ETag. */
function useApplyAsset(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateAssets();
  return (asset: Asset) => {
    queryClient.setQueryData(assetQueryOptions(id).queryKey, { data: asset, etag: etagOfVersion(asset.version) });
    return invalidate();
  };
}

export function useCheckOutAsset(id: string) {
  const apply = useApplyAsset(id);
  return useMutation({
    mutationFn: async ({ body, etag }: { body: AssetCheckOut; etag: string }): Promise<Asset> =>
      (
        await unwrap(
          client.POST('/assets/{id}/check-out', { params: { path: { id }, header: { 'If-Match': etag } }, body }),
        )
      ).data,
    onSuccess: (asset) => apply(asset),
  });
}

export function useCheckInAsset(id: string) {
  const apply = useApplyAsset(id);
  return useMutation({
    mutationFn: async ({ body, etag }: { body: AssetCheckIn; etag: string }): Promise<Asset> =>
      (
        await unwrap(client.POST('/assets/{id}/check-in', { params: { path: { id }, header: { 'If-Match': etag } }, body }))
      ).data,
    onSuccess: (asset) => apply(asset),
  });
}

export function useTransitionAsset(id: string) {
  const apply = useApplyAsset(id);
  return useMutation({
    mutationFn: async ({ body, etag }: { body: AssetTransition; etag: string }): Promise<Asset> =>
      (
        await unwrap(
          client.POST('/assets/{id}/transition', { params: { path: { id }, header: { 'If-Match': etag } }, body }),
        )
      ).data,
    onSuccess: (asset) => apply(asset),
  });
}

/** Archive or restore; the contract asks no precondition, the version on screen is sent all the same. */
export function useArchiveAsset(id: string) {
  const apply = useApplyAsset(id);
  return useMutation({
    mutationFn: async ({ archived, etag }: { archived: boolean; etag: string }): Promise<Asset> =>
      (
        await unwrap(
          archived
            ? client.POST('/assets/{id}/archive', { params: { path: { id } }, headers: { 'If-Match': etag } })
            : client.POST('/assets/{id}/restore', { params: { path: { id } }, headers: { 'If-Match': etag } }),
        )
      ).data,
    onSuccess: (asset) => apply(asset),
  });
}

// ————————————————————————————————————————————————————————————————————————————— locations

export interface LocationFilters {
  q?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  physical?: boolean;
  include_archived?: boolean;
  sort?: LocationSort;
}

/** GET /locations, one page per `next_cursor`. */
export function locationsQueryOptions(filters: LocationFilters, pageSize = PAGE_SIZE) {
  const query: LocationsQueryParams = {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.country ? { country: filters.country } : {}),
    ...(filters.physical !== undefined ? { physical: filters.physical } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: filters.sort ?? DEFAULT_LOCATION_SORT,
    limit: pageSize,
  };
  return infiniteQueryOptions({
    queryKey: [...locationsQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<LocationList> =>
      (await unwrap(client.GET('/locations', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useLocations(filters: LocationFilters) {
  return useInfiniteQuery({ ...locationsQueryOptions(filters), placeholderData: keepPreviousData });
}

/** Every active location by name: what the pickers choose among. */
export function allLocationsQueryOptions() {
  return queryOptions({
    queryKey: [...locationsQueryKey, 'all'] as const,
    queryFn: ({ signal }): Promise<Location[]> =>
      readAll(async (cursor) =>
        (await unwrap(client.GET('/locations', { params: { query: { sort: 'name', limit: MAX_PAGE, cursor } }, signal })))
          .data,
      ),
    staleTime: 30_000,
  });
}

export function locationQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...locationsQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Location>> =>
      unwrapVersioned(client.GET('/locations/{id}', { params: { path: { id } }, signal })),
  });
}

function useInvalidateLocations() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: locationsQueryKey }),
      // Assets show their location's name.
      queryClient.invalidateQueries({ queryKey: assetsQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreateLocation() {
  const invalidate = useInvalidateLocations();
  return useMutation({
    mutationFn: async (body: LocationCreate): Promise<Location> => (await unwrap(client.POST('/locations', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateLocation() {
  const invalidate = useInvalidateLocations();
  return useMutation({
    mutationFn: ({ id, patch, etag }: { id: string; patch: LocationPatch; etag: string }): Promise<Versioned<Location>> =>
      unwrapVersioned(
        client.PATCH('/locations/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch }),
      ),
    onSuccess: () => invalidate(),
  });
}

export function useArchiveLocation() {
  const invalidate = useInvalidateLocations();
  return useMutation({
    mutationFn: async ({ id, archived }: { id: string; archived: boolean }): Promise<Location> =>
      (
        await unwrap(
          archived
            ? client.POST('/locations/{id}/archive', { params: { path: { id } } })
            : client.POST('/locations/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSettled: () => invalidate(),
  });
}

// ————————————————————————————————————————————————————————————————————————————— brands and models

export interface BrandFilters {
  q?: string;
  include_archived?: boolean;
}

/** GET /brands, one page per `next_cursor`. */
export function brandsQueryOptions(filters: BrandFilters, pageSize = PAGE_SIZE) {
  const query: BrandsQueryParams = {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: 'name',
    limit: pageSize,
  };
  return infiniteQueryOptions({
    queryKey: [...brandsQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<BrandList> =>
      (await unwrap(client.GET('/brands', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useBrands(filters: BrandFilters) {
  return useInfiniteQuery({ ...brandsQueryOptions(filters), placeholderData: keepPreviousData });
}

/** Every active brand by name. */
export function allBrandsQueryOptions() {
  return queryOptions({
    queryKey: [...brandsQueryKey, 'all'] as const,
    queryFn: ({ signal }): Promise<Brand[]> =>
      readAll(async (cursor) =>
        (await unwrap(client.GET('/brands', { params: { query: { sort: 'name', limit: MAX_PAGE, cursor } }, signal }))).data,
      ),
    staleTime: 30_000,
  });
}

export function brandQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...brandsQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Brand>> =>
      unwrapVersioned(client.GET('/brands/{id}', { params: { path: { id } }, signal })),
  });
}

export interface ModelFilters {
  q?: string;
  brand_id?: string;
  category?: AssetCategory;
  include_archived?: boolean;
}

/** GET /asset-models, one page per `next_cursor`. */
export function assetModelsQueryOptions(filters: ModelFilters, pageSize = PAGE_SIZE) {
  const query: ModelsQueryParams = {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.brand_id ? { brand_id: filters.brand_id } : {}),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: 'name',
    limit: pageSize,
  };
  return infiniteQueryOptions({
    queryKey: [...assetModelsQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<AssetModelList> =>
      (await unwrap(client.GET('/asset-models', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useAssetModels(filters: ModelFilters) {
  return useInfiniteQuery({ ...assetModelsQueryOptions(filters), placeholderData: keepPreviousData });
}

/** Every active model (of every brand), by name: the asset form groups them by brand. */
export function allAssetModelsQueryOptions() {
  return queryOptions({
    queryKey: [...assetModelsQueryKey, 'all'] as const,
    queryFn: ({ signal }): Promise<AssetModel[]> =>
      readAll(async (cursor) =>
        (
          await unwrap(client.GET('/asset-models', { params: { query: { sort: 'name', limit: MAX_PAGE, cursor } }, signal }))
        ).data,
      ),
    staleTime: 30_000,
  });
}

export function assetModelQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...assetModelsQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<AssetModel>> =>
      unwrapVersioned(client.GET('/asset-models/{id}', { params: { path: { id } }, signal })),
  });
}

function useInvalidateCatalogue() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: brandsQueryKey }),
      queryClient.invalidateQueries({ queryKey: assetModelsQueryKey }),
      // Assets show their model's and brand's names.
      queryClient.invalidateQueries({ queryKey: assetsQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreateBrand() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: async (body: BrandCreate): Promise<Brand> => (await unwrap(client.POST('/brands', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateBrand() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ id, patch, etag }: { id: string; patch: BrandPatch; etag: string }): Promise<Versioned<Brand>> =>
      unwrapVersioned(client.PATCH('/brands/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch })),
    onSuccess: () => invalidate(),
  });
}

export function useArchiveBrand() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: async ({ id, archived }: { id: string; archived: boolean }): Promise<Brand> =>
      (
        await unwrap(
          archived
            ? client.POST('/brands/{id}/archive', { params: { path: { id } } })
            : client.POST('/brands/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSettled: () => invalidate(),
  });
}

export function useCreateAssetModel() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: async (body: AssetModelCreate): Promise<AssetModel> =>
      (await unwrap(client.POST('/asset-models', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateAssetModel() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: ({ id, patch, etag }: { id: string; patch: AssetModelPatch; etag: string }): Promise<Versioned<AssetModel>> =>
      unwrapVersioned(
        client.PATCH('/asset-models/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch }),
      ),
    onSuccess: () => invalidate(),
  });
}

export function useArchiveAssetModel() {
  const invalidate = useInvalidateCatalogue();
  return useMutation({
    mutationFn: async ({ id, archived }: { id: string; archived: boolean }): Promise<AssetModel> =>
      (
        await unwrap(
          archived
            ? client.POST('/asset-models/{id}/archive', { params: { path: { id } } })
            : client.POST('/asset-models/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSettled: () => invalidate(),
  });
}
