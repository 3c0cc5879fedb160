import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from './relativeTime';

const now = Date.parse('2026-11-22T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('formatRelativeTime', () => {
  it('says how long ago in the UI language, in the largest fitting unit', () => {
    expect(formatRelativeTime(ago(10_000), 'en', now)).toBe('now');
    expect(formatRelativeTime(ago(5 * 60_000), 'en', now)).toBe('5 minutes ago');
    expect(formatRelativeTime(ago(3 * 3_600_000), 'en', now)).toBe('3 hours ago');
    expect(formatRelativeTime(ago(86_400_000), 'en', now)).toBe('yesterday');
    expect(formatRelativeTime(ago(14 * 86_400_000), 'en', now)).toBe('2 weeks ago');
    expect(formatRelativeTime(ago(400 * 86_400_000), 'en', now)).toBe('last year');
    expect(formatRelativeTime(ago(5 * 60_000), 'fr', now)).toBe('il y a 5 minutes');
    expect(formatRelativeTime(ago(86_400_000), 'fr', now)).toBe('hier');
  });

  it('treats a moment a little in the future (clock drift) as now, and keeps an unreadable value', () => {
    expect(formatRelativeTime(new Date(now + 20_000).toISOString(), 'en', now)).toBe('now');
    expect(formatRelativeTime('not a date', 'en', now)).toBe('not a date');
  });
});
