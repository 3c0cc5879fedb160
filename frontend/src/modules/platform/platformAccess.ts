/**
 * What a platform administrator may do. Platform rights are deployment-wide (`/me.platform_level`) and separate from the
 * module permissions held in an organisation: they give access to the organisations' profiles, never their data.
 */
import { atLeast, type GrantedLevel, type Me, type PermissionLevel } from '../../lib/me';

/** Where platform administration starts (and where a platform-only user lands). */
export const PLATFORM_HOME = '/platform/organizations';

export function platformLevel(me: Me | undefined): PermissionLevel {
  return me?.platform_level ?? 'none';
}

/** True when the user's platform level is `minimum` or stronger. */
export function canPlatform(me: Me | undefined, minimum: GrantedLevel): boolean {
  return atLeast(platformLevel(me), minimum);
}

/**
 * A platform administrator who belongs to no organisation: there is no organisation home to show them, the platform
 * pages are what they can use.
 */
export function isPlatformOnly(me: Me | undefined): boolean {
  return me !== undefined && canPlatform(me, 'read') && me.active_organization_id === null;
}
