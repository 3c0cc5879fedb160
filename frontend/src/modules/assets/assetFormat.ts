/** How the asset pages show statuses and calendar days. */
import type { AssetStatus } from './assetsApi';

export const ASSET_STATUS_COLORS: Readonly<Record<AssetStatus, string>> = {
  in_stock: 'blue',
  in_use: 'green',
  in_repair: 'orange',
  awaiting_disposal: 'yellow',
  disposed: 'gray',
  sold: 'grape',
};

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar day (`YYYY-MM-DD`, no time zone) in the UI language; the input as is if unreadable. */
export function formatDay(day: string, language: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  let format = dayFormats.get(language);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
    }
    dayFormats.set(language, format);
  }
  return format.format(date);
}

/** Today as `YYYY-MM-DD` in the browser's time zone. */
export function today(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(now.getFullYear())}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** An amount (decimal string) in its currency, in the UI language; the raw text when unreadable. */
export function formatMoney(amount: string, currency: string | null, language: string): string {
  const value = Number(amount);
  if (!currency || Number.isNaN(value)) return currency ? `${amount} ${currency}` : amount;
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency }).format(value);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** `YYYY-MM-DD` of `from` moved by `days` (calendar days, no time zone). */
export function addDays(from: string, days: number): string {
  const date = new Date(`${from}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
