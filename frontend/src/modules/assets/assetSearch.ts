/**
 * The asset pages keep their view in the address (`/assets?status=["in_use"]&location_id=…&sort=-warranty_end`), so that
 * a filtered view can be bookmarked and shared. These are the routes' search validations: whatever the address holds
 * becomes a clean search object; what the API would refuse is dropped; defaults and empty values stay out.
 *
 * Every key is in a validation's answer, undefined when refused: the router spreads it over the address's raw search,
 * so a refused value must be overwritten, not merely left out.
 */
import {
  ASSET_CATEGORIES,
  ASSET_SORT,
  ASSET_STATUSES,
  type AssetCategory,
  type AssetFilters,
  type AssetSortColumn,
  type AssetStatus,
  DEFAULT_ASSET_SORT,
  DEFAULT_LOCATION_SORT,
  LOCATION_SORTS,
  type LocationFilters,
  type LocationSort,
} from './assetsApi';

const MAX_QUERY = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A custom field filter: `key:value`. */
const CF_FILTER = /^[a-z][a-z0-9_]{0,39}:.+$/;
const COUNTRY = /^[A-Z]{2}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day `YYYY-MM-DD` that exists. */
export function day(value: unknown): string | undefined {
  const s = text(value, 10);
  if (s === undefined || !DAY.test(s)) return undefined;
  const date = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s) ? s : undefined;
}

/** The router parses `?q=42` as a number and `?q=true` as a boolean: a text filter is text. */
export function text(value: unknown, max = MAX_QUERY): string | undefined {
  let s: string | undefined;
  if (typeof value === 'string') s = value.trim();
  else if (typeof value === 'number' || typeof value === 'boolean') s = String(value);
  return s && s.length <= max ? s : undefined;
}

export function uuid(value: unknown): string | undefined {
  const s = text(value, 36);
  return s !== undefined && UUID.test(s) ? s.toLowerCase() : undefined;
}

export function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** A list parameter: an array (as the router writes it) or one value; unknown items dropped, duplicates once. */
export function list<T extends string>(value: unknown, accept: (item: unknown) => T | undefined, max: number): T[] | undefined {
  const items = Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
  const accepted = [...new Set(items.map(accept).filter((item): item is T => item !== undefined))].slice(0, max);
  return accepted.length > 0 ? accepted : undefined;
}

export type AssetSearch = AssetFilters;

const ASSET_SEARCH_KEYS = [
  'q',
  'status',
  'location_id',
  'brand_id',
  'model_id',
  'holder_id',
  'critical',
  'remote',
  'supplier',
  'no_location',
  'warranty_from',
  'warranty_to',
  'tag',
  'cf',
  'include_archived',
  'sort',
] as const satisfies readonly (keyof AssetSearch)[];

function compactAssetSearch(search: AssetSearch): AssetSearch {
  const out: AssetSearch = {};
  if (search.q) out.q = search.q;
  if (search.status?.length) out.status = search.status;
  if (search.location_id) out.location_id = search.location_id;
  if (search.brand_id) out.brand_id = search.brand_id;
  if (search.model_id) out.model_id = search.model_id;
  if (search.holder_id) out.holder_id = search.holder_id;
  if (search.critical !== undefined) out.critical = search.critical;
  if (search.remote !== undefined) out.remote = search.remote;
  if (search.supplier) out.supplier = search.supplier;
  if (search.no_location) out.no_location = true;
  if (search.warranty_from) out.warranty_from = search.warranty_from;
  if (search.warranty_to) out.warranty_to = search.warranty_to;
  if (search.tag?.length) out.tag = search.tag;
  if (search.cf?.length) out.cf = search.cf;
  if (search.include_archived) out.include_archived = true;
  if (search.sort && search.sort !== DEFAULT_ASSET_SORT) out.sort = search.sort;
  return out;
}

export function validateAssetSearch(input: Record<string, unknown>): AssetSearch {
  const none = Object.fromEntries(ASSET_SEARCH_KEYS.map((key) => [key, undefined])) as AssetSearch;
  const sort = text(input.sort, 60);
  return {
    ...none,
    ...compactAssetSearch({
      q: text(input.q),
      status: list<AssetStatus>(input.status, (item) => oneOf(item, ASSET_STATUSES), ASSET_STATUSES.length),
      location_id: uuid(input.location_id),
      brand_id: uuid(input.brand_id),
      model_id: uuid(input.model_id),
      holder_id: uuid(input.holder_id),
      critical: flag(input.critical),
      remote: flag(input.remote),
      supplier: text(input.supplier),
      no_location: flag(input.no_location) === true ? true : undefined,
      warranty_from: day(input.warranty_from),
      warranty_to: day(input.warranty_to),
      tag: list(input.tag, uuid, 20),
      cf: list(input.cf, (item) => {
        const s = text(item, 300);
        return s !== undefined && CF_FILTER.test(s) ? s : undefined;
      }, 20),
      include_archived: flag(input.include_archived) === true ? true : undefined,
      sort: sort !== undefined && ASSET_SORT.test(sort) ? sort : undefined,
    }),
  };
}

/** The search after applying `patch`: empty values and the default sort leave the address. */
export function mergeAssetSearch(current: AssetSearch, patch: Partial<AssetSearch>): AssetSearch {
  return compactAssetSearch({ ...current, ...patch });
}

/** True when a filter (not the sort) narrows the list. */
export function hasAssetFilters(search: AssetSearch): boolean {
  return Object.keys(compactAssetSearch(search)).some((key) => key !== 'sort');
}

export type SortDirection = 'ascending' | 'descending' | 'none';

/** How a column header shows the current sort, and the sort a click on it asks for. */
export function columnSort(current: string | undefined, column: AssetSortColumn): { direction: SortDirection; next: string } {
  const sort = current ?? DEFAULT_ASSET_SORT;
  const direction: SortDirection = sort === column ? 'ascending' : sort === `-${column}` ? 'descending' : 'none';
  return { direction, next: direction === 'ascending' ? `-${column}` : column };
}

// ————————————————————————————————————————————————————————————————————————————— locations

export type LocationSearch = LocationFilters;

function compactLocationSearch(search: LocationSearch): LocationSearch {
  const out: LocationSearch = {};
  if (search.q) out.q = search.q;
  if (search.country) out.country = search.country;
  if (search.physical !== undefined) out.physical = search.physical;
  if (search.include_archived) out.include_archived = true;
  if (search.sort && search.sort !== DEFAULT_LOCATION_SORT) out.sort = search.sort;
  return out;
}

export function validateLocationSearch(input: Record<string, unknown>): LocationSearch {
  const country = text(input.country, 2)?.toUpperCase();
  return {
    q: undefined,
    country: undefined,
    physical: undefined,
    include_archived: undefined,
    sort: undefined,
    ...compactLocationSearch({
      q: text(input.q),
      country: country !== undefined && COUNTRY.test(country) ? country : undefined,
      physical: flag(input.physical),
      include_archived: flag(input.include_archived) === true ? true : undefined,
      sort: oneOf<LocationSort>(input.sort, LOCATION_SORTS),
    }),
  };
}

export function mergeLocationSearch(current: LocationSearch, patch: Partial<LocationSearch>): LocationSearch {
  return compactLocationSearch({ ...current, ...patch });
}

// ————————————————————————————————————————————————————————————————————————————— brands and models

export interface ModelSearch {
  /** The brand whose models are listed. */
  brand_id?: string;
  category?: AssetCategory;
  include_archived?: boolean;
}

function compactModelSearch(search: ModelSearch): ModelSearch {
  const out: ModelSearch = {};
  if (search.brand_id) out.brand_id = search.brand_id;
  if (search.category) out.category = search.category;
  if (search.include_archived) out.include_archived = true;
  return out;
}

export function validateModelSearch(input: Record<string, unknown>): ModelSearch {
  return {
    brand_id: undefined,
    category: undefined,
    include_archived: undefined,
    ...compactModelSearch({
      brand_id: uuid(input.brand_id),
      category: oneOf<AssetCategory>(input.category, ASSET_CATEGORIES),
      include_archived: flag(input.include_archived) === true ? true : undefined,
    }),
  };
}

export function mergeModelSearch(current: ModelSearch, patch: Partial<ModelSearch>): ModelSearch {
  return compactModelSearch({ ...current, ...patch });
}

// ————————————————————————————————————————————————————————————————————————————— one asset

export const ASSET_TABS = [
  'overview',
  'history',
  'custody',
  'maintenance',
  'peripherals',
  'links',
  'attachments',
] as const;
export type AssetTab = (typeof ASSET_TABS)[number];

/** The open tab of an asset's page (`/assets/<id>?tab=history`); the overview stays out of the address. */
export interface AssetDetailSearch {
  tab?: Exclude<AssetTab, 'overview'>;
}

export function validateAssetDetailSearch(input: Record<string, unknown>): AssetDetailSearch {
  const tab = oneOf<AssetTab>(input.tab, ASSET_TABS);
  return { tab: tab === 'overview' ? undefined : tab };
}
