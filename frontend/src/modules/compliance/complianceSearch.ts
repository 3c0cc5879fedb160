/**
 * The compliance pages keep their view in the address (`/compliance?origin=["builtin"]&q=iso`,
 * `/compliance/frameworks/<id>?q=access&applicability=not_applicable`, `/compliance/controls/<id>?tab=soa`). Whatever
 * the address holds becomes a clean search object; what the API would refuse is dropped; defaults and empty values
 * stay out. Every key is in the answer (undefined when refused), so a refused value overwrites the raw one.
 */
import { list, oneOf, text } from '../assets/assetSearch';
import {
  APPLICABILITIES,
  type Applicability,
  CONTROL_STATUSES,
  type ControlStatusValue,
  FRAMEWORK_ORIGINS,
  type FrameworkFilters,
  type FrameworkOrigin,
} from './complianceApi';

export type FrameworkSearch = FrameworkFilters;

export function validateFrameworkSearch(input: Record<string, unknown>): FrameworkSearch {
  return {
    q: text(input.q),
    origin: list<FrameworkOrigin>(input.origin, (item) => oneOf(item, FRAMEWORK_ORIGINS), FRAMEWORK_ORIGINS.length),
    include_archived: input.include_archived === true || input.include_archived === 'true' ? true : undefined,
  };
}

/** The search after a change of filters: undefined, empty and default values removed. */
export function mergeFrameworkSearch(previous: FrameworkSearch, patch: Partial<FrameworkSearch>): FrameworkSearch {
  const next = { ...previous, ...patch };
  const out: FrameworkSearch = {};
  if (next.q) out.q = next.q;
  if (next.origin?.length) out.origin = next.origin;
  if (next.include_archived) out.include_archived = true;
  return out;
}

export const FRAMEWORK_TABS = ['controls', 'history'] as const;
export type FrameworkTab = (typeof FRAMEWORK_TABS)[number];

/** The framework page: its tab and the control tree's filters (applied in the browser, ancestors kept). */
export interface FrameworkDetailSearch {
  tab?: FrameworkTab;
  q?: string;
  applicability?: Applicability;
  /** Controls with this compliance status (from the framework's status). */
  status?: ControlStatusValue;
}

export function validateFrameworkDetailSearch(input: Record<string, unknown>): FrameworkDetailSearch {
  const tab = oneOf<FrameworkTab>(input.tab, FRAMEWORK_TABS);
  return {
    tab: tab === 'controls' ? undefined : tab,
    q: text(input.q),
    applicability: oneOf<Applicability>(input.applicability, APPLICABILITIES),
    status: oneOf<ControlStatusValue>(input.status, CONTROL_STATUSES),
  };
}

export function mergeFrameworkDetailSearch(
  previous: FrameworkDetailSearch,
  patch: Partial<FrameworkDetailSearch>,
): FrameworkDetailSearch {
  const next = { ...previous, ...patch };
  const out: FrameworkDetailSearch = {};
  if (next.tab && next.tab !== 'controls') out.tab = next.tab;
  if (next.q) out.q = next.q;
  if (next.applicability) out.applicability = next.applicability;
  if (next.status) out.status = next.status;
  return out;
}

export const CONTROL_TABS = ['overview', 'soa', 'evidence', 'rules', 'links', 'attachments', 'history'] as const;
export type ControlTab = (typeof CONTROL_TABS)[number];

export interface ControlDetailSearch {
  tab?: ControlTab;
}

export function validateControlDetailSearch(input: Record<string, unknown>): ControlDetailSearch {
  const tab = oneOf<ControlTab>(input.tab, CONTROL_TABS);
  return { tab: tab === 'overview' ? undefined : tab };
}
