import { Alert, AppShell, ScrollArea, Skeleton, Stack } from '@mantine/core';
import { IconAlertCircle, IconLayoutDashboard, IconShieldLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useModuleAccess } from '../../lib/me';
import { isPlatformOnly } from '../../modules/platform/platformAccess';
import { PlatformNavLink } from '../../modules/platform/PlatformNavLink';
import { RouterNavLink } from '../../ui/RouterLinks';
import { MODULES } from '../modules';

/**
 * Dashboards, then every module that is enabled for the organisation and that the user has a permission on, in SPEC
 * order.
 */
export function Navigation() {
  const { t } = useTranslation();
  const access = useModuleAccess();
  const { restricted } = access;
  // A platform administrator who belongs to no organisation has no modules to wait for, nor to miss.
  const platformOnly = isPlatformOnly(access.me);
  const isPending = access.isPending && !platformOnly;
  const isError = access.isError && !platformOnly;
  const visible = MODULES.filter((module) => access.visible.has(module.slug));

  return (
    <AppShell.Section grow component={ScrollArea} p="xs">
      <RouterNavLink
        to="/"
        activeOptions={{ exact: true }}
        activeProps={{ active: true }}
        label={t('nav.dashboards')}
        leftSection={<IconLayoutDashboard size={18} aria-hidden />}
      />
      {isPending ? (
        <Stack gap={6} mt={6} aria-busy="true" aria-label={t('common.loading')}>
          {Array.from({ length: 8 }, (_, index) => (
            <Skeleton key={index} height={28} radius="sm" />
          ))}
        </Stack>
      ) : null}
      {isError ? (
        <Alert mt="sm" variant="light" color="red" icon={<IconAlertCircle aria-hidden />}>
          {t('errors.organizationUnavailable')}
        </Alert>
      ) : null}
      {restricted ? (
        <Alert mt="sm" variant="light" color="blue" icon={<IconShieldLock aria-hidden />}>
          {t('restriction.navigation')}
        </Alert>
      ) : null}
      {visible.map((module) => (
        <RouterNavLink
          key={module.slug}
          to={module.path}
          activeProps={{ active: true }}
          label={t(`modules.${module.slug}`)}
          leftSection={<module.icon size={18} aria-hidden />}
        />
      ))}
      <PlatformNavLink />
    </AppShell.Section>
  );
}
