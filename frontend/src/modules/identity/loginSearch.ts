/** Why a single sign-on failed, as the server names it when it sends the browser back (`/login?sso_error=<code>`). */
export const SSO_ERRORS = [
  'cancelled',
  'invalid_state',
  'provider_error',
  'email_not_verified',
  'domain_not_allowed',
  'not_a_member',
  'account_inactive',
  'disabled',
  'unknown_organization',
  'provider_unavailable',
] as const;
export type SsoError = (typeof SSO_ERRORS)[number] | 'unknown';

/** What the sign-in page confirms on arrival: a password was just set (with an e-mailed link), or the first setup. */
export const LOGIN_NOTICES = ['password_set', 'setup_complete'] as const;
export type LoginNotice = (typeof LOGIN_NOTICES)[number];

/** The sign-in page's address: `/login?redirect=/where/the/user/was`. */
export interface LoginSearch {
  /** Same-origin path (with search and hash) to return to after signing in. */
  redirect?: string;
  /** A single sign-on came back failed; `unknown` for a code this version does not know. */
  sso_error?: SsoError;
  notice?: LoginNotice;
}

/** A path of this application, or undefined: never another origin (`//evil.example`), never the sign-in page. */
export function safeRedirect(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/')) return undefined;
  if (value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (/^\/login(?:[/?#]|$)/.test(value)) return undefined;
  return value;
}

function ssoError(value: unknown): SsoError | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return (SSO_ERRORS as readonly string[]).includes(value) ? (value as SsoError) : 'unknown';
}

function notice(value: unknown): LoginNotice | undefined {
  return (LOGIN_NOTICES as readonly unknown[]).includes(value) ? (value as LoginNotice) : undefined;
}

/**
 * Every key is set, to undefined when absent or unacceptable: the router merges a route's search over the raw one of the
 * root route, so a key left out would keep whatever the address said (an unchecked `redirect=//evil.example`).
 */
export function validateLoginSearch(search: Record<string, unknown>): LoginSearch {
  return {
    redirect: safeRedirect(search.redirect),
    sso_error: ssoError(search.sso_error),
    notice: notice(search.notice),
  };
}
