import { Group, Stack } from '@mantine/core';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ModuleGate } from '../../app/pages/ModuleGate';
import { RouterButton } from '../../ui/RouterLinks';
import { type AssetsSectionKey, sectionOf, SECTIONS } from './assetsSections';

/** The pages of the assets module, above each of them; wraps onto more lines on narrow screens. */
export function AssetsNav() {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const current = sectionOf(pathname);
  const label = (key: AssetsSectionKey): string => {
    switch (key) {
      case 'assets':
        return t('assets.nav.assets');
      case 'locations':
        return t('assets.nav.locations');
      case 'models':
        return t('assets.nav.models');
      default:
        return t(`inventoryAssets.nav.${key}`);
    }
  };
  return (
    <Group component="nav" gap={4} wrap="wrap" aria-label={t('assets.nav.label')}>
      {SECTIONS.map(({ key, to, icon: SectionIcon }) => (
        <RouterButton
          key={key}
          to={to}
          // Exact: every section lives under /assets; an asset's own page is marked current by hand.
          activeOptions={{ exact: key === 'assets', includeSearch: false }}
          variant={current === key ? 'light' : 'subtle'}
          aria-current={current === key ? 'page' : undefined}
          size="compact-sm"
          leftSection={<SectionIcon size={16} aria-hidden />}
        >
          {label(key)}
        </RouterButton>
      ))}
    </Group>
  );
}

/** The assets module's frame: its pages only for who may read them, under the module's own navigation. */
export function AssetsSection() {
  return (
    <ModuleGate slug="assets">
      <Stack gap="md">
        <AssetsNav />
        <Outlet />
      </Stack>
    </ModuleGate>
  );
}
