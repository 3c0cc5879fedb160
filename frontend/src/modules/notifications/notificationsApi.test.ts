import { describe, expect, it } from 'vitest';
import { notificationPath } from './notificationsApi';
import { validateNotificationSearch } from './notificationSearch';

describe('notificationPath', () => {
  it('follows paths of the application only', () => {
    expect(notificationPath('/jobs?job=4')).toBe('/jobs?job=4');
    expect(notificationPath(null)).toBeUndefined();
    expect(notificationPath('')).toBeUndefined();
    expect(notificationPath('https://evil.example/')).toBeUndefined();
    expect(notificationPath('//evil.example/')).toBeUndefined();
    expect(notificationPath('/\\evil.example/')).toBeUndefined();
    expect(notificationPath('javascript:alert(1)')).toBeUndefined();
  });
});

describe('validateNotificationSearch', () => {
  it('keeps the unread filter only when it is set', () => {
    expect(validateNotificationSearch({ unread: true })).toEqual({ unread: true });
    expect(validateNotificationSearch({ unread: 'true' })).toEqual({ unread: true });
    expect(validateNotificationSearch({ unread: false })).toEqual({});
    expect(validateNotificationSearch({ unread: 'yes', other: 1 })).toEqual({});
  });
});
