import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSignOut } from './useSignOut';

/**
 * The server wants a recent sign-in for this action (403 reauthentication-required). There is no way to prove it again
 * inside a session: the user signs out and in, and comes back to this page.
 */
export function ReauthenticationAlert() {
  const { t } = useTranslation();
  const href = useRouterState({ select: (state) => state.location.href });
  return <SignInAgainAlert returnTo={href} title={t('reauth.title')} body={t('reauth.body')} />;
}

export interface SignInAgainAlertProps {
  /** Where to come back after signing in. */
  returnTo: string;
  title?: string;
  body?: string;
}

/** Sign out and in again (after enrolling a second factor the organisation requires, by default). */
export function SignInAgainAlert({ returnTo, title, body }: SignInAgainAlertProps) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <Alert
      role="alert"
      color="blue"
      variant="light"
      icon={<IconLock aria-hidden />}
      title={title ?? t('restriction.signInAgainTitle')}
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{body ?? t('restriction.signInAgainBody')}</Text>
        <Button
          onClick={() => {
            void signOut(returnTo);
          }}
        >
          {t('reauth.signInAgain')}
        </Button>
      </Stack>
    </Alert>
  );
}
