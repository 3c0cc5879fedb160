/**
 * The password policy as the forms that choose a password show it: the rules up front, the same minimum checked before
 * sending, and every reason the server gives for a refusal (it lists them all at once), in the user's language.
 */
import type { TFunction } from 'i18next';
import type { FieldPath, FieldValues } from 'react-hook-form';
import { z } from 'zod';
import { type ApiError, type ApplyProblemOptions, applyProblemToForm, normalizeFieldPath, toApiError } from '../../lib/api';

/** The server's minimum (backend/internal/platform/auth/password); the client checks it too, to answer at once. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/** The reasons the server gives (field error codes), each with its own text. */
export const PASSWORD_POLICY_CODES = ['too_short', 'too_long', 'common', 'contains_email', 'contains_name', 'reused'] as const;
type PolicyCode = (typeof PASSWORD_POLICY_CODES)[number];

function isPolicyCode(code: string): code is PolicyCode {
  return (PASSWORD_POLICY_CODES as readonly string[]).includes(code);
}

/** A new password: the policy's length, checked before sending (the server checks the rest). */
export function newPasswordSchema(t: TFunction) {
  return z
    .string()
    .min(1, t('validation.required'))
    .min(PASSWORD_MIN_LENGTH, t('auth.password.policy.too_short', { min: PASSWORD_MIN_LENGTH }))
    .max(PASSWORD_MAX_LENGTH, t('validation.tooLong', { max: PASSWORD_MAX_LENGTH }));
}

/** The server's reasons for refusing a password, translated where the code is known (else its own message). */
export function passwordProblemMessages(error: ApiError, t: TFunction): string[] {
  return error.errors.map((fieldError) =>
    isPolicyCode(fieldError.code)
      ? t(`auth.password.policy.${fieldError.code}`, { min: PASSWORD_MIN_LENGTH })
      : fieldError.message,
  );
}

export interface ApplyPasswordProblemOptions<T extends FieldValues> extends ApplyProblemOptions<T> {
  /** Form fields that hold a new password: all their errors are shown together, one per line. */
  passwordFields: readonly FieldPath<T>[];
  t: TFunction;
}

/**
 * Like applyProblemToForm, but keeps every error of a password field (one per policy rule broken) instead of the first,
 * translated by code. The message holds one reason per line; FieldProblems shows them so.
 */
export function applyPasswordProblem<T extends FieldValues>(
  thrown: unknown,
  { passwordFields, t, ...options }: ApplyPasswordProblemOptions<T>,
): void {
  const error = toApiError(thrown);
  const byField = new Map<FieldPath<T>, string[]>();
  const rest = error.errors.filter((fieldError) => {
    const field = passwordFields.find((candidate) => candidate === normalizeFieldPath(fieldError.field));
    if (field === undefined) return true;
    byField.set(field, [...(byField.get(field) ?? []), ...passwordProblemMessages(error.withErrors([fieldError]), t)]);
    return false;
  });
  let first = true;
  for (const [field, messages] of byField) {
    options.setError(field, { type: 'server', message: messages.join('\n') }, { shouldFocus: first });
    first = false;
  }
  if (rest.length > 0 || byField.size === 0) applyProblemToForm(error.withErrors(rest), options);
}

