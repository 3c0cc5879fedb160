/** The sign-in page's address: `/login?redirect=/where/the/user/was`. */
export interface LoginSearch {
  /** Same-origin path (with search and hash) to return to after signing in. */
  redirect?: string;
}

/** A path of this application, or undefined: never another origin (`//evil.example`), never the sign-in page. */
export function safeRedirect(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/')) return undefined;
  if (value.startsWith('//') || value.startsWith('/\\')) return undefined;
  if (/^\/login(?:[/?#]|$)/.test(value)) return undefined;
  return value;
}

export function validateLoginSearch(search: Record<string, unknown>): LoginSearch {
  const redirect = safeRedirect(search.redirect);
  return redirect === undefined ? {} : { redirect };
}
