import { Alert, Anchor, Button, Group, Stack, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { IconClockExclamation } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ApiError, applyProblemToForm, toApiError } from '../../lib/api';
import { completeSecondFactor, type MfaChallenge } from '../../lib/session';
import { AuthFrame } from './AuthFrame';
import { signInProblemText } from './signInErrors';
import { SignInProblem } from './SignInProblem';
import { normalizeTotpCode } from './totp';
import { useCountdown } from './useCountdown';

type Method = 'totp' | 'recovery_code';

function createSchema(t: TFunction, method: Method) {
  return z.object({
    answer:
      method === 'totp'
        ? z
            .string()
            .transform(normalizeTotpCode)
            .pipe(z.string().regex(/^\d{6}$/, t('login.mfa.codeInvalid')))
        : z
            .string()
            .trim()
            .min(1, t('validation.required'))
            .max(32, t('validation.tooLong', { max: 32 }))
            .regex(/^[A-Za-z0-9-]+$/, t('login.mfa.recoveryInvalid')),
  });
}

interface AnswerFormProps {
  method: Method;
  challenge: MfaChallenge;
  expired: boolean;
  onSignedIn: () => Promise<void>;
  onProblem: (error: ApiError | null) => void;
  onLockout: (seconds: number) => void;
  lockedOut: boolean;
}

/** One input: the six-digit code, or a recovery code. Keyed by method, so switching starts a fresh form. */
function AnswerForm({ method, challenge, expired, onSignedIn, onProblem, onLockout, lockedOut }: AnswerFormProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => createSchema(t, method), [t, method]);
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { answer: '' },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ answer }) => {
    onProblem(null);
    try {
      await completeSecondFactor(
        method === 'totp'
          ? { mfa_token: challenge.mfa_token, code: answer }
          : { mfa_token: challenge.mfa_token, recovery_code: answer },
      );
      await onSignedIn();
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isValidation) {
        // The server names `code` or `recovery_code`; the form has one input for either.
        const onInput = error.withErrors(
          error.errors.map((fieldError) =>
            fieldError.field === 'code' || fieldError.field === 'recovery_code'
              ? { ...fieldError, field: 'answer' }
              : fieldError,
          ),
        );
        applyProblemToForm(onInput, { setError: form.setError, fields: ['answer'], notify: onProblem });
        return;
      }
      if (error.isRateLimited) onLockout(error.retryAfter ?? 0);
      onProblem(error);
      form.setValue('answer', '');
      form.setFocus('answer');
    }
  });

  const label = method === 'totp' ? t('login.mfa.code') : t('login.mfa.recoveryCode');
  return (
    <form
      noValidate
      aria-label={t('login.mfa.title')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md">
        {method === 'totp' ? (
          <TextInput
            {...form.register('answer')}
            label={label}
            description={t('login.mfa.codeDescription')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={9}
            required
            data-autofocus
            error={errors.answer?.message}
            styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
          />
        ) : (
          <TextInput
            {...form.register('answer')}
            label={label}
            description={t('login.mfa.recoveryDescription')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={32}
            required
            error={errors.answer?.message}
          />
        )}
        <Button type="submit" fullWidth loading={isSubmitting} disabled={expired || lockedOut}>
          {t('login.mfa.submit')}
        </Button>
      </Stack>
    </form>
  );
}

export interface SecondFactorStepProps {
  challenge: MfaChallenge;
  onSignedIn: () => Promise<void>;
  /** Back to e-mail and password (the challenge expired, or the user wants to). */
  onRestart: () => void;
}

/** The second step of signing in: a code from the authenticator app, or one of the recovery codes. */
export function SecondFactorStep({ challenge, onSignedIn, onRestart }: SecondFactorStepProps) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<Method>('totp');
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [expired, setExpired] = useState(false);
  const lockout = useCountdown();
  const recoveryOffered = challenge.methods.includes('recovery_code');

  // The challenge is valid for a few minutes only.
  useEffect(() => {
    const id = setTimeout(() => {
      setExpired(true);
    }, challenge.expires_in * 1000);
    return () => {
      clearTimeout(id);
    };
  }, [challenge]);

  return (
    <AuthFrame
      title={t('login.mfa.title')}
      description={method === 'totp' ? t('login.mfa.description') : t('login.mfa.recoveryIntro')}
    >
      {expired ? (
        <Alert role="alert" color="orange" variant="light" icon={<IconClockExclamation aria-hidden />}>
          {t('login.mfa.expired')}
        </Alert>
      ) : null}
      {problem && !expired ? (
        <SignInProblem error={problem} text={signInProblemText(problem, t, t('login.mfa.rejected'))} />
      ) : null}
      <AnswerForm
        key={method}
        method={method}
        challenge={challenge}
        expired={expired}
        onSignedIn={onSignedIn}
        onProblem={setProblem}
        onLockout={lockout.start}
        lockedOut={lockout.remaining > 0}
      />
      <Group justify="space-between" gap="xs">
        {recoveryOffered ? (
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => {
              setProblem(null);
              setMethod(method === 'totp' ? 'recovery_code' : 'totp');
            }}
          >
            {method === 'totp' ? t('login.mfa.useRecoveryCode') : t('login.mfa.useApp')}
          </Anchor>
        ) : (
          <span />
        )}
        <Anchor component="button" type="button" size="sm" onClick={onRestart}>
          {t('login.mfa.restart')}
        </Anchor>
      </Group>
    </AuthFrame>
  );
}
