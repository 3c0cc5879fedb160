/** The custom field definition form: its values, rules, and the request bodies it makes (create, merge patch). */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import {
  CUSTOM_FIELD_KEY,
  CUSTOM_FIELD_TYPES,
  type CustomField,
  type CustomFieldCreate,
  type CustomFieldPatch,
  type CustomFieldType,
  hasOptions,
  isEmptyValue,
} from './customFieldsApi';

export interface CustomFieldFormValues {
  entity_type: string;
  /** Chosen at creation only, like the type: an edit never sends them. */
  key: string;
  type: CustomFieldType;
  label: string;
  help: string;
  required: boolean;
  /** The choices of a select or multi-select field, in the order forms offer them. */
  options: string[];
  /** A value of the field's type; null for none. */
  default: unknown;
  /** Where the field comes in forms (increasing); empty on creation puts it last. */
  position: number | '';
}

export const CUSTOM_FIELD_FORM_FIELDS = [
  'entity_type',
  'key',
  'type',
  'label',
  'help',
  'required',
  'options',
  'default',
  'position',
] as const;

const MAX_POSITION = 10000;

export function createCustomFieldSchema(t: TFunction) {
  return z
    .object({
      entity_type: z.string().min(1, t('validation.required')),
      key: z
        .string()
        .trim()
        .min(1, t('validation.required'))
        .regex(CUSTOM_FIELD_KEY, t('customFields.form.keyInvalid')),
      type: z.enum(CUSTOM_FIELD_TYPES),
      label: z.string().trim().min(1, t('validation.required')).max(100, t('validation.tooLong', { max: 100 })),
      help: z.string().trim().max(500, t('validation.tooLong', { max: 500 })),
      required: z.boolean(),
      options: z
        .array(z.string().trim().min(1).max(100, t('validation.tooLong', { max: 100 })))
        .max(100, t('validation.tooMany', { max: 100 })),
      default: z.unknown(),
      position: z.union([
        z
          .number()
          .int(t('validation.integer'))
          .min(0, t('validation.min', { min: 0 }))
          .max(MAX_POSITION, t('validation.max', { max: MAX_POSITION })),
        z.literal(''),
      ]),
    })
    .superRefine((values, context) => {
      if (hasOptions(values.type) && values.options.length === 0) {
        context.addIssue({ code: 'custom', path: ['options'], message: t('customFields.form.optionsRequired') });
      }
    });
}

export function emptyCustomFieldValues(entityType: string): CustomFieldFormValues {
  return {
    entity_type: entityType,
    key: '',
    type: 'text',
    label: '',
    help: '',
    required: false,
    options: [],
    default: null,
    position: '',
  };
}

export function toCustomFieldValues(field: CustomField): CustomFieldFormValues {
  return {
    entity_type: field.entity_type,
    key: field.key,
    type: field.type,
    label: field.label,
    help: field.help,
    required: field.required,
    options: [...field.options],
    default: field.default ?? null,
    position: field.position,
  };
}

function cleanOptions(options: readonly string[]): string[] {
  return [...new Set(options.map((option) => option.trim()).filter((option) => option !== ''))];
}

/** The default as the API takes it: null for none; a choice only among the options; no default for a user field. */
function cleanDefault(type: CustomFieldType, options: readonly string[], value: unknown): unknown {
  if (type === 'user' || isEmptyValue(value)) return null;
  if (type === 'select') return typeof value === 'string' && options.includes(value) ? value : null;
  if (type === 'multi_select') {
    const chosen = Array.isArray(value) ? options.filter((option) => value.includes(option)) : [];
    return chosen.length > 0 ? chosen : null;
  }
  if (type === 'text' || type === 'long_text' || type === 'url') return typeof value === 'string' ? value.trim() || null : null;
  return value;
}

export function toCustomFieldCreate(values: CustomFieldFormValues): CustomFieldCreate {
  const options = hasOptions(values.type) ? cleanOptions(values.options) : [];
  const fallback = cleanDefault(values.type, options, values.default);
  const help = values.help.trim();
  return {
    entity_type: values.entity_type,
    key: values.key.trim(),
    type: values.type,
    label: values.label.trim(),
    ...(help ? { help } : {}),
    required: values.required,
    ...(hasOptions(values.type) ? { options } : {}),
    ...(fallback !== null ? { default: fallback } : {}),
    ...(values.position !== '' ? { position: values.position } : {}),
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The merge patch from the definition to the form's values (only what changed), or undefined when nothing did. */
export function buildCustomFieldPatch(field: CustomField, values: CustomFieldFormValues): CustomFieldPatch | undefined {
  const patch: CustomFieldPatch = {};
  const label = values.label.trim();
  const help = values.help.trim();
  if (label !== field.label) patch.label = label;
  if (help !== field.help) patch.help = help;
  if (values.required !== field.required) patch.required = values.required;
  const options = hasOptions(field.type) ? cleanOptions(values.options) : field.options;
  if (hasOptions(field.type) && !same(options, field.options)) patch.options = options;
  const fallback = cleanDefault(field.type, options, values.default);
  if (!same(fallback, field.default)) patch.default = fallback;
  if (values.position !== '' && values.position !== field.position) patch.position = values.position;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
