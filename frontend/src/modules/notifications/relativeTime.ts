/** "5 minutes ago", "yesterday": how long ago a moment was, in the UI language. */

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

const formats = new Map<string, Intl.RelativeTimeFormat>();

function formatFor(language: string): Intl.RelativeTimeFormat {
  let format = formats.get(language);
  if (!format) {
    try {
      format = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'long' });
    } catch {
      format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'long' });
    }
    formats.set(language, format);
  }
  return format;
}

/** The moment relative to `now` ("3 hours ago", "now"); the input as is if unparsable. */
export function formatRelativeTime(iso: string, language: string, now: number = Date.now()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  let value = (time - now) / 1000;
  // Within a minute (or a little in the future, clocks drift): "now".
  if (Math.abs(value) < 45) return formatFor(language).format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(value) < size) return formatFor(language).format(Math.round(value), unit);
    value /= size;
  }
  return formatFor(language).format(Math.round(value), 'year');
}
