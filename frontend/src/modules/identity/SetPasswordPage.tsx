import { Alert, Button, Stack, Text } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { IconLinkOff } from '@tabler/icons-react';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ApiError, client, toApiError, unwrap } from '../../lib/api';
import { RouterAnchor, RouterButton } from '../../ui/RouterLinks';
import { AuthFrame } from './AuthFrame';
import { NewPasswordInputs } from './NewPasswordInputs';
import { applyPasswordProblem, newPasswordSchema } from './passwordPolicy';
import { signInProblemText } from './signInErrors';
import { SignInProblem } from './SignInProblem';
import { useCountdown } from './useCountdown';

const routeApi = getRouteApi('/set-password');

function createSchema(t: TFunction) {
  return z
    .object({ password: newPasswordSchema(t), confirmation: z.string() })
    .refine((values) => values.password === values.confirmation, {
      path: ['confirmation'],
      message: t('auth.password.mismatch'),
    });
}

type Values = z.infer<ReturnType<typeof createSchema>>;

/** The link cannot be used (incomplete, expired, already used): a new one is the way forward. */
function BadLink({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert role="alert" color="orange" variant="light" icon={<IconLinkOff aria-hidden />} title={t('auth.setPassword.badLinkTitle')}>
        {text}
      </Alert>
      <RouterButton to="/forgot-password" fullWidth>
        {t('auth.setPassword.newLink')}
      </RouterButton>
    </Stack>
  );
}

function PasswordForm({ token, onRejectedLink }: { token: string; onRejectedLink: () => void }) {
  const { t } = useTranslation();
  const router = useRouter();
  const schema = useMemo(() => createSchema(t), [t]);
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { password: '', confirmation: '' } });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<ApiError | null>(null);
  const lockout = useCountdown();

  const onSubmit = form.handleSubmit(async ({ password }) => {
    setProblem(null);
    try {
      await unwrap(client.POST('/auth/set-password', { body: { token, password } }));
      await router.navigate({ to: '/login', search: { notice: 'password_set' }, replace: true });
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isUnauthorized) {
        onRejectedLink();
        return;
      }
      if (error.isValidation) {
        applyPasswordProblem(error, {
          setError: form.setError,
          fields: ['password'],
          passwordFields: ['password'],
          notify: setProblem,
          t,
        });
        return;
      }
      if (error.isRateLimited) lockout.start(error.retryAfter ?? 0);
      setProblem(error);
    }
  });

  return (
    <form
      noValidate
      aria-label={t('auth.setPassword.title')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md">
        {problem ? <SignInProblem error={problem} text={signInProblemText(problem, t, problem.title)} /> : null}
        <NewPasswordInputs
          password={form.register('password')}
          confirmation={form.register('confirmation')}
          passwordError={errors.password?.message}
          confirmationError={errors.confirmation?.message}
        />
        <Button type="submit" fullWidth loading={isSubmitting} disabled={lockout.remaining > 0}>
          {t('auth.setPassword.submit')}
        </Button>
      </Stack>
    </form>
  );
}

/**
 * `/set-password?token=…`: the page of the link e-mailed for an invitation or a password reset. The link works once;
 * setting the password signs out every session of the account, and the user then signs in with it.
 */
export function SetPasswordPage() {
  const { t } = useTranslation();
  const { token } = routeApi.useSearch();
  const [rejected, setRejected] = useState(false);

  return (
    <AuthFrame title={t('auth.setPassword.title')} description={t('auth.setPassword.description')}>
      {token === undefined ? <BadLink text={t('auth.setPassword.incomplete')} /> : null}
      {token !== undefined && rejected ? <BadLink text={t('auth.setPassword.rejected')} /> : null}
      {token !== undefined && !rejected ? (
        <PasswordForm
          token={token}
          onRejectedLink={() => {
            setRejected(true);
          }}
        />
      ) : null}
      <Text size="sm" ta="center">
        <RouterAnchor to="/login">{t('auth.backToSignIn')}</RouterAnchor>
      </Text>
    </AuthFrame>
  );
}
