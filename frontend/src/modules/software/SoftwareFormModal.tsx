import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { Controller, useForm, type UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { versionedEtag } from '../assets/assetsApi';
import { ConflictAlert } from '../assets/ConflictAlert';
import { applyFormProblem, type CustomFieldErrors, type FormProblem } from '../assets/formProblems';
import { CustomFieldInputs } from '../data/CustomFieldInputs';
import { PersonSelect } from '../data/PersonSelect';
import { TagPicker } from '../data/TagPicker';
import { groupOptionsQueryOptions, SOFTWARE_CATEGORIES, type Software, useCreateSoftware, useUpdateSoftware } from './softwareApi';
import {
  buildSoftwarePatch,
  createSoftwareSchema,
  emptySoftwareValues,
  SOFTWARE_FORM_FIELDS,
  type SoftwareFormValues,
  toSoftwareCreate,
  toSoftwareValues,
} from './softwareForm';

/**
 * The owning team. The groups list needs administration read: without it the current team is shown by name and
 * cannot be changed here.
 */
export function GroupSelect({
  label,
  value,
  valueLabel,
  onChange,
  error,
  placeholder,
}: {
  label: string;
  value: string | null;
  valueLabel?: string | null;
  onChange: (value: string | null) => void;
  error?: string;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me.data, 'administration', 'read');
  const groups = useQuery({ ...groupOptionsQueryOptions(), enabled: allowed });
  const options = [...(groups.data ?? [])];
  if (value && !options.some((option) => option.value === value)) options.push({ value, label: valueLabel ?? value });
  return (
    <Select
      label={label}
      description={allowed ? undefined : t('software.form.groupNeedsAdmin')}
      placeholder={placeholder ?? t('software.form.noGroup')}
      data={options}
      value={value}
      onChange={onChange}
      disabled={!allowed}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('software.form.clearGroup') }}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

interface SoftwareFormProps {
  initial: SoftwareFormValues;
  groupName?: string | null;
  label: string;
  submitLabel: string;
  disabled?: boolean;
  customErrors: CustomFieldErrors;
  onSubmit: (values: SoftwareFormValues, form: { setError: UseFormSetError<SoftwareFormValues> }) => Promise<void>;
  onCancel: () => void;
}

function SoftwareForm({ initial, groupName, label, submitLabel, disabled = false, customErrors, onSubmit, onCancel }: SoftwareFormProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => createSoftwareSchema(t), [t]);
  const form = useForm<SoftwareFormValues>({ resolver: zodResolver(schema), defaultValues: initial, mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit((values) => onSubmit(values, { setError: form.setError }));
  return (
    <form
      noValidate
      aria-label={label}
      onSubmit={(event) => {
        void submit(event);
      }}
    >
      <Stack gap="md">
        <TextInput {...form.register('name')} label={t('software.fields.name')} maxLength={200} required data-autofocus error={errors.name?.message} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput {...form.register('publisher')} label={t('software.fields.publisher')} maxLength={200} error={errors.publisher?.message} />
          <Controller
            control={form.control}
            name="category"
            render={({ field, fieldState }) => (
              <Select
                ref={field.ref}
                label={t('software.fields.category')}
                data={SOFTWARE_CATEGORIES.map((category) => ({ value: category, label: t(`software.category.${category}`) }))}
                value={field.value}
                onChange={(value) => {
                  field.onChange(value ?? 'other');
                }}
                onBlur={field.onBlur}
                allowDeselect={false}
                error={fieldState.error?.message}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          />
          <Controller
            control={form.control}
            name="owner_user_id"
            render={({ field, fieldState }) => (
              <PersonSelect
                label={t('software.fields.owner_user')}
                description={t('software.form.ownerDescription')}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                error={fieldState.error?.message}
              />
            )}
          />
          <Controller
            control={form.control}
            name="owner_group_id"
            render={({ field, fieldState }) => (
              <GroupSelect
                label={t('software.fields.owner_group')}
                value={field.value}
                valueLabel={field.value === initial.owner_group_id ? groupName : undefined}
                onChange={field.onChange}
                error={fieldState.error?.message}
              />
            )}
          />
          <TextInput {...form.register('supplier_name')} label={t('software.fields.supplier_name')} maxLength={200} error={errors.supplier_name?.message} />
          <TextInput
            {...form.register('website')}
            type="url"
            label={t('software.fields.website')}
            placeholder="https://"
            maxLength={500}
            error={errors.website?.message}
          />
        </SimpleGrid>
        <Textarea {...form.register('notes')} label={t('software.fields.notes')} rows={2} maxLength={10_000} error={errors.notes?.message} />
        <Controller
          control={form.control}
          name="tag_ids"
          render={({ field, fieldState }) => (
            <TagPicker label={t('software.fields.tags')} value={field.value} onChange={field.onChange} error={fieldState.error?.message} />
          )}
        />
        <Controller
          control={form.control}
          name="custom_fields"
          render={({ field }) => (
            <CustomFieldInputs entityType="software" value={field.value} onChange={field.onChange} errors={customErrors} />
          )}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSubmitting} disabled={disabled}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Adds a product to the catalogue, then opens its page. */
export function CreateSoftwareModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateSoftware();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [customErrors, setCustomErrors] = useState<CustomFieldErrors>({});
  const close = () => {
    setProblem(null);
    setCustomErrors({});
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('software.create.title')} size="xl" centered>
      <Stack gap="md">
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <SoftwareForm
          initial={emptySoftwareValues()}
          label={t('software.create.title')}
          submitLabel={t('software.create.submit')}
          customErrors={customErrors}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            setCustomErrors({});
            try {
              const created = await create.mutateAsync(toSoftwareCreate(values));
              notifications.show({ color: 'green', message: t('software.create.done', { name: created.name }) });
              close();
              void navigate({ to: '/assets/software/$id', params: { id: created.id } });
            } catch (thrown) {
              applyFormProblem(thrown, { setError, fields: SOFTWARE_FORM_FIELDS, setCustomErrors, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}

/** Changes a product with a merge patch of what changed and the If-Match of the version shown. */
export function EditSoftwareModal({
  opened,
  software,
  reload,
  onClose,
}: {
  opened: boolean;
  software: Versioned<Software>;
  reload: () => Promise<Versioned<Software> | undefined>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateSoftware(software.data.id);
  const [baseline, setBaseline] = useState(software);
  const [conflict, setConflict] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [customErrors, setCustomErrors] = useState<CustomFieldErrors>({});
  const original = useMemo(() => toSoftwareValues(baseline.data), [baseline.data]);
  const close = () => {
    setProblem(null);
    setConflict(false);
    setCustomErrors({});
    onClose();
  };
  const title = t('software.edit.title', { name: baseline.data.name });
  return (
    <Modal opened={opened} onClose={close} title={title} size="xl" centered>
      <Stack gap="md">
        {conflict ? (
          <ConflictAlert
            body={t('software.edit.conflictBody')}
            onReload={async () => {
              const fresh = await reload();
              if (fresh) {
                setBaseline(fresh);
                setConflict(false);
              }
            }}
          />
        ) : null}
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <SoftwareForm
          key={baseline.data.version}
          initial={original}
          groupName={baseline.data.owner_group_name}
          label={title}
          submitLabel={t('common.save')}
          disabled={conflict}
          customErrors={customErrors}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            setCustomErrors({});
            const patch = buildSoftwarePatch(original, values);
            if (!patch) {
              notifications.show({ message: t('software.edit.noChanges') });
              close();
              return;
            }
            try {
              const saved = await update.mutateAsync({ patch, etag: versionedEtag(baseline) });
              notifications.show({ color: 'green', message: t('software.edit.done', { name: saved.data.name }) });
              setBaseline(saved);
              close();
            } catch (thrown) {
              const error = toApiError(thrown);
              if (error.isPreconditionFailed) {
                setConflict(true);
                return;
              }
              applyFormProblem(error, { setError, fields: SOFTWARE_FORM_FIELDS, setCustomErrors, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}
