import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import fr from '../locales/fr.json';

export const resources = {
  en: { translation: en },
  fr: { translation: fr },
} as const;

export type Language = keyof typeof resources;

/** Languages offered by the switcher, each named in its own language. */
export const LANGUAGES: readonly { code: Language; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'fr', label: 'Français' },
];

const STORAGE_KEY = 'opsdeck.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(resources, value);
}

/** The stored choice, else the browser's preferred supported language, else English. */
export function detectLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage may be unavailable (private mode, blocked cookies): fall through.
  }
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export async function changeLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted; the choice still holds for this page.
  }
  await i18n.changeLanguage(language);
}

// Screen readers and hyphenation follow <html lang>.
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

export async function initI18n(language: Language = detectLanguage()): Promise<typeof i18n> {
  if (!i18n.isInitialized) {
    await i18n.use(initReactI18next).init({
      resources,
      lng: language,
      fallbackLng: 'en',
      supportedLngs: Object.keys(resources),
      interpolation: { escapeValue: false }, // React escapes already.
      returnNull: false,
    });
  } else if (i18n.language !== language) {
    await i18n.changeLanguage(language);
  }
  document.documentElement.lang = language;
  return i18n;
}

export { i18n };
