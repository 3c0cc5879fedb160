/** Helpers for authenticator-app codes and secrets. */

/** Digits only: "123 456" and "123-456", as apps show codes, are accepted. */
export function normalizeTotpCode(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** A base32 secret in groups of four, easier to type into an app by hand ("JBSW Y3DP EHPK 3PXP"). */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** The recovery codes as a text file to keep. */
export function recoveryCodesFile(codes: readonly string[], account: string, heading: string): string {
  return `${heading}\n${account}\n\n${codes.join('\n')}\n`;
}
