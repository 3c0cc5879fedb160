import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { IconAlertCircle, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ApiError, applyProblemToForm, toApiError } from '../../lib/api';
import { login, type MfaChallenge, useSession } from '../../lib/session';
import { RouterAnchor } from '../../ui/RouterLinks';
import { AuthFrame } from './AuthFrame';
import { EMAIL_PATTERN } from './email';
import type { LoginNotice, SsoError } from './loginSearch';
import { SecondFactorStep } from './SecondFactorStep';
import { signInProblemText } from './signInErrors';
import { SignInProblem } from './SignInProblem';
import { SsoStep } from './SsoStep';
import { useCountdown } from './useCountdown';

const routeApi = getRouteApi('/login');

function createLoginSchema(t: TFunction) {
  return z.object({
    email: z
      .string()
      .trim()
      .min(1, t('validation.required'))
      .max(254, t('validation.tooLong', { max: 254 }))
      .regex(EMAIL_PATTERN, t('login.errors.email')),
    password: z.string().min(1, t('validation.required')).max(1024, t('validation.tooLong', { max: 1024 })),
  });
}

type LoginValues = z.infer<ReturnType<typeof createLoginSchema>>;

const LOGIN_FIELDS = ['email', 'password'] as const;

interface PasswordStepProps {
  onSignedIn: () => Promise<void>;
  onChallenge: (challenge: MfaChallenge) => void;
}

function PasswordStep({ onSignedIn, onChallenge }: PasswordStepProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => createLoginSchema(t), [t]);
  const form = useForm<LoginValues>({ resolver: zodResolver(schema), defaultValues: { email: '', password: '' } });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<ApiError | null>(null);
  const lockout = useCountdown();

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      const result = await login({ email: values.email, password: values.password });
      if (result.kind === 'second-factor') {
        onChallenge(result.challenge);
        return;
      }
      await onSignedIn();
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isValidation) {
        applyProblemToForm(error, { setError: form.setError, fields: LOGIN_FIELDS, notify: setProblem });
        return;
      }
      if (error.isRateLimited) lockout.start(error.retryAfter ?? 0);
      setProblem(error);
      if (error.isUnauthorized) form.setValue('password', '');
      form.setFocus(error.isUnauthorized ? 'password' : 'email');
    }
  });

  return (
    <form
      noValidate
      aria-label={t('login.title')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md">
        {problem ? (
          <SignInProblem error={problem} text={signInProblemText(problem, t, t('login.errors.invalidCredentials'))} />
        ) : null}
        <TextInput
          {...form.register('email')}
          type="email"
          label={t('login.email')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          error={errors.email?.message}
        />
        <PasswordInput
          {...form.register('password')}
          label={t('login.password')}
          autoComplete="current-password"
          required
          error={errors.password?.message}
          aria-invalid={errors.password ? true : undefined}
          visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
        />
        <Button type="submit" fullWidth loading={isSubmitting} disabled={lockout.remaining > 0}>
          {t('login.submit')}
        </Button>
        {lockout.remaining > 0 ? (
          <Text size="xs" c="dimmed" ta="center">
            {t('login.tryAgainIn', { count: lockout.remaining })}
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}

/** Why the single sign-on the browser comes back from failed, and what to do about it. */
function SsoFailure({ code }: { code: SsoError }) {
  const { t } = useTranslation();
  return (
    <Alert
      role="alert"
      color="red"
      variant="light"
      icon={<IconAlertCircle aria-hidden />}
      title={t('login.sso.failed')}
      data-testid="sso-error"
    >
      {t(`login.sso.errors.${code}`)}
    </Alert>
  );
}

function Notice({ notice }: { notice: LoginNotice }) {
  const { t } = useTranslation();
  return (
    <Alert role="status" color="green" variant="light" icon={<IconCircleCheck aria-hidden />}>
      {t(`login.notices.${notice}`)}
    </Alert>
  );
}

/**
 * `/login`: e-mail and password, then — when the account has one — the second factor; or single sign-on with the
 * organisation's provider. Signing in empties the query cache (it may hold another principal's answers) and goes back
 * where the user was heading.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const { redirect, sso_error: ssoError, notice } = routeApi.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const session = useSession();
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  const [method, setMethod] = useState<'password' | 'sso'>('password');

  const enter = async () => {
    queryClient.clear();
    await router.navigate({ href: redirect ?? '/', replace: true });
  };

  if (challenge) {
    return (
      <SecondFactorStep
        challenge={challenge}
        onSignedIn={enter}
        onRestart={() => {
          setChallenge(null);
        }}
      />
    );
  }

  if (method === 'sso') {
    return (
      <SsoStep
        redirect={redirect}
        onBack={() => {
          setMethod('password');
        }}
      />
    );
  }

  return (
    <AuthFrame title={t('login.title')} description={t('login.description')}>
      {session.ended === 'expired' ? (
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
          {t('login.expired')}
        </Alert>
      ) : null}
      {notice ? <Notice notice={notice} /> : null}
      {ssoError ? <SsoFailure code={ssoError} /> : null}
      <PasswordStep onSignedIn={enter} onChallenge={setChallenge} />
      <Group justify="space-between" gap="xs">
        <RouterAnchor to="/forgot-password" size="sm">
          {t('login.forgotPassword')}
        </RouterAnchor>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => {
            setMethod('sso');
          }}
        >
          {t('login.sso.link')}
        </Anchor>
      </Group>
      {session.status === 'bootstrap' ? (
        <Text size="sm" ta="center">
          <Anchor
            href={redirect ?? '/'}
            onClick={(event) => {
              event.preventDefault();
              void router.navigate({ href: redirect ?? '/' });
            }}
          >
            {t('login.continueWithoutSignIn')}
          </Anchor>
        </Text>
      ) : null}
    </AuthFrame>
  );
}
