/**
 * The signed-in principal (`GET /me`) and what it may do: the UI hides or disables what the user's permissions do not
 * allow. This is a courtesy only — the API enforces every permission itself.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { components } from '../api/schema';
import { client, unwrap } from './api';
import { type ModuleSlug, useEnabledModules } from './deployment';

export type Me = components['schemas']['Me'];
export type OrganizationMembership = components['schemas']['OrganizationMembership'];
export type GrantedLevel = components['schemas']['Permission']['level'];
export type PermissionLevel = 'none' | GrantedLevel;

/** Levels from weakest to strongest; each includes the ones before it. */
export const PERMISSION_LEVELS: readonly PermissionLevel[] = ['none', 'read', 'write', 'admin'];
export const GRANTED_LEVELS: readonly GrantedLevel[] = ['read', 'write', 'admin'];

export const meQueryKey = ['me'] as const;

export const meQueryOptions = queryOptions({
  queryKey: meQueryKey,
  queryFn: async ({ signal }): Promise<Me> => (await unwrap(client.GET('/me', { signal }))).data,
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQueryOptions);
}

function rank(level: PermissionLevel): number {
  return PERMISSION_LEVELS.indexOf(level);
}

/** True when `level` is `minimum` or stronger. */
export function atLeast(level: PermissionLevel, minimum: PermissionLevel): boolean {
  return rank(level) >= rank(minimum);
}

/** The user's effective level on a module in the active organisation ('none' when not granted). */
export function levelOf(me: Me | undefined, module: ModuleSlug): PermissionLevel {
  return me?.permissions.find((permission) => permission.module === module)?.level ?? 'none';
}

export function can(me: Me | undefined, module: ModuleSlug, minimum: GrantedLevel): boolean {
  return atLeast(levelOf(me, module), minimum);
}

/** The levels a user with `level` may hand out (to an API token, for instance). */
export function grantableLevels(level: PermissionLevel): GrantedLevel[] {
  return GRANTED_LEVELS.filter((granted) => atLeast(level, granted));
}

export type Restriction = NonNullable<Me['restriction']>;

/**
 * What the user must do before anything else, or undefined. Until then the API answers only a few operations (403 with
 * the restriction's problem type otherwise): /me, signing out, and what lifts the restriction.
 * - `mfa-enrolment-required`: enrol a second factor (on the profile), then sign in again with it;
 * - `terms-acceptance-required`: accept the organisation's terms of use (it may also read the organisation);
 * - `password-change-required`: replace the temporary password an administrator set.
 */
export function restrictionOf(me: Me | undefined): Restriction | undefined {
  return me?.restriction ?? undefined;
}

/**
 * The organisation requires a second factor that this session did not use: until the user enrols and signs in again
 * with it, the API answers only /me, enrolment and signing out (403 mfa-enrolment-required otherwise).
 */
export function mfaEnrolmentRequired(me: Me | undefined): boolean {
  return restrictionOf(me) === 'mfa-enrolment-required';
}

/**
 * A restriction that the shell cannot live with (the session may not even read the organisation): the app shows only
 * the screen that lifts it (see RestrictionScreen).
 */
export function blockingRestriction(me: Me | undefined): 'terms-acceptance-required' | 'password-change-required' | undefined {
  const restriction = restrictionOf(me);
  return restriction === 'terms-acceptance-required' || restriction === 'password-change-required'
    ? restriction
    : undefined;
}

/** The active organisation among the user's memberships. */
export function activeOrganization(me: Me | undefined): OrganizationMembership | undefined {
  return me?.organizations.find((organization) => organization.id === me.active_organization_id);
}

export interface ModuleAccess {
  /** Modules enabled for the organisation that the user may at least read. */
  visible: ReadonlySet<ModuleSlug>;
  /** Modules enabled for the organisation (whatever the user's rights). */
  enabled: ReadonlySet<ModuleSlug>;
  me: Me | undefined;
  /** See {@link restrictionOf}: no module is usable yet. */
  restricted: boolean;
  isPending: boolean;
  isError: boolean;
}

/** What the navigation shows: enabled modules the user has a permission on. */
export function useModuleAccess(): ModuleAccess {
  const modules = useEnabledModules();
  const me = useMe();
  const restricted = restrictionOf(me.data) !== undefined;
  const visible = useMemo(
    () =>
      restricted ? new Set<ModuleSlug>() : new Set([...modules.enabled].filter((module) => can(me.data, module, 'read'))),
    [modules.enabled, me.data, restricted],
  );
  return {
    visible,
    enabled: modules.enabled,
    me: me.data,
    restricted,
    // A restricted session cannot read the organisation: nothing to wait for.
    isPending: me.isPending || (!restricted && modules.isPending),
    isError: me.isError || (!restricted && modules.isError),
  };
}
