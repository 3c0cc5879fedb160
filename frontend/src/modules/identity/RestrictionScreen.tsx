import { Alert, Anchor, Button, Divider, Group, Skeleton, Stack, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconExternalLink, IconFileText, IconLogout } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, toApiError, unwrap } from '../../lib/api';
import { organizationQueryKey, useOrganization } from '../../lib/deployment';
import { type Me, meQueryKey } from '../../lib/me';
import { showProblemNotification } from '../../lib/problemNotification';
import { QueryError } from '../../ui/QueryError';
import { AuthFrame } from './AuthFrame';
import { ChangePasswordForm } from './ChangePasswordForm';
import { termsLink } from './terms';
import { useSignOut } from './useSignOut';

/** Who is signed in, and the way out: signing out is always allowed. */
function SignedInAs({ me }: { me: Me }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <>
      <Divider />
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" c="dimmed" miw={0} truncate="end">
          {t('restriction.signedInAs', { name: me.name.trim() || me.email })}
        </Text>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => {
            void signOut();
          }}
        >
          {t('userMenu.signOut')}
        </Button>
      </Group>
    </>
  );
}

/** The terms of use of the active organisation: read them (a link), then accept this version. */
function TermsAcceptance() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const organization = useOrganization();
  const [stale, setStale] = useState(false);
  const accept = useMutation({
    mutationFn: async (version: string) => unwrap(client.POST('/me/terms/accept', { body: { version } })),
  });

  if (organization.isPending) return <Skeleton height={120} radius="sm" />;
  if (organization.isError) {
    return <QueryError error={organization.error} onRetry={() => void organization.refetch()} />;
  }
  const { name, settings } = organization.data.data;
  const version = settings.terms_version;
  const href = termsLink(settings.terms_url);

  const onAccept = () => {
    setStale(false);
    accept.mutate(version, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('restriction.terms.accepted') });
        void queryClient.invalidateQueries({ queryKey: meQueryKey });
      },
      onError: (thrown) => {
        const error = toApiError(thrown);
        // The organisation published another version meanwhile: show it, to be read and accepted.
        if (error.isValidation && error.errors.some((fieldError) => fieldError.field === 'version')) {
          setStale(true);
          void queryClient.invalidateQueries({ queryKey: organizationQueryKey });
          return;
        }
        // No terms to accept any more: /me tells what remains.
        if (error.status === 409) {
          void queryClient.invalidateQueries({ queryKey: meQueryKey });
          return;
        }
        showProblemNotification(error);
      },
    });
  };

  return (
    <Stack gap="md">
      <Text size="sm">{t('restriction.terms.body', { organization: name })}</Text>
      {stale ? (
        <Alert role="alert" color="orange" variant="light">
          {t('restriction.terms.stale')}
        </Alert>
      ) : null}
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <IconFileText size={20} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
        <Stack gap={2}>
          {href ? (
            <Anchor href={href} target="_blank" rel="noopener noreferrer" fw={500}>
              {t('restriction.terms.read')}
              <IconExternalLink size={14} aria-hidden style={{ marginLeft: 4, verticalAlign: 'middle' }} />
              <VisuallyHidden> {t('restriction.terms.newTab')}</VisuallyHidden>
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              {t('restriction.terms.noLink')}
            </Text>
          )}
          {version ? (
            <Text size="sm" c="dimmed" data-testid="terms-version">
              {t('restriction.terms.version', { version })}
            </Text>
          ) : null}
        </Stack>
      </Group>
      <Button fullWidth onClick={onAccept} loading={accept.isPending} disabled={!version}>
        {t('restriction.terms.accept')}
      </Button>
    </Stack>
  );
}

/** An administrator set a temporary password: the user chooses their own before anything else. */
function PasswordChange() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <Stack gap="md">
      <Text size="sm">{t('restriction.password.body')}</Text>
      <ChangePasswordForm
        label={t('restriction.password.title')}
        submitLabel={t('restriction.password.submit')}
        fullWidth
        onChanged={async () => {
          notifications.show({ color: 'green', message: t('restriction.password.changed') });
          await queryClient.invalidateQueries({ queryKey: meQueryKey });
        }}
      />
    </Stack>
  );
}

export interface RestrictionScreenProps {
  restriction: 'terms-acceptance-required' | 'password-change-required';
  me: Me;
}

/**
 * Instead of the shell while the session is restricted to lifting the restriction (the API refuses everything else):
 * accept the organisation's terms of use, or replace a temporary password. /me is then read again, and the app opens.
 */
export function RestrictionScreen({ restriction, me }: RestrictionScreenProps) {
  const { t } = useTranslation();
  const terms = restriction === 'terms-acceptance-required';
  return (
    <AuthFrame
      width={520}
      title={terms ? t('restriction.terms.title') : t('restriction.password.title')}
      description={terms ? t('restriction.terms.description') : t('restriction.password.description')}
    >
      {terms ? <TermsAcceptance /> : <PasswordChange />}
      <SignedInAs me={me} />
    </AuthFrame>
  );
}
