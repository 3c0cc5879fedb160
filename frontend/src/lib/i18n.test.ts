import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import fr from '../locales/fr.json';
import { changeLanguage, detectLanguage, i18n } from './i18n';

function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      for (const [path, leaf] of flatten(child, prefix ? `${prefix}.${key}` : key)) entries.set(path, leaf);
    }
  } else {
    entries.set(prefix, value);
  }
  return entries;
}

describe('catalogues', () => {
  const english = flatten(en);
  const french = flatten(fr);

  it('French has exactly the keys of English', () => {
    expect([...french.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('every string is non-empty and keeps its placeholders', () => {
    for (const [key, text] of english) {
      const translated = french.get(key);
      expect(typeof text, key).toBe('string');
      expect(typeof translated, key).toBe('string');
      expect((translated as string).trim(), key).not.toBe('');
      const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(placeholders(translated as string), key).toEqual(placeholders(text as string));
    }
  });
});

describe('language choice', () => {
  it('switches, persists and sets <html lang>', async () => {
    await changeLanguage('fr');
    expect(i18n.t('notFound.title')).toBe('Page introuvable');
    expect(document.documentElement.lang).toBe('fr');
    expect(detectLanguage()).toBe('fr');
    await changeLanguage('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
