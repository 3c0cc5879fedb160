/**
 * Address validations of the peripherals, maintenance, disposals and reports pages (see assetSearch.ts for the rules):
 * what the address holds becomes a clean search object, what the API would refuse is dropped, defaults stay out.
 */
import { ASSET_STATUSES, type AssetStatus } from './assetsApi';
import { type AssetSearch, day, flag, list, oneOf, text, uuid, validateAssetSearch } from './assetSearch';
import { DEPRECIATION_METHODS, type DepreciationMethod, TREE_GROUPINGS, type TreeGrouping } from './assetReportsApi';
import {
  DEFAULT_DISPOSAL_SORT,
  DISPOSAL_METHODS,
  DISPOSAL_SORTS,
  type DisposalFilters,
  type DisposalMethod,
  type DisposalSort,
  ITEM_KINDS,
  type ItemKind,
} from './disposalsApi';
import {
  DEFAULT_MAINTENANCE_SORT,
  MAINTENANCE_SORTS,
  MAINTENANCE_STATUSES,
  MAINTENANCE_TYPES,
  type MaintenanceFilters,
  type MaintenanceSort,
  type MaintenanceStatus,
  type MaintenanceType,
} from './maintenanceApi';
import { DEFAULT_PERIPHERAL_SORT, PERIPHERAL_SORT, type PeripheralFilters } from './peripheralsApi';

/** Drops undefined, empty and false values (and the default sort) so that the address stays short. */
function compact<T extends object>(search: T, defaultSort?: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(search)) {
    if (value === undefined || value === '' || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (key === 'sort' && value === defaultSort) continue;
    out[key] = value;
  }
  return out as T;
}

/** Every key present (undefined when refused) so that the router overwrites a refused raw value. */
function withKeys<T extends object>(keys: readonly (keyof T)[], search: T): T {
  return { ...(Object.fromEntries(keys.map((key) => [key, undefined])) as T), ...search };
}

/** True when a filter (not the sort, nor the view) narrows a list. */
export function hasFilters(search: object, ignore: readonly string[] = ['sort']): boolean {
  return Object.entries(compact(search)).some(([key]) => !ignore.includes(key));
}

// ————————————————————————————————————————————————————————————————————————————— peripherals

export type PeripheralSearch = PeripheralFilters;
const PERIPHERAL_KEYS = [
  'q',
  'status',
  'asset_id',
  'holder_id',
  'location_id',
  'model_id',
  'tag',
  'include_archived',
  'sort',
] as const satisfies readonly (keyof PeripheralSearch)[];

export function validatePeripheralSearch(input: Record<string, unknown>): PeripheralSearch {
  const sort = text(input.sort, 60);
  return withKeys<PeripheralSearch>(
    PERIPHERAL_KEYS,
    compact<PeripheralSearch>(
      {
        q: text(input.q),
        status: list<AssetStatus>(input.status, (item) => oneOf(item, ASSET_STATUSES), ASSET_STATUSES.length),
        asset_id: uuid(input.asset_id),
        holder_id: uuid(input.holder_id),
        location_id: uuid(input.location_id),
        model_id: uuid(input.model_id),
        tag: list(input.tag, uuid, 20),
        include_archived: flag(input.include_archived) === true ? true : undefined,
        sort: sort !== undefined && PERIPHERAL_SORT.test(sort) ? sort : undefined,
      },
      DEFAULT_PERIPHERAL_SORT,
    ),
  );
}

export function mergePeripheralSearch(current: PeripheralSearch, patch: Partial<PeripheralSearch>): PeripheralSearch {
  return compact({ ...current, ...patch }, DEFAULT_PERIPHERAL_SORT);
}

// ————————————————————————————————————————————————————————————————————————————— maintenance

/** The maintenance list; `view=erasure` is the erasure register (type data_erasure). */
export interface MaintenanceSearch extends MaintenanceFilters {
  view?: 'erasure';
}
const MAINTENANCE_KEYS = [
  'view',
  'q',
  'asset_id',
  'peripheral_id',
  'type',
  'status',
  'assignee_id',
  'from',
  'to',
  'include_archived',
  'sort',
] as const satisfies readonly (keyof MaintenanceSearch)[];

export function validateMaintenanceSearch(input: Record<string, unknown>): MaintenanceSearch {
  return withKeys<MaintenanceSearch>(
    MAINTENANCE_KEYS,
    compact<MaintenanceSearch>(
      {
        view: input.view === 'erasure' ? 'erasure' : undefined,
        q: text(input.q),
        asset_id: uuid(input.asset_id),
        peripheral_id: uuid(input.peripheral_id),
        type: list<MaintenanceType>(input.type, (item) => oneOf(item, MAINTENANCE_TYPES), MAINTENANCE_TYPES.length),
        status: list<MaintenanceStatus>(
          input.status,
          (item) => oneOf(item, MAINTENANCE_STATUSES),
          MAINTENANCE_STATUSES.length,
        ),
        assignee_id: uuid(input.assignee_id),
        from: day(input.from),
        to: day(input.to),
        include_archived: flag(input.include_archived) === true ? true : undefined,
        sort: oneOf<MaintenanceSort>(input.sort, MAINTENANCE_SORTS),
      },
      DEFAULT_MAINTENANCE_SORT,
    ),
  );
}

export function mergeMaintenanceSearch(current: MaintenanceSearch, patch: Partial<MaintenanceSearch>): MaintenanceSearch {
  return compact({ ...current, ...patch }, DEFAULT_MAINTENANCE_SORT);
}

/** The request's filters: the erasure register is the list of data erasures, whatever the type filter says. */
export function maintenanceFiltersOf(search: MaintenanceSearch): MaintenanceFilters {
  const { view, ...filters } = search;
  return view === 'erasure' ? { ...filters, type: ['data_erasure'] } : filters;
}

// ————————————————————————————————————————————————————————————————————————————— disposals

export type DisposalSearch = DisposalFilters;
const DISPOSAL_KEYS = ['q', 'method', 'item_kind', 'from', 'to', 'sort'] as const satisfies readonly (keyof DisposalSearch)[];

export function validateDisposalSearch(input: Record<string, unknown>): DisposalSearch {
  return withKeys<DisposalSearch>(
    DISPOSAL_KEYS,
    compact<DisposalSearch>(
      {
        q: text(input.q),
        method: list<DisposalMethod>(input.method, (item) => oneOf(item, DISPOSAL_METHODS), DISPOSAL_METHODS.length),
        item_kind: oneOf<ItemKind>(input.item_kind, ITEM_KINDS),
        from: day(input.from),
        to: day(input.to),
        sort: oneOf<DisposalSort>(input.sort, DISPOSAL_SORTS),
      },
      DEFAULT_DISPOSAL_SORT,
    ),
  );
}

export function mergeDisposalSearch(current: DisposalSearch, patch: Partial<DisposalSearch>): DisposalSearch {
  return compact({ ...current, ...patch }, DEFAULT_DISPOSAL_SORT);
}

// ————————————————————————————————————————————————————————————————————————————— reports

export const REPORT_TABS = ['warranty', 'tree', 'depreciation'] as const;
export type ReportTab = (typeof REPORT_TABS)[number];

export interface ReportsSearch {
  tab?: Exclude<ReportTab, 'warranty'>;
  /** Warranty list: ends on or after (default today). */
  warranty_from?: string;
  /** Warranty list: ends on or before (default today + 90 days). */
  warranty_to?: string;
  by?: Exclude<TreeGrouping, 'location'>;
  method?: Exclude<DepreciationMethod, 'linear'>;
  life_years?: number;
  as_of?: string;
}
const REPORT_KEYS = ['tab', 'warranty_from', 'warranty_to', 'by', 'method', 'life_years', 'as_of'] as const;
export const DEFAULT_LIFE_YEARS = 4;

function lifeYears(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= 50 && n !== DEFAULT_LIFE_YEARS ? n : undefined;
}

export function validateReportsSearch(input: Record<string, unknown>): ReportsSearch {
  const tab = oneOf<ReportTab>(input.tab, REPORT_TABS);
  const by = oneOf<TreeGrouping>(input.by, TREE_GROUPINGS);
  const method = oneOf<DepreciationMethod>(input.method, DEPRECIATION_METHODS);
  return withKeys<ReportsSearch>(
    REPORT_KEYS,
    compact<ReportsSearch>({
      tab: tab === 'warranty' ? undefined : tab,
      warranty_from: day(input.warranty_from),
      warranty_to: day(input.warranty_to),
      by: by === 'location' ? undefined : by,
      method: method === 'linear' ? undefined : method,
      life_years: lifeYears(input.life_years),
      as_of: day(input.as_of),
    }),
  );
}

export function mergeReportsSearch(current: ReportsSearch, patch: Partial<ReportsSearch>): ReportsSearch {
  return compact({ ...current, ...patch });
}

/**
 * A group's `filter` (the query string of GET /assets that lists it) as the assets page's search: repeated keys become
 * lists, and what the page does not know is dropped by its own validation.
 */
export function searchOfFilter(filter: string): AssetSearch {
  const params = new URLSearchParams(filter.replace(/^\?/, ''));
  const raw: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    raw[key] = values.length > 1 ? values : values[0];
  }
  const validated = validateAssetSearch(raw);
  return Object.fromEntries(Object.entries(validated).filter(([, value]) => value !== undefined));
}

// ————————————————————————————————————————————————————————————————————————————— detail pages

export const PERIPHERAL_TABS = ['overview', 'history', 'maintenance', 'links', 'attachments'] as const;
export type PeripheralTab = (typeof PERIPHERAL_TABS)[number];

export interface PeripheralDetailSearch {
  tab?: Exclude<PeripheralTab, 'overview'>;
}

export function validatePeripheralDetailSearch(input: Record<string, unknown>): PeripheralDetailSearch {
  const tab = oneOf<PeripheralTab>(input.tab, PERIPHERAL_TABS);
  return { tab: tab === 'overview' ? undefined : tab };
}
