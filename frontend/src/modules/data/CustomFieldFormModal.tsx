import {
  Button,
  Code,
  DataList,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { type ApiError, applyProblemToForm, type FieldError } from '../../lib/api';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { CustomFieldInput } from './CustomFieldInputs';
import {
  buildCustomFieldPatch,
  createCustomFieldSchema,
  CUSTOM_FIELD_FORM_FIELDS,
  type CustomFieldFormValues,
  emptyCustomFieldValues,
  toCustomFieldCreate,
  toCustomFieldValues,
} from './customFieldForm';
import {
  CUSTOM_FIELD_TYPES,
  type CustomField,
  type CustomFieldType,
  hasOptions,
  useCreateCustomField,
  useUpdateCustomField,
} from './customFieldsApi';
import { linkableTypesQueryOptions } from './dataApi';

interface DefaultValueInputProps {
  type: CustomFieldType;
  options: string[];
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string;
}

/** The default of the field as an input of its own type; a yes/no field may also have none, a person field never has. */
function DefaultValueInput({ type, options, value, onChange, error }: DefaultValueInputProps) {
  const { t } = useTranslation();
  const label = t('customFields.fields.default');
  const description = t('customFields.form.defaultDescription');
  if (type === 'user') {
    return (
      <Text size="sm" c="dimmed">
        {t('customFields.form.userNoDefault')}
      </Text>
    );
  }
  if (type === 'boolean') {
    return (
      <Select
        label={label}
        description={description}
        placeholder={t('customFields.form.noDefault')}
        data={[
          { value: 'true', label: t('customFields.values.yes') },
          { value: 'false', label: t('customFields.values.no') },
        ]}
        value={value === true ? 'true' : value === false ? 'false' : null}
        onChange={(next) => {
          onChange(next === null ? null : next === 'true');
        }}
        clearable
        clearButtonProps={{ 'aria-label': t('customFields.inputs.clear', { field: label }), 'aria-hidden': false, tabIndex: 0 }}
        error={error}
        comboboxProps={{ withinPortal: true }}
      />
    );
  }
  return (
    <CustomFieldInput
      definition={{ key: 'default', type, label, help: '', required: false, options }}
      description={description}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}

function Fixed({ field }: { field: CustomField }) {
  const { t } = useTranslation();
  const types = useQuery(linkableTypesQueryOptions());
  const typeLabel = types.data?.find((type) => type.name === field.entity_type)?.label ?? field.entity_type;
  return (
    <Stack gap={4}>
      <DataList size="sm" gap={4} labelWidth="8rem">
        <DataList.Item>
          <DataList.ItemLabel>{t('customFields.fields.entityType')}</DataList.ItemLabel>
          <DataList.ItemValue>{typeLabel}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('customFields.fields.key')}</DataList.ItemLabel>
          <DataList.ItemValue>
            <Code>{field.key}</Code>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t('customFields.fields.type')}</DataList.ItemLabel>
          <DataList.ItemValue>{t(`customFields.types.${field.type}`)}</DataList.ItemValue>
        </DataList.Item>
      </DataList>
      <Text size="xs" c="dimmed">
        {t('customFields.form.fixed')}
      </Text>
    </Stack>
  );
}

interface CustomFieldFormProps {
  /** Editing this definition; creating one when absent. */
  field?: CustomField;
  /** The record type a new field starts with. */
  entityType: string;
  onDone: () => void;
}

function CustomFieldForm({ field, entityType, onDone }: CustomFieldFormProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => createCustomFieldSchema(t), [t]);
  const form = useForm<CustomFieldFormValues>({
    resolver: zodResolver(schema),
    defaultValues: field ? toCustomFieldValues(field) : emptyCustomFieldValues(entityType),
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<{ error: ApiError; unmatched: FieldError[] } | null>(null);
  const types = useQuery(linkableTypesQueryOptions());
  const create = useCreateCustomField();
  const update = useUpdateCustomField();
  const [type, options] = useWatch({ control: form.control, name: ['type', 'options'] });
  const title = field ? t('customFields.edit.title', { name: field.label }) : t('customFields.create.title');
  const entityTypes = (types.data ?? [])
    .filter((candidate) => candidate.custom_fields)
    .map((candidate) => ({ value: candidate.name, label: candidate.label }));

  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      if (field) {
        const patch = buildCustomFieldPatch(field, values);
        if (!patch) {
          notifications.show({ message: t('customFields.edit.noChanges') });
          onDone();
          return;
        }
        const saved = await update.mutateAsync({ field, patch });
        notifications.show({ color: 'green', message: t('customFields.edit.saved', { name: saved.label }) });
      } else {
        const created = await create.mutateAsync(toCustomFieldCreate(values));
        notifications.show({ color: 'green', message: t('customFields.create.done', { name: created.label }) });
      }
      onDone();
    } catch (thrown) {
      applyProblemToForm(thrown, {
        setError: form.setError,
        fields: CUSTOM_FIELD_FORM_FIELDS,
        notify: (error, unmatched) => {
          setProblem({ error, unmatched });
        },
      });
    }
  });

  return (
    <form
      noValidate
      aria-label={title}
      onSubmit={(event) => {
        void submit(event);
      }}
    >
      <Stack gap="md">
        {field ? (
          <Fixed field={field} />
        ) : (
          <>
            <Controller
              control={form.control}
              name="entity_type"
              render={({ field: input, fieldState }) => (
                <Select
                  ref={input.ref}
                  label={t('customFields.fields.entityType')}
                  data={entityTypes}
                  value={input.value || null}
                  onChange={(next) => {
                    input.onChange(next ?? '');
                  }}
                  onBlur={input.onBlur}
                  allowDeselect={false}
                  required
                  error={fieldState.error?.message}
                  comboboxProps={{ withinPortal: true }}
                />
              )}
            />
            <TextInput
              {...form.register('key')}
              label={t('customFields.fields.key')}
              description={t('customFields.form.keyDescription')}
              placeholder="cost_centre"
              maxLength={40}
              spellCheck={false}
              autoCapitalize="none"
              autoComplete="off"
              required
              data-autofocus
              error={errors.key?.message}
            />
            <Controller
              control={form.control}
              name="type"
              render={({ field: input, fieldState }) => (
                <Select
                  ref={input.ref}
                  label={t('customFields.fields.type')}
                  description={t('customFields.form.typeDescription')}
                  data={CUSTOM_FIELD_TYPES.map((value) => ({ value, label: t(`customFields.types.${value}`) }))}
                  value={input.value}
                  onChange={(next) => {
                    if (!next) return;
                    input.onChange(next);
                    // A default of the former type means nothing for the new one.
                    form.setValue('default', null);
                  }}
                  onBlur={input.onBlur}
                  allowDeselect={false}
                  required
                  error={fieldState.error?.message}
                  comboboxProps={{ withinPortal: true }}
                />
              )}
            />
          </>
        )}
        <TextInput
          {...form.register('label')}
          label={t('customFields.fields.label')}
          description={t('customFields.form.labelDescription')}
          maxLength={100}
          required
          data-autofocus={field ? true : undefined}
          error={errors.label?.message}
        />
        <Textarea
          {...form.register('help')}
          label={t('customFields.fields.help')}
          description={t('customFields.form.helpDescription')}
          maxLength={500}
          rows={2}
          resize="vertical"
          error={errors.help?.message}
        />
        <Controller
          control={form.control}
          name="required"
          render={({ field: input }) => (
            <Switch
              ref={input.ref}
              label={t('customFields.fields.required')}
              description={t('customFields.form.requiredDescription')}
              checked={input.value}
              onChange={(event) => {
                input.onChange(event.currentTarget.checked);
              }}
              onBlur={input.onBlur}
            />
          )}
        />
        {hasOptions(type) ? (
          <Controller
            control={form.control}
            name="options"
            render={({ field: input, fieldState }) => (
              <TagsInput
                ref={input.ref}
                label={t('customFields.fields.options')}
                description={t('customFields.form.optionsDescription')}
                placeholder={t('customFields.form.optionsPlaceholder')}
                value={input.value}
                onChange={input.onChange}
                onBlur={input.onBlur}
                maxTags={100}
                splitChars={[]}
                required
                clearable
                clearButtonProps={{
                  'aria-label': t('customFields.form.clearOptions'),
                  'aria-hidden': false,
                  tabIndex: 0,
                }}
                error={fieldState.error?.message ?? errors.options?.root?.message}
              />
            )}
          />
        ) : null}
        <Controller
          control={form.control}
          name="default"
          render={({ field: input, fieldState }) => (
            <DefaultValueInput
              key={type}
              type={type}
              options={options}
              value={input.value}
              onChange={input.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={form.control}
          name="position"
          render={({ field: input, fieldState }) => (
            <NumberInput
              ref={input.ref}
              label={t('customFields.fields.position')}
              description={field ? t('customFields.form.positionDescription') : t('customFields.form.positionNewDescription')}
              value={input.value}
              onChange={(next) => {
                input.onChange(typeof next === 'number' ? next : next.trim() === '' ? '' : Number(next));
              }}
              onBlur={input.onBlur}
              min={0}
              max={10000}
              allowDecimal={false}
              allowNegative={false}
              error={fieldState.error?.message}
            />
          )}
        />
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        {problem?.error.isPreconditionFailed ? <Text size="sm">{t('customFields.conflict')}</Text> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {field ? t('common.save') : t('customFields.create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export interface CustomFieldFormModalProps {
  opened: boolean;
  field?: CustomField;
  entityType: string;
  onClose: () => void;
}

/** Creates a custom field of a record type, or changes one (not its type, key or record type). */
export function CustomFieldFormModal({ opened, field, entityType, onClose }: CustomFieldFormModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={field ? t('customFields.edit.title', { name: field.label }) : t('customFields.create.title')}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <CustomFieldForm key={field?.id ?? 'new'} field={field} entityType={entityType} onDone={onClose} /> : null}
    </Modal>
  );
}
