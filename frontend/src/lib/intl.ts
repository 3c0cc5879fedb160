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
