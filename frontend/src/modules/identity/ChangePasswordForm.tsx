import { Button, PasswordInput, Stack } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ApiError, client, toApiError, unwrap } from '../../lib/api';
import { NewPasswordInputs } from './NewPasswordInputs';
import { applyPasswordProblem, newPasswordSchema } from './passwordPolicy';
import { signInProblemText } from './signInErrors';
import { SignInProblem } from './SignInProblem';
import { useCountdown } from './useCountdown';

function createSchema(t: TFunction) {
  return z
    .object({
      current_password: z.string().min(1, t('validation.required')).max(1024, t('validation.tooLong', { max: 1024 })),
      new_password: newPasswordSchema(t),
      confirmation: z.string(),
    })
    .refine((values) => values.new_password === values.confirmation, {
      path: ['confirmation'],
      message: t('auth.password.mismatch'),
    })
    .refine((values) => values.new_password !== values.current_password, {
      path: ['new_password'],
      message: t('auth.password.sameAsCurrent'),
    });
}

type Values = z.infer<ReturnType<typeof createSchema>>;

const FIELDS = ['current_password', 'new_password', 'confirmation'] as const;

export interface ChangePasswordFormProps {
  /** The password was changed (every other session of the user is signed out). */
  onChanged: () => unknown;
  /** Accessible name of the form. */
  label: string;
  submitLabel: string;
  /** Full-width button, for the narrow blocking screen. */
  fullWidth?: boolean;
}

/** `POST /me/password`: the current password, then the new one twice; the server applies the policy. */
export function ChangePasswordForm({ onChanged, label, submitLabel, fullWidth = false }: ChangePasswordFormProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => createSchema(t), [t]);
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { current_password: '', new_password: '', confirmation: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<ApiError | null>(null);
  const lockout = useCountdown();

  const onSubmit = form.handleSubmit(async ({ current_password, new_password }) => {
    setProblem(null);
    try {
      await unwrap(client.POST('/me/password', { body: { current_password, new_password } }));
      form.reset();
      await onChanged();
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isValidation) {
        const translated = error.withErrors(
          error.errors.map((fieldError) =>
            fieldError.field === 'current_password' && fieldError.code === 'invalid'
              ? { ...fieldError, message: t('auth.password.currentWrong') }
              : fieldError,
          ),
        );
        applyPasswordProblem(translated, {
          setError: form.setError,
          fields: FIELDS,
          passwordFields: ['new_password'],
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
      aria-label={label}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md" maw={fullWidth ? undefined : 420}>
        {problem ? <SignInProblem error={problem} text={signInProblemText(problem, t, problem.title)} /> : null}
        <PasswordInput
          {...form.register('current_password')}
          label={t('auth.password.current')}
          autoComplete="current-password"
          required
          error={errors.current_password?.message}
          aria-invalid={errors.current_password ? true : undefined}
          visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
        />
        <NewPasswordInputs
          password={form.register('new_password')}
          confirmation={form.register('confirmation')}
          passwordError={errors.new_password?.message}
          confirmationError={errors.confirmation?.message}
        />
        <div>
          <Button type="submit" fullWidth={fullWidth} loading={isSubmitting} disabled={lockout.remaining > 0}>
            {submitLabel}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
