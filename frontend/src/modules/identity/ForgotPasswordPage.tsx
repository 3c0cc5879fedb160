import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { IconMailForward } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ApiError, applyProblemToForm, client, toApiError, unwrap } from '../../lib/api';
import { RouterAnchor } from '../../ui/RouterLinks';
import { AuthFrame } from './AuthFrame';
import { EMAIL_PATTERN } from './email';
import { signInProblemText } from './signInErrors';
import { SignInProblem } from './SignInProblem';
import { useCountdown } from './useCountdown';

function createSchema(t: TFunction) {
  return z.object({
    email: z
      .string()
      .trim()
      .min(1, t('validation.required'))
      .max(254, t('validation.tooLong', { max: 254 }))
      .regex(EMAIL_PATTERN, t('login.errors.email')),
  });
}

function RequestForm({ onSent }: { onSent: (email: string) => void }) {
  const { t } = useTranslation();
  const schema = useMemo(() => createSchema(t), [t]);
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { email: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<ApiError | null>(null);
  const lockout = useCountdown();

  const onSubmit = form.handleSubmit(async ({ email }) => {
    setProblem(null);
    try {
      await unwrap(client.POST('/auth/password-reset', { body: { email } }));
      onSent(email);
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isValidation) {
        applyProblemToForm(error, { setError: form.setError, fields: ['email'], notify: setProblem });
        return;
      }
      if (error.isRateLimited) lockout.start(error.retryAfter ?? 0);
      setProblem(error);
    }
  });

  return (
    <form
      noValidate
      aria-label={t('auth.forgot.title')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md">
        {problem ? <SignInProblem error={problem} text={signInProblemText(problem, t, problem.title)} /> : null}
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
        <Button type="submit" fullWidth loading={isSubmitting} disabled={lockout.remaining > 0}>
          {t('auth.forgot.submit')}
        </Button>
      </Stack>
    </form>
  );
}

/**
 * `/forgot-password`: asks for an e-mailed link to choose a new password. The server answers the same whether or not
 * an account exists (so that the page cannot be used to find out), and so does this page.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sentTo, setSentTo] = useState<string | null>(null);

  return (
    <AuthFrame title={t('auth.forgot.title')} description={sentTo === null ? t('auth.forgot.description') : undefined}>
      {sentTo === null ? (
        <RequestForm onSent={setSentTo} />
      ) : (
        <Stack gap="md">
          <Alert role="status" color="green" variant="light" icon={<IconMailForward aria-hidden />} title={t('auth.forgot.sentTitle')}>
            <Stack gap={6}>
              <Text size="sm">{t('auth.forgot.sent', { email: sentTo })}</Text>
              <Text size="sm">{t('auth.forgot.sentHelp')}</Text>
            </Stack>
          </Alert>
          <Button
            variant="default"
            onClick={() => {
              setSentTo(null);
            }}
          >
            {t('auth.forgot.again')}
          </Button>
        </Stack>
      )}
      <Text size="sm" ta="center">
        <RouterAnchor to="/login">{t('auth.backToSignIn')}</RouterAnchor>
      </Text>
    </AuthFrame>
  );
}
