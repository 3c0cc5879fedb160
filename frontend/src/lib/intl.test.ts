import { describe, expect, it } from 'vitest';
import { formatDateTime, fromDateTimeLocal, toDateTimeLocal } from './intl';

describe('date-time helpers', () => {
  it('round-trips a moment through a datetime-local input value', () => {
    const iso = fromDateTimeLocal('2026-11-22T09:45');
    expect(iso).toBe(new Date(2026, 10, 22, 9, 45).toISOString());
    expect(toDateTimeLocal(iso)).toBe('2026-11-22T09:45');
  });

  it('treats empty and unparsable values as none', () => {
    expect(fromDateTimeLocal('')).toBeUndefined();
    expect(fromDateTimeLocal('not a date')).toBeUndefined();
    expect(toDateTimeLocal(undefined)).toBe('');
    expect(toDateTimeLocal('garbage')).toBe('');
  });

  it('formats in the UI language', () => {
    const iso = '2026-11-22T10:15:30Z';
    expect(formatDateTime(iso, 'en')).toBe(
      new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso)),
    );
    expect(formatDateTime(iso, 'fr')).toContain('nov.');
    expect(formatDateTime('garbage', 'en')).toBe('garbage');
  });
});
