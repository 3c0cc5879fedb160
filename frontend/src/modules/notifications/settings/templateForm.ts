/**
 * The e-mail template editor's form: its values (named like the API's fields, so that the server's 422 field errors
 * land on them), the contract's limits with messages in the UI language, the server's template errors in words, and the
 * language tab in the address (`?locale=fr`).
 */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { type ApiError, type FieldError, normalizeFieldPath } from '../../../lib/api';
import {
  BODY_MAX,
  type EmailTemplate,
  type EmailTemplateInput,
  isTemplateLocale,
  SUBJECT_MAX,
  type TemplateLocale,
} from './notificationSettingsApi';

export const TEMPLATE_FIELDS = ['subject', 'text', 'html'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

export interface TemplateFormValues {
  subject: string;
  text: string;
  html: string;
}

export function createTemplateSchema(t: TFunction) {
  return z.object({
    subject: z
      .string()
      .refine((value) => value.trim() !== '', t('validation.required'))
      .refine((value) => value.length <= SUBJECT_MAX, t('validation.tooLong', { max: SUBJECT_MAX })),
    text: z
      .string()
      .refine((value) => value.trim() !== '', t('validation.required'))
      .refine((value) => value.length <= BODY_MAX, t('validation.tooLong', { max: BODY_MAX })),
    html: z.string().refine((value) => value.length <= BODY_MAX, t('validation.tooLong', { max: BODY_MAX })),
  });
}

export function toTemplateValues(template: EmailTemplate): TemplateFormValues {
  return { subject: template.subject, text: template.text, html: template.html };
}

export function toTemplateInput(values: TemplateFormValues): EmailTemplateInput {
  return { subject: values.subject.trim(), text: values.text, html: values.html };
}

/** True when the preview can be asked for: the contract requires a subject and a text. */
export function isPreviewable(values: TemplateFormValues): boolean {
  return values.subject.trim() !== '' && values.text.trim() !== '';
}

/** `{{.name}}`: how a template names a placeholder. */
export function placeholderToken(name: string): string {
  return `{{.${name}}}`;
}

/** `value` with `token` in place of the characters from `start` to `end`, and where the cursor goes after it. */
export function insertAt(value: string, token: string, start: number, end: number): { value: string; cursor: number } {
  const from = Math.max(0, Math.min(start, value.length));
  const to = Math.max(from, Math.min(end, value.length));
  return { value: value.slice(0, from) + token + value.slice(to), cursor: from + token.length };
}

const PLACEHOLDER_IN_MESSAGE = /\{\{\s*\.([A-Za-z0-9_]+)\s*\}\}/;

/** A template field error in the UI's language when its code is one of the template endpoints' own. */
export function templateErrorMessage(error: FieldError, t: TFunction): string {
  if (error.code === 'invalid_template') {
    return t('notificationSettings.template.errors.invalid_template', { message: error.message });
  }
  if (error.code === 'unknown_placeholder') {
    const name = PLACEHOLDER_IN_MESSAGE.exec(error.message)?.[1];
    if (name !== undefined) {
      return t('notificationSettings.template.errors.unknown_placeholder', { placeholder: placeholderToken(name) });
    }
  }
  return error.message;
}

/** The template field a server error is about, if any. */
export function templateFieldOf(error: FieldError): TemplateField | undefined {
  const field = normalizeFieldPath(error.field).split('.')[0];
  return TEMPLATE_FIELDS.find((candidate) => candidate === field);
}

/** The same problem with its template errors in words (for applyProblemToForm, which shows codes it does not know as sent). */
export function translateTemplateProblem(error: ApiError, t: TFunction): ApiError {
  if (error.errors.length === 0) return error;
  return error.withErrors(error.errors.map((fieldError) => ({ ...fieldError, message: templateErrorMessage(fieldError, t) })));
}

export interface TemplateSearch {
  locale?: TemplateLocale;
}

/** The route's search: only a known template language stays in the address. */
export function validateTemplateSearch(input: Record<string, unknown>): TemplateSearch {
  return isTemplateLocale(input.locale) ? { locale: input.locale } : {};
}
