import { PasswordInput } from '@mantine/core';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldProblems } from './FieldProblems';
import { PASSWORD_MIN_LENGTH } from './passwordPolicy';

export interface NewPasswordInputsProps {
  password: UseFormRegisterReturn;
  confirmation: UseFormRegisterReturn;
  /** One reason per line (see applyPasswordProblem). */
  passwordError?: string;
  confirmationError?: string;
  label?: string;
}

/**
 * A new password and its confirmation, with the policy told up front. `new-password` lets password managers offer a
 * generated one.
 */
export function NewPasswordInputs({ password, confirmation, passwordError, confirmationError, label }: NewPasswordInputsProps) {
  const { t } = useTranslation();
  return (
    <>
      <PasswordInput
        {...password}
        label={label ?? t('auth.password.new')}
        description={t('auth.password.rules', { min: PASSWORD_MIN_LENGTH })}
        autoComplete="new-password"
        required
        error={passwordError ? <FieldProblems message={passwordError} /> : undefined}
        aria-invalid={passwordError ? true : undefined}
        visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
      />
      <PasswordInput
        {...confirmation}
        label={t('auth.password.confirm')}
        autoComplete="new-password"
        required
        error={confirmationError}
        aria-invalid={confirmationError ? true : undefined}
        visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
      />
    </>
  );
}
