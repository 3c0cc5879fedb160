import { MultiSelect, NumberInput, Select, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../ui/QueryError';
import type { CustomField } from './customFieldsApi';
import { PersonSelect } from './PersonSelect';
import { useCustomFieldDefinitions } from './useCustomFieldDefinitions';

// Part of this component's contract: the forms that embed the inputs read the API's refusals with it.
// eslint-disable-next-line react-refresh/only-export-components -- a plain function, re-exported for the forms' convenience
export { customFieldErrors } from './customFieldsApi';

export interface CustomFieldInputsProps {
  /** The linkable type whose fields are shown (`asset`, …). */
  entityType: string;
  /** The record's custom field values by key; an empty input sets its key to null (the API then stores nothing). */
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  /** Messages by key, e.g. from {@link customFieldErrors} of a refused save. */
  errors?: Record<string, string>;
}

/** The fields one input needs to know about its definition. */
export type CustomFieldInputDefinition = Pick<CustomField, 'key' | 'type' | 'label' | 'help' | 'required' | 'options'>;

export interface CustomFieldInputProps {
  definition: CustomFieldInputDefinition;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string;
  /** Replaces the definition's help under the label. */
  description?: string;
  disabled?: boolean;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Empty text is no value: the API stores nothing for null. */
function orNull(value: string): string | null {
  return value === '' ? null : value;
}

/** The definition's options, plus values stored before an option was removed (so that they still show). */
function optionsWith(options: readonly string[], values: readonly string[]): string[] {
  return [...options, ...values.filter((value) => !options.includes(value))];
}

/** One custom field's input, chosen by its type. */
export function CustomFieldInput({ definition, value, onChange, error, description, disabled }: CustomFieldInputProps) {
  const { t } = useTranslation();
  const common = {
    label: definition.label,
    description: description ?? (definition.help || undefined),
    required: definition.required,
    error,
    disabled,
  };
  switch (definition.type) {
    case 'text':
      return (
        <TextInput
          {...common}
          value={text(value)}
          maxLength={1000}
          onChange={(event) => {
            onChange(orNull(event.currentTarget.value));
          }}
        />
      );
    case 'long_text':
      return (
        <Textarea
          {...common}
          value={text(value)}
          maxLength={20000}
          rows={3}
          resize="vertical"
          onChange={(event) => {
            onChange(orNull(event.currentTarget.value));
          }}
        />
      );
    case 'url':
      return (
        <TextInput
          {...common}
          type="url"
          value={text(value)}
          maxLength={2000}
          placeholder="https://"
          spellCheck={false}
          autoCapitalize="none"
          onChange={(event) => {
            onChange(orNull(event.currentTarget.value.trim()));
          }}
        />
      );
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          min={-1e15}
          max={1e15}
          onChange={(next) => {
            if (typeof next === 'number') onChange(next);
            else if (next.trim() === '') onChange(null);
            else {
              const parsed = Number(next);
              onChange(Number.isFinite(parsed) ? parsed : next);
            }
          }}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={text(value)}
          onChange={(event) => {
            onChange(orNull(event.currentTarget.value));
          }}
        />
      );
    case 'boolean':
      return (
        <Switch
          label={definition.label}
          description={common.description}
          error={error}
          disabled={disabled}
          checked={value === true}
          onChange={(event) => {
            onChange(event.currentTarget.checked);
          }}
        />
      );
    case 'select': {
      const current = typeof value === 'string' && value !== '' ? value : null;
      return (
        <Select
          {...common}
          data={optionsWith(definition.options, current === null ? [] : [current])}
          value={current}
          onChange={(next) => {
            onChange(next);
          }}
          searchable={definition.options.length > 10}
          clearable={!definition.required}
          clearButtonProps={{ 'aria-label': t('customFields.inputs.clear', { field: definition.label }), 'aria-hidden': false, tabIndex: 0 }}
          nothingFoundMessage={t('customFields.inputs.noOption')}
          comboboxProps={{ withinPortal: true }}
        />
      );
    }
    case 'multi_select': {
      const current = list(value);
      return (
        <MultiSelect
          {...common}
          data={optionsWith(definition.options, current)}
          value={current}
          onChange={(next) => {
            onChange(next.length === 0 ? null : next);
          }}
          searchable={definition.options.length > 10}
          nothingFoundMessage={t('customFields.inputs.noOption')}
          comboboxProps={{ withinPortal: true }}
        />
      );
    }
    case 'user':
      return (
        <PersonSelect
          label={definition.label}
          description={common.description}
          required={definition.required}
          error={error}
          disabled={disabled}
          value={typeof value === 'string' && value !== '' ? value : null}
          onChange={onChange}
        />
      );
  }
}

/**
 * The inputs of an entity type's active custom fields, in form order, each by its type, with the definition's label,
 * help and required mark and the error of its key. Nothing when the type has no custom field.
 */
export function CustomFieldInputs({ entityType, value, onChange, errors = {} }: CustomFieldInputsProps) {
  const { t } = useTranslation();
  const definitions = useCustomFieldDefinitions(entityType);
  if (definitions.isError) {
    return (
      <QueryError
        error={definitions.error}
        title={t('customFields.inputs.loadFailed')}
        onRetry={() => void definitions.refetch()}
      />
    );
  }
  const fields = definitions.data ?? [];
  if (fields.length === 0) return null;
  return (
    <Stack gap="md" data-testid="custom-field-inputs">
      {fields.map((definition) => (
        <CustomFieldInput
          key={definition.id}
          definition={definition}
          value={value[definition.key]}
          error={errors[definition.key]}
          onChange={(next) => {
            onChange({ ...value, [definition.key]: next });
          }}
        />
      ))}
    </Stack>
  );
}
