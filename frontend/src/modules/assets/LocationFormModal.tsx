import { Button, Fieldset, Group, Modal, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Controller, useForm, type UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { useOrganization } from '../../lib/deployment';
import { browserTimeZone, timeZoneOptions } from '../../lib/intl';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { CustomFieldInputs } from '../data/CustomFieldInputs';
import { type Location, locationQueryOptions, useCreateLocation, useUpdateLocation, versionedEtag } from './assetsApi';
import { ConflictAlert } from './ConflictAlert';
import { applyFormProblem, type CustomFieldErrors, type FormProblem } from './formProblems';
import {
  buildLocationPatch,
  createLocationSchema,
  emptyLocationValues,
  LOCATION_FORM_FIELDS,
  type LocationFormValues,
  toLocationCreate,
  toLocationValues,
} from './locationForm';

interface LocationFormProps {
  initial: LocationFormValues;
  label: string;
  submitLabel: string;
  disabled?: boolean;
  customErrors: CustomFieldErrors;
  onSubmit: (values: LocationFormValues, form: { setError: UseFormSetError<LocationFormValues> }) => Promise<void>;
  onCancel: () => void;
}

function LocationForm({ initial, label, submitLabel, disabled = false, customErrors, onSubmit, onCancel }: LocationFormProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => createLocationSchema(t), [t]);
  const form = useForm<LocationFormValues>({ resolver: zodResolver(schema), defaultValues: initial, mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const zones = useMemo(() => timeZoneOptions(initial.timezone), [initial.timezone]);
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
          label={t('assets.locations.fields.name')}
          description={t('assets.locations.form.nameDescription')}
          maxLength={200}
          required
          data-autofocus
          error={errors.name?.message}
        />
        <Controller
          control={form.control}
          name="physical"
          render={({ field }) => (
            <Switch
              ref={field.ref}
              label={t('assets.locations.fields.physical')}
              description={t('assets.locations.form.physicalDescription')}
              checked={field.value}
              onChange={(event) => {
                field.onChange(event.currentTarget.checked);
              }}
              onBlur={field.onBlur}
            />
          )}
        />
        <Fieldset legend={t('assets.locations.form.address')} variant="unstyled">
          <Stack gap="sm">
            <TextInput
              {...form.register('address_line1')}
              label={t('assets.locations.fields.address_line1')}
              maxLength={200}
              autoComplete="off"
              error={errors.address_line1?.message}
            />
            <TextInput
              {...form.register('address_line2')}
              label={t('assets.locations.fields.address_line2')}
              maxLength={200}
              autoComplete="off"
              error={errors.address_line2?.message}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput
                {...form.register('postal_code')}
                label={t('assets.locations.fields.postal_code')}
                maxLength={20}
                autoComplete="off"
                error={errors.postal_code?.message}
              />
              <TextInput
                {...form.register('city')}
                label={t('assets.locations.fields.city')}
                maxLength={100}
                autoComplete="off"
                error={errors.city?.message}
              />
              <TextInput
                {...form.register('country', {
                  setValueAs: (value: string) => value.trim().toUpperCase(),
                })}
                label={t('assets.locations.fields.country')}
                description={t('assets.locations.form.countryDescription')}
                maxLength={2}
                autoComplete="off"
                styles={{ input: { textTransform: 'uppercase' } }}
                error={errors.country?.message}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Controller
          control={form.control}
          name="timezone"
          render={({ field, fieldState }) => (
            <Select
              ref={field.ref}
              label={t('assets.locations.fields.timezone')}
              data={zones}
              value={field.value || null}
              onChange={(value) => {
                field.onChange(value ?? '');
              }}
              onBlur={field.onBlur}
              searchable
              required
              allowDeselect={false}
              error={fieldState.error?.message}
              comboboxProps={{ withinPortal: true }}
            />
          )}
        />
        <Textarea
          {...form.register('notes')}
          label={t('assets.locations.fields.notes')}
          rows={2}
          maxLength={5000}
          error={errors.notes?.message}
        />
        <Controller
          control={form.control}
          name="custom_fields"
          render={({ field }) => (
            <CustomFieldInputs entityType="location" value={field.value} onChange={field.onChange} errors={customErrors} />
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

export interface LocationFormModalProps {
  opened: boolean;
  /** The location to edit (from the list: its version stands for its ETag); none to add one. */
  location?: Location;
  onClose: () => void;
}

/** Adds a location, or changes one with a merge patch of what changed and the If-Match of its version. */
export function LocationFormModal({ opened, location, onClose }: LocationFormModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const organization = useOrganization();
  const create = useCreateLocation();
  const update = useUpdateLocation();
  const [baseline, setBaseline] = useState<Versioned<Location> | undefined>(
    location ? { data: location, etag: undefined } : undefined,
  );
  const [conflict, setConflict] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [customErrors, setCustomErrors] = useState<CustomFieldErrors>({});
  // A new location is in the organisation's time zone, else the browser's.
  const defaultZone = [organization.data?.data.settings.timezone, browserTimeZone()].find(Boolean) ?? 'UTC';
  const initial = useMemo(
    () => (baseline ? toLocationValues(baseline.data) : emptyLocationValues(defaultZone)),
    [baseline, defaultZone],
  );
  const close = () => {
    setProblem(null);
    setConflict(false);
    setCustomErrors({});
    onClose();
  };
  const title = baseline ? t('assets.locations.edit.title', { name: baseline.data.name }) : t('assets.locations.create.title');

  return (
    <Modal opened={opened} onClose={close} title={title} size="lg" centered>
      <Stack gap="md">
        {conflict && baseline ? (
          <ConflictAlert
            body={t('assets.edit.conflictBody')}
            onReload={async () => {
              const fresh = await queryClient.query({ ...locationQueryOptions(baseline.data.id), staleTime: 0 });
              setBaseline(fresh);
              setConflict(false);
            }}
          />
        ) : null}
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <LocationForm
          key={baseline?.data.version ?? 'new'}
          initial={initial}
          label={title}
          submitLabel={baseline ? t('common.save') : t('assets.locations.create.submit')}
          disabled={conflict}
          customErrors={customErrors}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            setCustomErrors({});
            try {
              if (baseline) {
                const patch = buildLocationPatch(initial, values);
                if (!patch) {
                  notifications.show({ message: t('assets.edit.noChanges') });
                  close();
                  return;
                }
                const saved = await update.mutateAsync({ id: baseline.data.id, patch, etag: versionedEtag(baseline) });
                notifications.show({ color: 'green', message: t('assets.locations.edit.done', { name: saved.data.name }) });
              } else {
                const created = await create.mutateAsync(toLocationCreate(values));
                notifications.show({ color: 'green', message: t('assets.locations.create.done', { name: created.name }) });
              }
              close();
            } catch (thrown) {
              const error = toApiError(thrown);
              if (error.isPreconditionFailed) {
                setConflict(true);
                return;
              }
              applyFormProblem(error, { setError, fields: LOCATION_FORM_FIELDS, setCustomErrors, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}
