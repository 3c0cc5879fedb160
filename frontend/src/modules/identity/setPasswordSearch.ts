/** `/set-password?token=act_…`: the link e-mailed for an invitation or a password reset. */
export interface SetPasswordSearch {
  /** The single-use token; absent when the address does not carry a well-formed one (a truncated link). */
  token?: string;
}

/** The token's shape (openapi.yaml, PasswordSet). */
const TOKEN = /^act_[A-Za-z0-9]+$/;
const TOKEN_MAX = 128;

/** The token is always set (undefined when unusable): see validateLoginSearch on why a key must not be left out. */
export function validateSetPasswordSearch(search: Record<string, unknown>): SetPasswordSearch {
  const { token } = search;
  return { token: typeof token === 'string' && token.length <= TOKEN_MAX && TOKEN.test(token) ? token : undefined };
}
