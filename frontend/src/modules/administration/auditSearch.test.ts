import { describe, expect, it } from 'vitest';
import { hasAuditFilters, mergeAuditSearch, validateAuditSearch } from './auditSearch';

describe('audit log address', () => {
  it('keeps valid filters and reads numbers and booleans as text', () => {
    expect(
      validateAuditSearch({
        q: '  acme ',
        action: 'update',
        entity_type: 'organization',
        entity_id: 42,
        actor_id: true,
        sort: 'occurred_at',
      }),
    ).toEqual({
      q: 'acme',
      action: 'update',
      entity_type: 'organization',
      entity_id: '42',
      actor_id: 'true',
      sort: 'occurred_at',
    });
  });

  it('drops what the API would refuse', () => {
    expect(
      validateAuditSearch({
        action: 'Update!',
        entity_type: 'Organization',
        q: 'x'.repeat(201),
        from: 'yesterday',
        sort: 'name',
        unknown: 'kept out',
      }),
    ).toEqual({});
  });

  it('normalises dates to RFC 3339 UTC', () => {
    expect(validateAuditSearch({ from: '2026-11-01T10:00:00+01:00', to: '2026-11-02' })).toEqual({
      from: '2026-11-01T09:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
    });
  });

  it('merges a change, leaving empty values and the default sort out of the address', () => {
    const current = { q: 'acme', action: 'update', sort: 'occurred_at' } as const;
    expect(mergeAuditSearch(current, { q: '', entity_type: 'organization' })).toEqual({
      action: 'update',
      entity_type: 'organization',
      sort: 'occurred_at',
    });
    expect(mergeAuditSearch(current, { sort: '-occurred_at' })).toEqual({ q: 'acme', action: 'update' });
    expect(hasAuditFilters({ sort: 'occurred_at' })).toBe(false);
    expect(hasAuditFilters({ actor_id: 'u1' })).toBe(true);
  });
});
