/**
 * The address of the organisation's terms of use, when it is one a link may point to: http(s) only, so that a
 * `javascript:` or `data:` URL set in the settings never becomes a link. Undefined otherwise.
 */
export function termsLink(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
