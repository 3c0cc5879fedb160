/**
 * The JSON editor's rules, checked before anything is sent (the server checks them again): the document is a JSON
 * object, at most 1 MiB once serialised and at most 64 levels deep.
 */
export const MAX_DOCUMENT_BYTES = 1 << 20;
export const MAX_DOCUMENT_DEPTH = 64;

export type DocumentCheck =
  | { ok: true; document: Record<string, unknown> }
  | { ok: false; reason: 'empty' | 'syntax' | 'notObject' | 'tooLarge' | 'tooDeep'; detail?: string };

function depth(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value as Record<string, unknown>)) {
    deepest = Math.max(deepest, depth(child, limit));
    if (deepest > limit) break;
  }
  return deepest + 1;
}

/** Parses the editor's text into a document, or says why it cannot be one. */
export function checkDocument(text: string): DocumentCheck {
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'syntax', detail: error instanceof Error ? error.message : String(error) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'notObject' };
  if (new TextEncoder().encode(JSON.stringify(value)).length > MAX_DOCUMENT_BYTES) return { ok: false, reason: 'tooLarge' };
  if (depth(value, MAX_DOCUMENT_DEPTH) > MAX_DOCUMENT_DEPTH) return { ok: false, reason: 'tooDeep' };
  return { ok: true, document: value as Record<string, unknown> };
}

/** The document as the editor and the detail page show it: indented by two spaces, keys in their order. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A value of a diff as one line of JSON (absent values are shown by the caller). */
export function compactJson(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}
