import { Group, Stack } from '@mantine/core';
import { IconBuildingWarehouse, IconDevices, IconMapPin } from '@tabler/icons-react';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ModuleGate } from '../../app/pages/ModuleGate';
import { RouterButton } from '../../ui/RouterLinks';

type Section = 'assets' | 'locations' | 'models';

function sectionOf(pathname: string): Section {
  if (pathname.startsWith('/assets/locations')) return 'locations';
  if (pathname.startsWith('/assets/models')) return 'models';
  return 'assets';
}

/** The pages of the assets module, above each of them: the assets (and one asset's page), locations, brands and models. */
export function AssetsNav() {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const current = sectionOf(pathname);
  const link = (section: Section) => ({
    variant: current === section ? 'light' : 'subtle',
    'aria-current': current === section ? ('page' as const) : undefined,
    size: 'sm',
  });
  return (
    <Group component="nav" gap="xs" aria-label={t('assets.nav.label')}>
      <RouterButton
        to="/assets"
        // Exact: the other sections live under /assets too; the asset pages are marked current by hand.
        activeOptions={{ exact: true, includeSearch: false }}
        {...link('assets')} leftSection={<IconDevices size={16} aria-hidden />}>
        {t('assets.nav.assets')}
      </RouterButton>
      <RouterButton to="/assets/locations" {...link('locations')} leftSection={<IconMapPin size={16} aria-hidden />}>
        {t('assets.nav.locations')}
      </RouterButton>
      <RouterButton
        to="/assets/models"
        {...link('models')}
        leftSection={<IconBuildingWarehouse size={16} aria-hidden />}
      >
        {t('assets.nav.models')}
      </RouterButton>
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
