import { Alert, Badge, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconPassword, IconShieldLock, IconUserCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MODULES } from '../../app/modules';
import { activeOrganization, GRANTED_LEVELS, levelOf, type Me, mfaEnrolmentRequired, useMe } from '../../lib/me';
import { useSession } from '../../lib/session';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterButton } from '../../ui/RouterLinks';
import { ApiTokensSection } from './ApiTokensSection';
import { ChangePasswordForm } from './ChangePasswordForm';
import { sessionsQueryKey } from './sessions';
import { SessionsSection } from './SessionsSection';
import { TwoStepSection } from './TwoStepSection';

/** Who the user is, where, and with which rights. */
function AccountSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const active = activeOrganization(me);
  const others = me.organizations.filter((organization) => organization.id !== me.active_organization_id);
  const rows: [string, string][] = [
    [t('profile.account.name'), me.name || '—'],
    [t('profile.account.email'), me.email || '—'],
    [t('profile.account.kind'), t(`profile.kinds.${me.kind}`)],
  ];
  if (active) rows.push([t('profile.account.organization'), `${active.name} (${t(`header.kind.${active.kind}`)})`]);
  if (others.length > 0) rows.push([t('profile.account.otherOrganizations'), others.map((o) => o.name).join(', ')]);
  if (me.platform_level !== 'none') rows.push([t('profile.account.platform'), t(`permissions.levels.${me.platform_level}`)]);

  // Module names grouped by level, strongest first: "Administer: Risk, Audits".
  const byLevel = [...GRANTED_LEVELS].reverse().map((level) => ({
    level,
    modules: MODULES.filter((module) => levelOf(me, module.slug) === level).map((module) => t(`modules.${module.slug}`)),
  }));

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="account-title">
      <Stack gap="md">
        <Group gap="xs">
          <IconUserCircle size={22} aria-hidden />
          <Title order={2} size="h3" id="account-title">
            {t('profile.account.title')}
          </Title>
        </Group>
        <Table variant="vertical" layout="fixed" withRowBorders maw={720}>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={220} scope="row">
                  {label}
                </Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Title order={3} size="h5">
          {active
            ? t('profile.account.permissionsIn', { organization: active.name })
            : t('profile.account.permissions')}
        </Title>
        {me.permissions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('profile.account.noPermissions')}
          </Text>
        ) : (
          <Stack gap={6} data-testid="permissions">
            {byLevel
              .filter(({ modules }) => modules.length > 0)
              .map(({ level, modules }) => (
                <Group key={level} gap="xs" align="baseline" wrap="nowrap">
                  <Badge variant="default" w={110} style={{ flexShrink: 0 }}>
                    {t(`permissions.levels.${level}`)}
                  </Badge>
                  <Text size="sm">{modules.join(', ')}</Text>
                </Group>
              ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** Profile → password: change it (every other session is signed out). Not for single sign-on sessions. */
function PasswordSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="password-title">
      <Stack gap="md">
        <Group gap="xs">
          <IconPassword size={22} aria-hidden />
          <Title order={2} size="h3" id="password-title">
            {t('profile.password.title')}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {t('profile.password.description')}
        </Text>
        <ChangePasswordForm
          label={t('profile.password.formLabel')}
          submitLabel={t('profile.password.submit')}
          onChanged={() => {
            notifications.show({ color: 'green', message: t('profile.password.changed') });
            // The other sessions are gone.
            return queryClient.invalidateQueries({ queryKey: sessionsQueryKey });
          }}
        />
      </Stack>
    </Card>
  );
}

/** `/profile`: the account, its password, second factor, sessions and API tokens. */
export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  const session = useSession();
  const restricted = mfaEnrolmentRequired(me.data);
  return (
    <Page title={t('profile.title')} description={t('profile.description')}>
      {restricted ? (
        <Alert
          color="blue"
          variant="light"
          icon={<IconShieldLock aria-hidden />}
          title={t('restriction.title')}
          data-testid="mfa-required"
        >
          {t('restriction.body')}
        </Alert>
      ) : null}
      {me.isPending ? <Skeleton height={220} radius="md" /> : null}
      {me.isError ? <QueryError error={me.error} onRetry={() => void me.refetch()} /> : null}
      {me.data ? <AccountSection me={me.data} /> : null}
      {session.status === 'bootstrap' ? (
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('profile.bootstrap.title')}>
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{t('profile.bootstrap.body')}</Text>
            <RouterButton to="/login" search={{ redirect: '/profile' }}>
              {t('session.bootstrap.signIn')}
            </RouterButton>
          </Stack>
        </Alert>
      ) : null}
      {session.status === 'signed-in' && me.data ? (
        <>
          {me.data.sso || restricted ? null : <PasswordSection />}
          <TwoStepSection me={me.data} />
          {/* Until the required second factor is set up, the API refuses the sessions and tokens too. */}
          {restricted ? null : <SessionsSection />}
          {restricted ? null : <ApiTokensSection me={me.data} />}
        </>
      ) : null}
    </Page>
  );
}
