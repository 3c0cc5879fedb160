import { API_BASE_URL } from '../../lib/api';

/** An organisation's slug, as the single sign-on start accepts it (openapi.yaml, startSso). */
export const ORGANIZATION_SLUG = /^[a-z0-9][a-z0-9-]*$/;
export const ORGANIZATION_SLUG_MAX = 63;

/** Where the browser starts a single sign-on with the organisation `slug`, coming back to `redirect` afterwards. */
export function ssoStartUrl(slug: string, redirect: string | undefined): string {
  const query = new URLSearchParams({ redirect: redirect ?? '/' });
  return `${API_BASE_URL}/auth/sso/${encodeURIComponent(slug)}/start?${query.toString()}`;
}

const REMEMBERED = 'opsdeck.sso-organization';

/** The organisation of the last single sign-on from this browser (not a secret: saves typing it again). */
export function rememberedSsoOrganization(): string {
  try {
    const value = window.localStorage.getItem(REMEMBERED) ?? '';
    return ORGANIZATION_SLUG.test(value) ? value : '';
  } catch {
    return '';
  }
}

export function rememberSsoOrganization(slug: string): void {
  try {
    window.localStorage.setItem(REMEMBERED, slug);
  } catch {
    // Storage refused (private mode, quota): the user types it next time.
  }
}
