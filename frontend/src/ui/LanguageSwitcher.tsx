import { Button, Menu, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { changeLanguage, isLanguage, LANGUAGES } from '../lib/i18n';

/** Menu of the UI languages, each named in its own language; the choice is remembered in this browser. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  return (
    // No initial-focus placeholder: a presentational, focusable child of role="menu" fails axe (aria-required-children).
    <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button variant="default" leftSection={<IconLanguage size={18} aria-hidden />}>
          {/* Accessible name "Change language: EN" keeps the visible text in it (WCAG 2.5.3). */}
          <VisuallyHidden>{t('language.change')}: </VisuallyHidden>
          {current.toUpperCase()}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {LANGUAGES.map((language) => (
          <Menu.Item
            key={language.code}
            lang={language.code}
            rightSection={language.code === current ? <IconCheck size={16} aria-hidden /> : null}
            aria-current={language.code === current ? 'true' : undefined}
            onClick={() => {
              void changeLanguage(language.code);
            }}
          >
            {language.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
