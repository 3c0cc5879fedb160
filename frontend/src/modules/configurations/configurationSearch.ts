/**
 * The configuration pages keep their view in the address (`/assets/configurations?kind=["network"]&sort=-name`,
 * `/assets/configurations/<id>?tab=compare&from=1&to=3`). Whatever the address holds becomes a clean search object;
 * what the API would refuse is dropped; defaults and empty values stay out. Every key is in the answer (undefined when
 * refused), so a refused value overwrites the raw one.
 */
import { list, oneOf, text } from '../assets/assetSearch';
import {
  CONFIGURATION_KINDS,
  CONFIGURATION_SORTS,
  type ConfigurationFilters,
  type ConfigurationKind,
  type ConfigurationSort,
  DEFAULT_CONFIGURATION_SORT,
} from './configurationsApi';

export type ConfigurationSearch = ConfigurationFilters;

export function validateConfigurationSearch(input: Record<string, unknown>): ConfigurationSearch {
  const kind = list<ConfigurationKind>(input.kind, (item) => oneOf(item, CONFIGURATION_KINDS), CONFIGURATION_KINDS.length);
  const sort = oneOf<ConfigurationSort>(input.sort, CONFIGURATION_SORTS);
  const q = text(input.q);
  return {
    q,
    kind,
    include_archived: input.include_archived === true || input.include_archived === 'true' ? true : undefined,
    sort: sort && sort !== DEFAULT_CONFIGURATION_SORT ? sort : undefined,
  };
}

/** The search after a change of filters: undefined, empty and default values removed. */
export function mergeConfigurationSearch(previous: ConfigurationSearch, patch: Partial<ConfigurationSearch>): ConfigurationSearch {
  const next = { ...previous, ...patch };
  const out: ConfigurationSearch = {};
  if (next.q) out.q = next.q;
  if (next.kind?.length) out.kind = next.kind;
  if (next.include_archived) out.include_archived = true;
  if (next.sort && next.sort !== DEFAULT_CONFIGURATION_SORT) out.sort = next.sort;
  return out;
}

export const CONFIGURATION_TABS = ['document', 'versions', 'compare', 'links', 'attachments', 'history'] as const;
export type ConfigurationTab = (typeof CONFIGURATION_TABS)[number];

export interface ConfigurationDetailSearch {
  tab?: ConfigurationTab;
  from?: number;
  to?: number;
}

function versionNumber(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 2147483647 ? n : undefined;
}

export function validateConfigurationDetailSearch(input: Record<string, unknown>): ConfigurationDetailSearch {
  const tab = oneOf<ConfigurationTab>(input.tab, CONFIGURATION_TABS);
  return {
    tab: tab === 'document' ? undefined : tab,
    from: versionNumber(input.from),
    to: versionNumber(input.to),
  };
}
