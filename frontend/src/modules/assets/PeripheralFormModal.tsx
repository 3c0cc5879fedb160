import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Fieldset, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { Controller, useForm, type UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { useOrganization } from '../../lib/deployment';
import { currencyOptions } from '../../lib/intl';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { CustomFieldInputs } from '../data/CustomFieldInputs';
import { TagPicker } from '../data/TagPicker';
import { allAssetModelsQueryOptions, allLocationsQueryOptions, versionedEtag } from './assetsApi';
import { ConflictAlert } from './ConflictAlert';
import { applyFormProblem, type CustomFieldErrors, type FormProblem } from './formProblems';
import { ItemSelect } from './ItemPicker';
import { modelOptions } from './modelOptions';
import {
  buildPeripheralPatch,
  createPeripheralSchema,
  emptyPeripheralValues,
  PERIPHERAL_FORM_FIELDS,
  type PeripheralFormValues,
  toPeripheralCreate,
  toPeripheralValues,
} from './peripheralForm';
import { type Peripheral, useCreatePeripheral, useUpdatePeripheral } from './peripheralsApi';

interface PeripheralFormProps {
  initial: PeripheralFormValues;
  /** The attached asset's name, when known. */
  assetName?: string | null;
  label: string;
  submitLabel: string;
  disabled?: boolean;
  customErrors: CustomFieldErrors;
  onSubmit: (values: PeripheralFormValues, form: { setError: UseFormSetError<PeripheralFormValues> }) => Promise<void>;
  onCancel: () => void;
}

function PeripheralForm({
  initial,
  assetName,
  label,
  submitLabel,
  disabled = false,
  customErrors,
  onSubmit,
  onCancel,
}: PeripheralFormProps) {
  const { t, i18n } = useTranslation();
  const schema = useMemo(() => createPeripheralSchema(t), [t]);
  const form = useForm<PeripheralFormValues>({ resolver: zodResolver(schema), defaultValues: initial, mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const models = useQuery(allAssetModelsQueryOptions());
  const locations = useQuery(allLocationsQueryOptions());
  const currencies = useMemo(() => currencyOptions(i18n.language, initial.currency), [i18n.language, initial.currency]);
  const modelData = useMemo(() => {
    const groups = modelOptions(models.data);
    if (initial.model_id && !(models.data ?? []).some((model) => model.id === initial.model_id)) {
      groups.push({ group: t('assets.form.otherModels'), items: [{ value: initial.model_id, label: initial.model_id }] });
    }
    return groups;
  }, [models.data, initial.model_id, t]);
  const locationData = useMemo(() => {
    const options = (locations.data ?? []).map((location) => ({ value: location.id, label: location.name }));
    if (initial.location_id && !options.some((option) => option.value === initial.location_id)) {
      options.push({ value: initial.location_id, label: initial.location_id });
    }
    return options;
  }, [locations.data, initial.location_id]);

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
        <TextInput
          {...form.register('name')}
          label={t('assets.fields.name')}
          maxLength={200}
          required
          data-autofocus
          error={errors.name?.message}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            {...form.register('serial')}
            label={t('assets.fields.serial')}
            maxLength={128}
            spellCheck={false}
            error={errors.serial?.message}
          />
          <Controller
            control={form.control}
            name="model_id"
            render={({ field, fieldState }) => (
              <Select
                ref={field.ref}
                label={t('assets.fields.model')}
                placeholder={t('assets.form.noModel')}
                data={modelData}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                searchable
                clearable
                clearButtonProps={{ 'aria-label': t('assets.form.clearModel') }}
                nothingFoundMessage={t('assets.form.noModelFound')}
                error={fieldState.error?.message}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          />
          <Controller
            control={form.control}
            name="asset_id"
            render={({ field, fieldState }) => (
              <ItemSelect
                kind="asset"
                label={t('inventoryAssets.peripherals.attachedTo')}
                description={t('inventoryAssets.peripherals.attachedToDescription')}
                placeholder={t('inventoryAssets.peripherals.notAttached')}
                value={field.value}
                valueLabel={field.value === initial.asset_id ? assetName : undefined}
                onChange={field.onChange}
                error={fieldState.error?.message}
              />
            )}
          />
          <Controller
            control={form.control}
            name="location_id"
            render={({ field, fieldState }) => (
              <Select
                ref={field.ref}
                label={t('assets.fields.location')}
                placeholder={t('assets.form.noLocation')}
                data={locationData}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                searchable
                clearable
                clearButtonProps={{ 'aria-label': t('assets.form.clearLocation') }}
                error={fieldState.error?.message}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          />
        </SimpleGrid>

        <Fieldset legend={t('assets.form.purchase')} variant="unstyled">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              {...form.register('purchase_date')}
              type="date"
              label={t('assets.fields.purchase_date')}
              error={errors.purchase_date?.message}
            />
            <TextInput
              {...form.register('supplier_name')}
              label={t('assets.fields.supplier_name')}
              maxLength={200}
              error={errors.supplier_name?.message}
            />
            <TextInput
              {...form.register('cost')}
              label={t('assets.fields.cost')}
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
                  label={t('assets.fields.currency')}
                  data={currencies}
                  value={field.value || null}
                  onChange={(value) => {
                    field.onChange(value ?? '');
                  }}
                  onBlur={field.onBlur}
                  searchable
                  clearable
                  clearButtonProps={{ 'aria-label': t('assets.form.clearCurrency') }}
                  error={fieldState.error?.message}
                  comboboxProps={{ withinPortal: true }}
                />
              )}
            />
            <Controller
              control={form.control}
              name="warranty_months"
              render={({ field, fieldState }) => (
                <NumberInput
                  ref={field.ref}
                  label={t('assets.fields.warranty_months')}
                  value={field.value}
                  onChange={(value) => {
                    field.onChange(typeof value === 'number' ? value : '');
                  }}
                  onBlur={field.onBlur}
                  min={0}
                  max={240}
                  allowDecimal={false}
                  allowNegative={false}
                  error={fieldState.error?.message}
                />
              )}
            />
          </SimpleGrid>
        </Fieldset>

        <Textarea
          {...form.register('notes')}
          label={t('inventoryAssets.fields.notes')}
          rows={2}
          maxLength={10_000}
          error={errors.notes?.message}
        />
        <Controller
          control={form.control}
          name="tag_ids"
          render={({ field, fieldState }) => (
            <TagPicker
              label={t('assets.fields.tags')}
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={form.control}
          name="custom_fields"
          render={({ field }) => (
            <CustomFieldInputs entityType="peripheral" value={field.value} onChange={field.onChange} errors={customErrors} />
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

/** Adds a peripheral (it starts in stock), then opens its page. */
export function CreatePeripheralModal({
  opened,
  onClose,
  assetId = null,
  assetName,
}: {
  opened: boolean;
  onClose: () => void;
  /** Attached to this asset from the start (added from the asset's page). */
  assetId?: string | null;
  assetName?: string;
}) {
  const { t } = useTranslation();
  const create = useCreatePeripheral();
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
    <Modal opened={opened} onClose={close} title={t('inventoryAssets.peripherals.createTitle')} size="xl" centered>
      <Stack gap="md">
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <PeripheralForm
          initial={emptyPeripheralValues(organization.data?.data.settings.base_currency ?? '', assetId)}
          assetName={assetName}
          label={t('inventoryAssets.peripherals.createTitle')}
          submitLabel={t('inventoryAssets.peripherals.createSubmit')}
          customErrors={customErrors}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            setCustomErrors({});
            try {
              const created = await create.mutateAsync(toPeripheralCreate(values));
              notifications.show({ color: 'green', message: t('inventoryAssets.peripherals.created', { name: created.name }) });
              close();
              void navigate({ to: '/assets/peripherals/$id', params: { id: created.id } });
            } catch (thrown) {
              applyFormProblem(thrown, { setError, fields: PERIPHERAL_FORM_FIELDS, setCustomErrors, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}

/** Changes the peripheral's details with a merge patch of what changed and the If-Match of the version shown. */
export function EditPeripheralModal({
  opened,
  peripheral,
  reload,
  onClose,
}: {
  opened: boolean;
  peripheral: Versioned<Peripheral>;
  reload: () => Promise<Versioned<Peripheral> | undefined>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdatePeripheral(peripheral.data.id);
  const [baseline, setBaseline] = useState(peripheral);
  const [conflict, setConflict] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [customErrors, setCustomErrors] = useState<CustomFieldErrors>({});
  const original = useMemo(() => toPeripheralValues(baseline.data), [baseline.data]);
  const close = () => {
    setProblem(null);
    setConflict(false);
    setCustomErrors({});
    onClose();
  };
  const title = t('inventoryAssets.peripherals.editTitle', { name: baseline.data.name });
  return (
    <Modal opened={opened} onClose={close} title={title} size="xl" centered>
      <Stack gap="md">
        {conflict ? (
          <ConflictAlert
            body={t('assets.edit.conflictBody')}
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
        <PeripheralForm
          key={baseline.data.version}
          initial={original}
          assetName={baseline.data.asset_name}
          label={title}
          submitLabel={t('common.save')}
          disabled={conflict}
          customErrors={customErrors}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            setCustomErrors({});
            const patch = buildPeripheralPatch(original, values);
            if (!patch) {
              notifications.show({ message: t('assets.edit.noChanges') });
              close();
              return;
            }
            try {
              const saved = await update.mutateAsync({ patch, etag: versionedEtag(baseline) });
              notifications.show({ color: 'green', message: t('assets.edit.done', { name: saved.data.name }) });
              setBaseline(saved);
              close();
            } catch (thrown) {
              const error = toApiError(thrown);
              if (error.isPreconditionFailed) {
                setConflict(true);
                return;
              }
              applyFormProblem(error, { setError, fields: PERIPHERAL_FORM_FIELDS, setCustomErrors, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}
