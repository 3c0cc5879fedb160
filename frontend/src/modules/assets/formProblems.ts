/** Server refusals of the module's forms, put where the user acted. */
import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form';
import { type ApiError, applyProblemToForm, type FieldError, normalizeFieldPath, toApiError } from '../../lib/api';
import { customFieldErrors } from '../data/CustomFieldInputs';

export interface FormProblem {
  error: ApiError;
  unmatched: FieldError[];
}

export type CustomFieldErrors = ReturnType<typeof customFieldErrors>;

function isCustomFieldError(error: FieldError): boolean {
  return normalizeFieldPath(error.field).startsWith('custom_fields.');
}

export interface ApplyFormProblemOptions<T extends FieldValues> {
  setError: UseFormSetError<T>;
  fields: readonly FieldPath<T>[];
  /** The messages of `custom_fields.<key>` errors, for the custom field inputs. */
  setCustomErrors?: (errors: CustomFieldErrors) => void;
  /** What matches no field: shown in the dialog's alert. */
  setProblem: (problem: FormProblem) => void;
}

/**
 * Puts a refusal on the form: `custom_fields.<key>` errors on the custom field inputs, the others on their fields, and
 * what matches no field (or a problem without field errors) in the dialog's alert.
 */
export function applyFormProblem<T extends FieldValues>(
  thrown: unknown,
  { setError, fields, setCustomErrors, setProblem }: ApplyFormProblemOptions<T>,
): void {
  const error = toApiError(thrown);
  const custom = setCustomErrors ? error.errors.filter(isCustomFieldError) : [];
  if (setCustomErrors) setCustomErrors(customFieldErrors(error));
  const rest = custom.length > 0 ? error.withErrors(error.errors.filter((item) => !isCustomFieldError(item))) : error;
  if (custom.length > 0 && rest.errors.length === 0) return;
  applyProblemToForm(rest, {
    setError,
    fields,
    notify: (refused, unmatched) => {
      setProblem({ error: refused, unmatched });
    },
  });
}
