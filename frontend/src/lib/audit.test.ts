import { describe, expect, it } from 'vitest';
import { auditEventFixture, auditEventListFixture } from '../test/fixtures';
import {
  AUDIT_ACTIONS,
  auditActionColor,
  auditChanges,
  changedFields,
  compactFilters,
  flattenAuditPages,
  isRedacted,
} from './audit';

describe('audit helpers', () => {
  it('gives every known action its own colour, and unknown ones grey', () => {
    const colours = AUDIT_ACTIONS.map(auditActionColor);
    expect(new Set(colours).size).toBe(AUDIT_ACTIONS.length);
    expect(colours).not.toContain('gray');
    expect(auditActionColor('login')).toBe('gray');
    expect(auditActionColor('create')).toBe('green');
    expect(auditActionColor('delete')).toBe('red');
  });

  it('turns {field: [old, new]} into sorted rows and tolerates a malformed pair', () => {
    const event = auditEventFixture({
      changes: { 'settings.timezone': ['UTC', 'Europe/Brussels'], name: ['Acme', null], odd: ['only-one'] },
    });
    expect(changedFields(event)).toEqual(['name', 'odd', 'settings.timezone']);
    expect(auditChanges(event)).toEqual([
      { field: 'name', before: 'Acme', after: null },
      { field: 'odd', before: 'only-one', after: null },
      { field: 'settings.timezone', before: 'UTC', after: 'Europe/Brussels' },
    ]);
  });

  it('recognises the redaction marker and nothing else', () => {
    expect(isRedacted('[redacted]')).toBe(true);
    expect(isRedacted('redacted')).toBe(false);
    expect(isRedacted(null)).toBe(false);
  });

  it('drops empty filters', () => {
    expect(compactFilters({ q: '  ', action: 'update', entity_type: '' })).toEqual({ action: 'update' });
  });

  it('flattens loaded pages and takes the total of the latest', () => {
    const a = auditEventFixture({ id: 'a' });
    const b = auditEventFixture({ id: 'b' });
    expect(flattenAuditPages(undefined)).toEqual({ events: [], total: 0 });
    const result = flattenAuditPages([
      auditEventListFixture([a], { total: 2, next_cursor: 'x' }),
      auditEventListFixture([b], { total: 3 }),
    ]);
    expect(result.events.map((event) => event.id)).toEqual(['a', 'b']);
    expect(result.total).toBe(3);
  });
});
