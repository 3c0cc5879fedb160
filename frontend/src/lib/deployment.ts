/**
 * Shell-level server state: the deployment's metadata and the caller's organisation, and from both the modules the
 * user may see. Every page reads them through these hooks so they share one cache entry each.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { components } from '../api/schema';
import { $api, client, unwrapVersioned, type Versioned } from './api';
import { meQueryOptions } from './me';

export type Meta = components['schemas']['Meta'];
export type Organization = components['schemas']['Organization'];
export type ModuleSlug = components['schemas']['ModuleSlug'];

export function useMeta() {
  // Deployment metadata changes only with a new release: fetch it once per page load.
  return $api.useQuery('get', '/meta', {}, { staleTime: Infinity });
}

export const organizationQueryKey = ['organization'] as const;

export const organizationQueryOptions = queryOptions({
  queryKey: organizationQueryKey,
  queryFn: ({ signal }): Promise<Versioned<Organization>> => unwrapVersioned(client.GET('/organization', { signal })),
  staleTime: 60_000,
});

/**
 * The caller's organisation with the ETag of the version read. Not asked for while /me says the caller acts in no
 * organisation (a platform administrator without membership), which the API would refuse.
 */
export function useOrganization() {
  const me = useQuery(meQueryOptions);
  return useQuery({ ...organizationQueryOptions, enabled: me.data !== undefined && me.data.active_organization_id !== null });
}

/** A module is shown when the deployment offers it AND the platform enabled it for the organisation. */
export function enabledModules(meta: Meta | undefined, organization: Organization | undefined): ReadonlySet<ModuleSlug> {
  if (!meta || !organization) return new Set();
  const offered = new Set(meta.modules.filter((module) => module.enabled).map((module) => module.slug));
  return new Set(organization.enabled_modules.filter((slug) => offered.has(slug)));
}

export interface EnabledModules {
  enabled: ReadonlySet<ModuleSlug>;
  isPending: boolean;
  isError: boolean;
}

export function useEnabledModules(): EnabledModules {
  const meta = useMeta();
  const organization = useOrganization();
  const enabled = useMemo(
    () => enabledModules(meta.data, organization.data?.data),
    [meta.data, organization.data],
  );
  return {
    enabled,
    isPending: meta.isPending || organization.isPending,
    isError: meta.isError || organization.isError,
  };
}
