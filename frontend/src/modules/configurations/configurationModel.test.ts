import { describe, expect, it } from 'vitest';
import { buildPatch } from './configurationForm';
import { configurationFixture } from './configurationFixtures';
import { validateConfigurationDetailSearch, validateConfigurationSearch } from './configurationSearch';
import { checkDocument, compactJson, MAX_DOCUMENT_DEPTH } from './documentJson';

describe('checkDocument', () => {
  it('accepts a JSON object and says why anything else is refused', () => {
    expect(checkDocument('{"a": [1, {"b": null}]}')).toEqual({ ok: true, document: { a: [1, { b: null }] } });
    expect(checkDocument('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(checkDocument('{"a": ').ok).toBe(false);
    expect(checkDocument('{"a": ')).toMatchObject({ reason: 'syntax' });
    expect(checkDocument('[1]')).toEqual({ ok: false, reason: 'notObject' });
    expect(checkDocument('null')).toEqual({ ok: false, reason: 'notObject' });
    expect(checkDocument('"text"')).toEqual({ ok: false, reason: 'notObject' });
    expect(checkDocument(`{"blob": "${'x'.repeat(1 << 20)}"}`)).toEqual({ ok: false, reason: 'tooLarge' });
    const nested = (levels: number) => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
    expect(checkDocument(nested(MAX_DOCUMENT_DEPTH)).ok).toBe(true);
    expect(checkDocument(nested(MAX_DOCUMENT_DEPTH + 1))).toEqual({ ok: false, reason: 'tooDeep' });
  });

  it('prints diff values as one line of JSON', () => {
    expect(compactJson({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(compactJson(null)).toBe('null');
    expect(compactJson(undefined)).toBe('null');
  });
});

describe('configuration search', () => {
  it('keeps what the API accepts and drops defaults', () => {
    expect(validateConfigurationSearch({ q: ' fw ', kind: ['network', 'printer', 'network'], sort: '-name' })).toEqual({
      q: 'fw',
      kind: ['network'],
      include_archived: undefined,
      sort: '-name',
    });
    expect(validateConfigurationSearch({ sort: 'name', kind: 'bogus', include_archived: 'true' })).toEqual({
      q: undefined,
      kind: undefined,
      include_archived: true,
      sort: undefined,
    });
    expect(validateConfigurationDetailSearch({ tab: 'compare', from: '2', to: 0 })).toEqual({ tab: 'compare', from: 2, to: undefined });
    expect(validateConfigurationDetailSearch({ tab: 'document', from: 1.5 })).toEqual({ tab: undefined, from: undefined, to: undefined });
  });
});

describe('buildPatch', () => {
  it('sends only what changed', () => {
    const c = configurationFixture({ tags: [{ id: 't1', name: 'Perimeter', colour: 'red' }] });
    const values = { name: c.name, kind: c.kind, description: c.description, tag_ids: ['t1'], document: '', message: '' };
    expect(buildPatch(c, values)).toBeUndefined();
    expect(buildPatch(c, { ...values, name: ' Core FW ', kind: 'security', tag_ids: [] })).toEqual({
      name: 'Core FW',
      kind: 'security',
      tag_ids: [],
    });
  });
});
