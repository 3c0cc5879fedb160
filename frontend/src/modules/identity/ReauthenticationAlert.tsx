import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { IconLock } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ApiError, applyProblemToForm, toApiError } from '../../lib/api';
import { useMe } from '../../lib/me';
import { reauthenticate } from '../../lib/session';
import { signInProblemText } from './signInErrors';
import { SignInProblem } from './SignInProblem';
import { normalizeTotpCode } from './totp';
import { useCountdown } from './useCountdown';
import { useSignOut } from './useSignOut';

function createSchema(t: TFunction, withCode: boolean) {
  return z.object({
    password: z.string().min(1, t('validation.required')).max(1024, t('validation.tooLong', { max: 1024 })),
    code: withCode
      ? z
          .string()
          .transform(normalizeTotpCode)
          .pipe(z.string().regex(/^\d{6}$/, t('login.mfa.codeInvalid')))
      : z.string(),
  });
}

/** The server's reasons, in the user's language where we know them. */
function translateRefusal(error: ApiError, t: TFunction): ApiError {
  return error.withErrors(
    error.errors.map((fieldError) => {
      if (fieldError.code !== 'invalid') return fieldError;
      if (fieldError.field === 'password') return { ...fieldError, message: t('auth.reauth.wrongPassword') };
      if (fieldError.field === 'code') return { ...fieldError, message: t('auth.reauth.wrongCode') };
      return fieldError;
    }),
  );
}

interface DialogProps {
  /** The account has an authenticator app: its code is asked too. */
  withCode: boolean;
  onConfirmed: () => void;
  onCancel: () => void;
}

/** Password (and code) again, in a dialog over the page: the action is retried once they are accepted. */
function ReauthenticationDialog({ withCode, onConfirmed, onCancel }: DialogProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => createSchema(t, withCode), [t, withCode]);
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { password: '', code: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [signInAgain, setSignInAgain] = useState(false);
  const lockout = useCountdown();
  const href = useRouterState({ select: (state) => state.location.href });

  const onSubmit = form.handleSubmit(async ({ password, code }) => {
    setProblem(null);
    try {
      await reauthenticate(withCode ? { password, code } : { password });
      onConfirmed();
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isValidation) {
        const refusal = translateRefusal(error, t);
        applyProblemToForm(refusal, { setError: form.setError, fields: ['password', 'code'], notify: setProblem });
        if (refusal.errors.some((fieldError) => fieldError.field === 'code')) form.setValue('code', '');
        return;
      }
      // 409: the account signs in through single sign-on only, there is no password to check. 403: this session may
      // not re-authenticate (a restricted one). Signing in again is the way.
      if (error.status === 409 || error.status === 403) {
        setSignInAgain(true);
        return;
      }
      if (error.isRateLimited) lockout.start(error.retryAfter ?? 0);
      setProblem(error);
    }
  });

  return (
    <Modal opened onClose={onCancel} title={t('auth.reauth.title')} centered>
      {signInAgain ? (
        <SignInAgainAlert returnTo={href} title={t('reauth.title')} body={t('reauth.body')} />
      ) : (
        <form
          noValidate
          aria-label={t('auth.reauth.title')}
          onSubmit={(event) => {
            event.stopPropagation();
            void onSubmit(event);
          }}
        >
          <Stack gap="md">
            <Text size="sm">{withCode ? t('auth.reauth.bodyWithCode') : t('auth.reauth.body')}</Text>
            {problem ? (
              <SignInProblem error={problem} text={signInProblemText(problem, t, t('auth.reauth.wrongPassword'))} />
            ) : null}
            <PasswordInput
              {...form.register('password')}
              label={t('login.password')}
              autoComplete="current-password"
              required
              data-autofocus
              error={errors.password?.message}
              aria-invalid={errors.password ? true : undefined}
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
            />
            {withCode ? (
              <TextInput
                {...form.register('code')}
                label={t('login.mfa.code')}
                description={t('login.mfa.codeDescription')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={9}
                required
                error={errors.code?.message}
              />
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onCancel}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={isSubmitting} disabled={lockout.remaining > 0}>
                {t('auth.reauth.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export interface ReauthenticationPromptProps {
  /** The user proved who they are again: retry the action. */
  onConfirmed: () => void;
  /** The user gave up (the dialog is closed). */
  onCancel: () => void;
}

/**
 * The server wants a recent sign-in for this action (403 reauthentication-required). With a password, the user proves
 * it in a dialog and the action is retried; a single sign-on session has no password to check here: the user signs out
 * and in again through the provider, and comes back to this page.
 */
export function ReauthenticationPrompt({ onConfirmed, onCancel }: ReauthenticationPromptProps) {
  const { t } = useTranslation();
  const me = useMe();
  const href = useRouterState({ select: (state) => state.location.href });
  if (me.data?.sso) return <SignInAgainAlert returnTo={href} title={t('reauth.title')} body={t('reauth.body')} />;
  return <ReauthenticationDialog withCode={me.data?.mfa_enrolled ?? false} onConfirmed={onConfirmed} onCancel={onCancel} />;
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
