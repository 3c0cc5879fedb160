/** Choice lists built from the browser's Intl data, so that no list has to be shipped or kept up to date. */

export interface Option {
  value: string;
  label: string;
}

function supported(key: 'timeZone' | 'currency'): string[] {
  try {
    return Intl.supportedValuesOf(key);
  } catch {
    return [];
  }
}

/** IANA time zones, plus UTC and the current value when the browser does not list them. */
export function timeZoneOptions(current: string): Option[] {
  const zones = new Set(supported('timeZone'));
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort().map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));
}

/** ISO 4217 currencies named in the UI language ("EUR — Euro"), plus the current value. */
export function currencyOptions(language: string, current: string): Option[] {
  const codes = new Set(supported('currency'));
  if (current) codes.add(current);
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([language], { type: 'currency' });
  } catch {
    names = undefined;
  }
  return [...codes].sort().map((code) => {
    const name = names?.of(code);
    return { value: code, label: name && name !== code ? `${code} — ${name}` : code };
  });
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A moment in the UI language and the browser's time zone ("22 Nov 2026, 11:04:05"); the input as is if unparsable. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateTimeFormats.get(language);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
    }
    dateTimeFormats.set(language, format);
  }
  return format.format(date);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A day in the UI language and the browser's time zone ("22 Nov 2026"); the input as is if unparsable. */
export function formatDate(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateFormats.get(language);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
    }
    dateFormats.set(language, format);
  }
  return format.format(date);
}

/** The browser's time zone (IANA name), in which {@link formatDateTime} shows times. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** An RFC 3339 moment as the value of an `<input type="datetime-local">` in the browser's time zone; '' if none. */
export function toDateTimeLocal(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const day = `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A day as the value of an `<input type="date">` (browser's time zone): "2026-11-22". */
export function toDateInput(date: Date): string {
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The value of an `<input type="datetime-local">` (browser's time zone) as an RFC 3339 UTC moment; undefined if empty. */
export function fromDateTimeLocal(value: string): string | undefined {
  if (!value) return undefined;
  // "YYYY-MM-DDTHH:mm[:ss]" without an offset is local time (ECMAScript date-time string format).
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
