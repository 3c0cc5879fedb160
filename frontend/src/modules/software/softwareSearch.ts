/**
 * The software and licence pages keep their view in the address (`/assets/licences?status=["expired"]`): whatever the
 * address holds becomes a clean search object, what the API would refuse is dropped, defaults and empty values stay
 * out. Every key is present (undefined when refused) so that the router overwrites a refused raw value.
 */
import { day, flag, list, oneOf, text, uuid } from '../assets/assetSearch';
import {
  DEFAULT_SORT,
  LICENCE_SORT,
  LICENCE_STATUSES,
  type LicenceFilters,
  type LicenceStatus,
  SOFTWARE_CATEGORIES,
  SOFTWARE_SORT,
  type SoftwareCategory,
  type SoftwareFilters,
} from './softwareApi';

export type SoftwareSearch = SoftwareFilters;
export type LicenceSearch = LicenceFilters;

export const SOFTWARE_TABS = ['overview', 'licences', 'history', 'links', 'attachments'] as const;
export type SoftwareTab = (typeof SOFTWARE_TABS)[number];
export const LICENCE_TABS = ['overview', 'seats', 'history', 'links', 'attachments'] as const;
export type LicenceTab = (typeof LICENCE_TABS)[number];

function sortOf(value: unknown, pattern: RegExp): string | undefined {
  const sort = text(value, 60);
  return sort !== undefined && pattern.test(sort) && sort !== DEFAULT_SORT ? sort : undefined;
}

/** True when a filter (not the sort) narrows a list. */
export function hasFilters(search: object): boolean {
  return Object.entries(search).some(
    ([key, value]) => key !== 'sort' && value !== undefined && !(Array.isArray(value) && value.length === 0),
  );
}

export function validateSoftwareSearch(input: Record<string, unknown>): SoftwareSearch {
  return {
    q: text(input.q),
    category: list<SoftwareCategory>(input.category, (item) => oneOf(item, SOFTWARE_CATEGORIES), SOFTWARE_CATEGORIES.length),
    owner_user_id: uuid(input.owner_user_id),
    owner_group_id: uuid(input.owner_group_id),
    tag: list(input.tag, uuid, 20),
    include_archived: flag(input.include_archived) === true ? true : undefined,
    sort: sortOf(input.sort, SOFTWARE_SORT),
  };
}

export function validateLicenceSearch(input: Record<string, unknown>): LicenceSearch {
  return {
    q: text(input.q),
    software_id: uuid(input.software_id),
    status: list<LicenceStatus>(input.status, (item) => oneOf(item, LICENCE_STATUSES), LICENCE_STATUSES.length),
    expires_before: day(input.expires_before),
    tag: list(input.tag, uuid, 20),
    include_archived: flag(input.include_archived) === true ? true : undefined,
    sort: sortOf(input.sort, LICENCE_SORT),
  };
}

export function validateSoftwareDetailSearch(input: Record<string, unknown>): { tab?: SoftwareTab } {
  const tab = oneOf(input.tab, SOFTWARE_TABS);
  return { tab: tab === 'overview' ? undefined : tab };
}

export function validateLicenceDetailSearch(input: Record<string, unknown>): { tab?: LicenceTab } {
  const tab = oneOf(input.tab, LICENCE_TABS);
  return { tab: tab === 'overview' ? undefined : tab };
}

export function mergeSoftwareSearch(current: SoftwareSearch, patch: Partial<SoftwareSearch>): SoftwareSearch {
  return validateSoftwareSearch({ ...current, ...patch });
}

export function mergeLicenceSearch(current: LicenceSearch, patch: Partial<LicenceSearch>): LicenceSearch {
  return validateLicenceSearch({ ...current, ...patch });
}
