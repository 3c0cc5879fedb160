import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Fieldset, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { Controller, useForm, useWatch, type UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { normalizeFieldPath, toApiError, type Versioned } from '../../lib/api';
import { useOrganization } from '../../lib/deployment';
import { currencyOptions } from '../../lib/intl';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { PersonSelect } from '../data/PersonSelect';
import { TagPicker } from '../data/TagPicker';
import { today } from './assetFormat';
import { versionedEtag } from './assetsApi';
import { ConflictAlert } from './ConflictAlert';
import { applyFormProblem, type FormProblem } from './formProblems';
import { ItemPicker, type ItemRef } from './ItemPicker';
import {
  ERASURE_METHODS,
  MAINTENANCE_STATUSES,
  MAINTENANCE_TYPES,
  type MaintenanceLog,
  type MaintenanceType,
  useCreateMaintenanceLog,
  useUpdateMaintenanceLog,
} from './maintenanceApi';
import {
  buildMaintenancePatch,
  createMaintenanceSchema,
  emptyMaintenanceValues,
  MAINTENANCE_FORM_FIELDS,
  type MaintenanceFormValues,
  toMaintenanceCreate,
  toMaintenanceValues,
} from './maintenanceForm';

/** The server names the item `asset_id` or `peripheral_id`: the form has one input for it. */
function itemErrorsOnItem(thrown: unknown) {
  const error = toApiError(thrown);
  return error.withErrors(
    error.errors.map((fieldError) => {
      const field = normalizeFieldPath(fieldError.field);
      return field === 'asset_id' || field === 'peripheral_id' ? { ...fieldError, field: 'item' } : fieldError;
    }),
  );
}

interface MaintenanceFormProps {
  initial: MaintenanceFormValues;
  /** Set when the item is fixed: its name (adding from its page, or editing). */
  itemName?: string;
  label: string;
  submitLabel: string;
  disabled?: boolean;
  onSubmit: (values: MaintenanceFormValues, form: { setError: UseFormSetError<MaintenanceFormValues> }) => Promise<void>;
  onCancel: () => void;
}

function MaintenanceForm({ initial, itemName, label, submitLabel, disabled = false, onSubmit, onCancel }: MaintenanceFormProps) {
  const { t, i18n } = useTranslation();
  const schema = useMemo(() => createMaintenanceSchema(t), [t]);
  const form = useForm<MaintenanceFormValues>({ resolver: zodResolver(schema), defaultValues: initial, mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const type = useWatch({ control: form.control, name: 'type' });
  const status = useWatch({ control: form.control, name: 'status' });
  const currencies = useMemo(() => currencyOptions(i18n.language, initial.currency), [i18n.language, initial.currency]);
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
        <Controller
          control={form.control}
          name="item"
          render={({ field, fieldState }) => (
            <ItemPicker
              value={field.value}
              onChange={(item: ItemRef) => {
                field.onChange(item);
              }}
              fixedLabel={itemName}
              error={fieldState.error?.message}
            />
          )}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Controller
            control={form.control}
            name="type"
            render={({ field, fieldState }) => (
              <Select
                ref={field.ref}
                label={t('inventoryAssets.maintenance.type')}
                data={MAINTENANCE_TYPES.map((value) => ({ value, label: t(`inventoryAssets.maintenanceTypes.${value}`) }))}
                value={field.value}
                onChange={(value) => {
                  if (value) field.onChange(value);
                }}
                allowDeselect={false}
                required
                error={fieldState.error?.message}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          />
          <Controller
            control={form.control}
            name="status"
            render={({ field, fieldState }) => (
              <Select
                ref={field.ref}
                label={t('assets.fields.status')}
                data={MAINTENANCE_STATUSES.map((value) => ({
                  value,
                  label: t(`inventoryAssets.maintenanceStatuses.${value}`),
                }))}
                value={field.value}
                onChange={(value) => {
                  if (value) field.onChange(value);
                }}
                allowDeselect={false}
                required
                error={fieldState.error?.message}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          />
        </SimpleGrid>
        <TextInput
          {...form.register('title')}
          label={t('inventoryAssets.maintenance.titleField')}
          maxLength={200}
          required
          error={errors.title?.message}
        />
        <Textarea
          {...form.register('description')}
          label={t('inventoryAssets.maintenance.descriptionField')}
          rows={3}
          maxLength={10_000}
          error={errors.description?.message}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Controller
            control={form.control}
            name="assignee_id"
            render={({ field, fieldState }) => (
              <PersonSelect
                label={t('inventoryAssets.maintenance.assignee')}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                error={fieldState.error?.message}
              />
            )}
          />
          <TextInput
            {...form.register('performed_on')}
            type="date"
            label={t('inventoryAssets.maintenance.performedOn')}
            description={t('inventoryAssets.maintenance.performedOnDescription')}
            required
            error={errors.performed_on?.message}
          />
          <TextInput
            {...form.register('ticket_url')}
            type="url"
            label={t('inventoryAssets.maintenance.ticketUrl')}
            placeholder="https://"
            maxLength={2000}
            error={errors.ticket_url?.message}
          />
          <TextInput
            {...form.register('cost')}
            label={t('assets.fields.cost')}
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
                searchable
                clearable
                clearButtonProps={{ 'aria-label': t('assets.form.clearCurrency') }}
                error={fieldState.error?.message}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          />
        </SimpleGrid>
        {type === 'data_erasure' ? (
          <Fieldset legend={t('inventoryAssets.maintenance.erasure')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Controller
                control={form.control}
                name="erasure_method"
                render={({ field, fieldState }) => (
                  <Select
                    ref={field.ref}
                    label={t('inventoryAssets.maintenance.erasureMethod')}
                    description={t('inventoryAssets.maintenance.erasureMethodDescription')}
                    data={ERASURE_METHODS.map((value) => ({
                      value,
                      label: t(`inventoryAssets.erasureMethods.${value}`),
                    }))}
                    value={field.value}
                    onChange={field.onChange}
                    clearable
                    required={status === 'done'}
                    error={fieldState.error?.message}
                    comboboxProps={{ withinPortal: true }}
                  />
                )}
              />
              <TextInput
                {...form.register('erasure_verified_by')}
                label={t('inventoryAssets.maintenance.verifiedBy')}
                description={t('inventoryAssets.maintenance.verifiedByDescription')}
                maxLength={200}
                required={status === 'done'}
                error={errors.erasure_verified_by?.message}
              />
            </SimpleGrid>
          </Fieldset>
        ) : null}
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

/** Adds a maintenance log; from an item's page the item is given, from the register the type may be preset. */
export function CreateMaintenanceModal({
  opened,
  onClose,
  item,
  itemName,
  type,
}: {
  opened: boolean;
  onClose: () => void;
  item?: ItemRef;
  itemName?: string;
  type?: MaintenanceType;
}) {
  const { t } = useTranslation();
  const create = useCreateMaintenanceLog();
  const navigate = useNavigate();
  const organization = useOrganization();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const close = () => {
    setProblem(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t('inventoryAssets.maintenance.createTitle')} size="lg" centered>
      <Stack gap="md">
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <MaintenanceForm
          initial={emptyMaintenanceValues({
            item,
            type,
            today: today(),
            currency: organization.data?.data.settings.base_currency ?? '',
          })}
          itemName={itemName}
          label={t('inventoryAssets.maintenance.createTitle')}
          submitLabel={t('inventoryAssets.maintenance.createSubmit')}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            try {
              const created = await create.mutateAsync(toMaintenanceCreate(values));
              notifications.show({
                color: 'green',
                message: t('inventoryAssets.maintenance.created', { title: created.title }),
              });
              close();
              if (!item) void navigate({ to: '/assets/maintenance/$id', params: { id: created.id } });
            } catch (thrown) {
              applyFormProblem(itemErrorsOnItem(thrown), { setError, fields: MAINTENANCE_FORM_FIELDS, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}

export function EditMaintenanceModal({
  opened,
  log,
  reload,
  onClose,
}: {
  opened: boolean;
  log: Versioned<MaintenanceLog>;
  reload: () => Promise<Versioned<MaintenanceLog> | undefined>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateMaintenanceLog(log.data.id);
  const [baseline, setBaseline] = useState(log);
  const [conflict, setConflict] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const original = useMemo(() => toMaintenanceValues(baseline.data), [baseline.data]);
  const close = () => {
    setProblem(null);
    setConflict(false);
    onClose();
  };
  const title = t('inventoryAssets.maintenance.editTitle', { title: baseline.data.title });
  return (
    <Modal opened={opened} onClose={close} title={title} size="lg" centered>
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
        <MaintenanceForm
          key={baseline.data.version}
          initial={original}
          itemName={baseline.data.item_name}
          label={title}
          submitLabel={t('common.save')}
          disabled={conflict}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            const patch = buildMaintenancePatch(original, values);
            if (!patch) {
              notifications.show({ message: t('assets.edit.noChanges') });
              close();
              return;
            }
            try {
              const saved = await update.mutateAsync({ patch, etag: versionedEtag(baseline) });
              notifications.show({
                color: 'green',
                message: t('inventoryAssets.maintenance.saved', { title: saved.data.title }),
              });
              setBaseline(saved);
              close();
            } catch (thrown) {
              const error = toApiError(thrown);
              if (error.isPreconditionFailed) {
                setConflict(true);
                return;
              }
              applyFormProblem(itemErrorsOnItem(error), { setError, fields: MAINTENANCE_FORM_FIELDS, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}
