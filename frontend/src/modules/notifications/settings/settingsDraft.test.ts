import { describe, expect, it } from 'vitest';
import { CONTRACT_EXPIRING, JOB_FAILED, settingFixture, WEBHOOK_TEST } from './settingsFixtures';
import {
  defaultSettingOf,
  groupByModule,
  isStale,
  mergeCatalogue,
  parseOffset,
  parseOffsets,
  rebase,
  toInput,
  valuesOf,
  withChange,
} from './settingsDraft';

describe('mergeCatalogue', () => {
  it('gives every event of the catalogue its setting, or its defaults when the list has none', () => {
    const customised = settingFixture({ event: JOB_FAILED.code, enabled: false, customised: true, version: 3 });
    const rows = mergeCatalogue([JOB_FAILED, WEBHOOK_TEST], [customised, settingFixture({ event: 'gone.event' })]);
    expect(rows.map((row) => row.event.code)).toEqual([JOB_FAILED.code, WEBHOOK_TEST.code]);
    expect(rows[0]?.setting).toBe(customised);
    expect(rows[1]?.setting).toEqual({
      event: WEBHOOK_TEST.code,
      enabled: true,
      channels: ['webhook'],
      offsets_days: [],
      recipient_role_ids: [],
      customised: false,
      version: 0,
    });
  });

  it('groups rows by module in order of first appearance', () => {
    const rows = mergeCatalogue([JOB_FAILED, CONTRACT_EXPIRING, WEBHOOK_TEST], []);
    expect(groupByModule(rows).map((group) => [group.module, group.rows.map((row) => row.event.code)])).toEqual([
      ['administration', [JOB_FAILED.code, WEBHOOK_TEST.code]],
      ['procurement', [CONTRACT_EXPIRING.code]],
    ]);
  });

  it('orders default channels as the table does', () => {
    expect(defaultSettingOf({ ...JOB_FAILED, default_channels: ['slack', 'in_app', 'slack'] }).channels).toEqual([
      'in_app',
      'slack',
    ]);
  });
});

describe('drafts', () => {
  const saved = settingFixture({ version: 4, channels: ['in_app', 'email'], offsets_days: [7, 30] });

  it('records a change with the version it was made on, and forgets it when set back', () => {
    const draft = withChange(saved, undefined, 'enabled', false);
    expect(draft).toEqual({ base: 4, changes: { enabled: false } });
    const more = withChange(saved, draft, 'channels', ['email']);
    expect(more).toEqual({ base: 4, changes: { enabled: false, channels: ['email'] } });
    expect(withChange(saved, more, 'enabled', true)).toEqual({ base: 4, changes: { channels: ['email'] } });
    // Same members in another order: not a change.
    expect(withChange(saved, undefined, 'channels', ['email', 'in_app'])).toBeUndefined();
    expect(withChange(saved, undefined, 'offsets_days', [30, 7])).toBeUndefined();
  });

  it('shows the saved setting with the changes on top', () => {
    expect(valuesOf(saved, { base: 4, changes: { offsets_days: [1] } })).toEqual({
      enabled: true,
      channels: ['in_app', 'email'],
      offsets_days: [1],
      recipient_role_ids: [],
    });
  });

  it('is stale once a newer version was read, and rebases onto it keeping only real changes', () => {
    const draft = { base: 4, changes: { enabled: false, offsets_days: [1] } };
    const newer = settingFixture({ version: 5, enabled: true, offsets_days: [1], channels: ['slack'] });
    expect(isStale(saved, draft)).toBe(false);
    expect(isStale(newer, draft)).toBe(true);
    expect(rebase(newer, draft)).toEqual({ base: 5, changes: { enabled: false } });
    expect(rebase(newer, { base: 4, changes: { offsets_days: [1] } })).toBeUndefined();
  });

  it('builds the PUT body in a stable order without duplicates', () => {
    expect(
      toInput({ enabled: true, channels: ['slack', 'in_app'], offsets_days: [30, 1, 30], recipient_role_ids: ['a', 'a', 'b'] }),
    ).toEqual({ enabled: true, channels: ['in_app', 'slack'], offsets_days: [1, 30], recipient_role_ids: ['a', 'b'] });
  });
});

describe('parseOffsets', () => {
  it('accepts whole days from 0 to 365', () => {
    expect(parseOffset(' 0 ')).toBe(0);
    expect(parseOffset('365')).toBe(365);
    expect(parseOffset('366')).toBeUndefined();
    expect(parseOffset('-1')).toBeUndefined();
    expect(parseOffset('1.5')).toBeUndefined();
    expect(parseOffset('ten')).toBeUndefined();
  });

  it('sorts and de-duplicates the valid entries and names the others', () => {
    expect(parseOffsets(['30', '7', 'soon', '30', '400'])).toEqual({ offsets: [7, 30], invalid: ['soon', '400'] });
  });
});
