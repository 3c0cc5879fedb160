import { describe, expect, it } from 'vitest';
import { i18n } from '../../../lib/i18n';
import {
  buildWebhookPatch,
  createWebhookSchema,
  nextEventSelection,
  toWebhookCreate,
  toWebhookValues,
  type WebhookFormValues,
} from './webhookForm';
import { slackWebhookFixture, webhookFixture } from './webhookFixtures';
import { mergeWebhookSearch, validateWebhookDetailSearch, validateWebhookSearch } from './webhookSearch';

describe('nextEventSelection', () => {
  it('makes "all events" exclusive', () => {
    expect(nextEventSelection(['risk.accepted'], ['risk.accepted', '*'])).toEqual(['*']);
    expect(nextEventSelection(['*'], ['*', 'risk.accepted'])).toEqual(['risk.accepted']);
    expect(nextEventSelection(['a.b'], ['a.b', 'c.d'])).toEqual(['a.b', 'c.d']);
    expect(nextEventSelection(['*'], [])).toEqual([]);
  });
});

describe('the webhook form', () => {
  const original: WebhookFormValues = toWebhookValues(webhookFixture());

  it('patches only what changed, and nothing when nothing did', () => {
    expect(buildWebhookPatch(original, { ...original })).toBeUndefined();
    expect(buildWebhookPatch(original, { ...original, events: [...original.events].reverse() })).toBeUndefined();
    expect(buildWebhookPatch(original, { ...original, name: '  SIEM 2 ', enabled: false })).toEqual({
      name: 'SIEM 2',
      enabled: false,
    });
    expect(buildWebhookPatch(original, { ...original, events: ['*'] })).toEqual({ events: ['*'] });
  });

  it('creates with trimmed text and de-duplicated events', () => {
    expect(
      toWebhookCreate({ name: ' A ', kind: 'standard', url: ' https://a.example/x ', events: ['a.b', 'a.b'], enabled: true }),
    ).toEqual({
      name: 'A',
      kind: 'standard',
      url: 'https://a.example/x',
      events: ['a.b'],
      enabled: true,
    });
  });

  it('accepts http(s) URLs only, and at least one event', () => {
    const schema = createWebhookSchema(i18n.t);
    const valid = { name: 'A', kind: 'standard', url: 'https://a.example/hook', events: ['risk.accepted'], enabled: true };
    expect(schema.safeParse(valid).success).toBe(true);
    expect(schema.safeParse({ ...valid, url: 'ftp://a.example' }).success).toBe(false);
    expect(schema.safeParse({ ...valid, url: 'https://' }).success).toBe(false);
    expect(schema.safeParse({ ...valid, events: [] }).success).toBe(false);
    expect(schema.safeParse({ ...valid, name: '   ' }).success).toBe(false);
    expect(schema.safeParse({ ...valid, url: '' }).success).toBe(false);
    expect(schema.safeParse({ ...valid, kind: 'teams' }).success).toBe(false);
  });
});

describe('the form of a Slack endpoint', () => {
  const slack = slackWebhookFixture();
  const original = toWebhookValues(slack);

  it('starts with an empty URL: the answered one is redacted', () => {
    expect(original).toMatchObject({ kind: 'slack', url: '' });
    expect(toWebhookValues(webhookFixture()).url).toBe('https://siem.acme-energy.example/hooks/opsdeck');
  });

  it('sends the URL only when a new one is typed, and never the kind', () => {
    expect(buildWebhookPatch(original, { ...original })).toBeUndefined();
    expect(buildWebhookPatch(original, { ...original, name: 'Ops' })).toEqual({ name: 'Ops' });
    expect(buildWebhookPatch(original, { ...original, url: ' https://hooks.slack.com/services/T0/B1/new ' })).toEqual({
      url: 'https://hooks.slack.com/services/T0/B1/new',
    });
    expect(buildWebhookPatch(original, { ...original, kind: 'standard', name: 'Ops' })).toEqual({ name: 'Ops' });
  });

  it('accepts an empty URL only when editing one', () => {
    const values = { ...original, url: '' };
    expect(createWebhookSchema(i18n.t, { keepUrlWhenEmpty: true }).safeParse(values).success).toBe(true);
    expect(createWebhookSchema(i18n.t).safeParse(values).success).toBe(false);
    expect(createWebhookSchema(i18n.t, { keepUrlWhenEmpty: true }).safeParse({ ...values, url: 'slack' }).success).toBe(
      false,
    );
  });
});

describe('webhook search', () => {
  it('keeps known values and leaves defaults out of the address', () => {
    expect(validateWebhookSearch({ include_archived: 'true', sort: '-created_at' })).toEqual({
      include_archived: true,
      sort: '-created_at',
    });
    expect(validateWebhookSearch({ include_archived: 'no', sort: 'name' })).toEqual({});
    expect(validateWebhookSearch({ sort: 'url' })).toEqual({});
    expect(mergeWebhookSearch({ include_archived: true }, { include_archived: false, sort: 'name' })).toEqual({});
    expect(validateWebhookDetailSearch({ outcome: 'failed' })).toEqual({ outcome: 'failed' });
    expect(validateWebhookDetailSearch({ outcome: 'maybe' })).toEqual({});
  });
});
