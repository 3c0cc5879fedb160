import { zodResolver } from '@hookform/resolvers/zod';
import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { Controller, useForm, type UseFormSetError, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { useOrganization } from '../../lib/deployment';
import { currencyOptions } from '../../lib/intl';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { versionedEtag } from '../assets/assetsApi';
import { ConflictAlert } from '../assets/ConflictAlert';
import { applyFormProblem, type CustomFieldErrors, type FormProblem } from '../assets/formProblems';
import { CustomFieldInputs } from '../data/CustomFieldInputs';
import { TagPicker } from '../data/TagPicker';
import { type Licence, softwareOptionsQueryOptions, useCreateLicence, useUpdateLicence } from './softwareApi';
import {
  buildLicencePatch,
  createLicenceSchema,
  emptyLicenceValues,
  LICENCE_FORM_FIELDS,
  type LicenceFormValues,
  toLicenceCreate,
  toLicenceValues,
} from './softwareForm';

interface LicenceFormProps {
  initial: LicenceFormValues;
  /** The licence being edited: its software is fixed and its key is write-only. */
  editing?: Licence;
  softwareName?: string;
  label: string;
  submitLabel: string;
  disabled?: boolean;
  customErrors: CustomFieldErrors;
  onSubmit: (values: LicenceFormValues, form: { setError: UseFormSetError<LicenceFormValues> }) => Promise<void>;
  onCancel: () => void;
}

function LicenceForm({ initial, editing, softwareName, label, submitLabel, disabled = false, customErrors, onSubmit, onCancel }: LicenceFormProps) {
  const { t, i18n } = useTranslation();
  const schema = useMemo(() => createLicenceSchema(t), [t]);
  const form = useForm<LicenceFormValues>({ resolver: zodResolver(schema), defaultValues: initial, mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const unlimited = useWatch({ control: form.control, name: 'unlimited' });
  const removeKey = useWatch({ control: form.control, name: 'remove_key' });
  const products = useQuery({ ...softwareOptionsQueryOptions(''), enabled: !editing });
  const currencies = useMemo(() => currencyOptions(i18n.language, initial.currency), [i18n.language, initial.currency]);
  const softwareData = useMemo(() => {
    const options = (products.data ?? []).map((software) => ({ value: software.id, label: software.name }));
    if (initial.software_id && !options.some((option) => option.value === initial.software_id)) {
      options.push({ value: initial.software_id, label: softwareName ?? initial.software_id });
    }
    return options;
  }, [products.data, initial.software_id, softwareName]);
  const keyDescription = editing
    ? editing.has_key
      ? t('software.form.keyKeep', { hint: editing.key_hint || t('software.key.stored') })
      : t('software.form.keyNone')
    : t('software.form.keyNew');

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
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Controller
            control={form.control}
            name="software_id"
            render={({ field, fieldState }) => (
              <Select
                ref={field.ref}
                label={t('software.fields.software')}
                placeholder={t('software.form.chooseSoftware')}
                data={softwareData}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                required
                disabled={Boolean(editing)}
                searchable
                nothingFoundMessage={t('software.form.noSoftwareFound')}
                error={fieldState.error?.message}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          />
          <TextInput {...form.register('name')} label={t('software.fields.name')} maxLength={200} required data-autofocus error={errors.name?.message} />
        </SimpleGrid>
        <PasswordInput
          {...form.register('licence_key')}
          label={t('software.fields.licence_key')}
          description={keyDescription}
          autoComplete="off"
          spellCheck={false}
          maxLength={4000}
          disabled={removeKey}
          error={errors.licence_key?.message}
        />
        {editing?.has_key ? <Checkbox {...form.register('remove_key')} label={t('software.form.removeKey')} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Controller
            control={form.control}
            name="seats"
            render={({ field, fieldState }) => (
              <NumberInput
                ref={field.ref}
                label={t('software.fields.seats')}
                value={unlimited ? '' : field.value}
                onChange={(value) => {
                  field.onChange(typeof value === 'number' ? value : '');
                }}
                onBlur={field.onBlur}
                min={1}
                max={1_000_000}
                allowDecimal={false}
                allowNegative={false}
                disabled={unlimited}
                required={!unlimited}
                error={fieldState.error?.message}
              />
            )}
          />
          <Controller
            control={form.control}
            name="unlimited"
            render={({ field }) => (
              <Switch
                mt={{ sm: 'xl' }}
                label={t('software.form.unlimited')}
                checked={field.value}
                onChange={(event) => {
                  field.onChange(event.currentTarget.checked);
                }}
              />
            )}
          />
          <TextInput {...form.register('expires_on')} type="date" label={t('software.fields.expires_on')} error={errors.expires_on?.message} />
          <TextInput {...form.register('purchase_date')} type="date" label={t('software.fields.purchase_date')} error={errors.purchase_date?.message} />
        </SimpleGrid>
        <Fieldset legend={t('software.form.purchase')} variant="unstyled">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput {...form.register('supplier_name')} label={t('software.fields.supplier_name')} maxLength={200} error={errors.supplier_name?.message} />
            <TextInput
              {...form.register('cost')}
              label={t('software.fields.cost')}
              placeholder="29.90"
              inputMode="decimal"
              maxLength={20}
              error={errors.cost?.message}
            />
            <Controller
              control={form.control}
              name="currency"
              render={({ field, fieldState }) => (
                <Select
                  ref={field.ref}
                  label={t('software.fields.currency')}
                  data={currencies}
                  value={field.value || null}
                  onChange={(value) => {
                    field.onChange(value ?? '');
                  }}
                  onBlur={field.onBlur}
                  searchable
                  clearable
                  clearButtonProps={{ 'aria-label': t('software.form.clearCurrency') }}
                  error={fieldState.error?.message}
                  comboboxProps={{ withinPortal: true }}
                />
              )}
            />
          </SimpleGrid>
        </Fieldset>
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
            <CustomFieldInputs entityType="licence" value={field.value} onChange={field.onChange} errors={customErrors} />
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

/** Adds a licence (optionally of a given software), then opens its page. */
export function CreateLicenceModal({
  opened,
  onClose,
  softwareId = null,
  softwareName,
}: {
  opened: boolean;
  onClose: () => void;
  softwareId?: string | null;
  softwareName?: string;
}) {
  const { t } = useTranslation();
  const create = useCreateLicence();
  const navigate = useNavigate();
  const organization = useOrganization();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [customErrors, setCustomErrors] = useState<CustomFieldErrors>({});
  const close = () => {
    setProblem(null);
    setCustomErrors({});
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('software.licences.createTitle')} size="xl" centered>
      <Stack gap="md">
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <LicenceForm
          initial={emptyLicenceValues(organization.data?.data.settings.base_currency ?? '', softwareId)}
          softwareName={softwareName}
          label={t('software.licences.createTitle')}
          submitLabel={t('software.licences.createSubmit')}
          customErrors={customErrors}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            setCustomErrors({});
            try {
              const created = await create.mutateAsync(toLicenceCreate(values));
              notifications.show({ color: 'green', message: t('software.licences.created', { name: created.name }) });
              close();
              void navigate({ to: '/assets/licences/$id', params: { id: created.id } });
            } catch (thrown) {
              applyFormProblem(thrown, { setError, fields: LICENCE_FORM_FIELDS, setCustomErrors, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}

/** Changes a licence: a merge patch of what changed; the key only when a new one is typed or removal is asked. */
export function EditLicenceModal({
  opened,
  licence,
  reload,
  onClose,
}: {
  opened: boolean;
  licence: Versioned<Licence>;
  reload: () => Promise<Versioned<Licence> | undefined>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateLicence(licence.data.id);
  const [baseline, setBaseline] = useState(licence);
  const [conflict, setConflict] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [customErrors, setCustomErrors] = useState<CustomFieldErrors>({});
  const original = useMemo(() => toLicenceValues(baseline.data), [baseline.data]);
  const close = () => {
    setProblem(null);
    setConflict(false);
    setCustomErrors({});
    onClose();
  };
  const title = t('software.licences.editTitle', { name: baseline.data.name });
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
        <LicenceForm
          key={baseline.data.version}
          initial={original}
          editing={baseline.data}
          softwareName={baseline.data.software_name}
          label={title}
          submitLabel={t('common.save')}
          disabled={conflict}
          customErrors={customErrors}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            setCustomErrors({});
            const patch = buildLicencePatch(original, values);
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
              applyFormProblem(error, { setError, fields: LICENCE_FORM_FIELDS, setCustomErrors, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}
