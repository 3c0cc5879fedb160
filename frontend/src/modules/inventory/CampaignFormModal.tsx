import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Controller, useForm, type UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { allLocationsQueryOptions } from '../assets/assetsApi';
import { ConflictAlert } from '../assets/ConflictAlert';
import { applyFormProblem, type FormProblem } from '../assets/formProblems';
import {
  buildCampaignPatch,
  CAMPAIGN_FORM_FIELDS,
  type CampaignFormValues,
  createCampaignSchema,
  emptyCampaignValues,
  toCampaignCreate,
  toCampaignValues,
} from './campaignForm';
import { type Campaign, campaignEtag, campaignQueryOptions, useCreateCampaign, useUpdateCampaign } from './inventoryApi';

interface CampaignFormProps {
  initial: CampaignFormValues;
  label: string;
  submitLabel: string;
  /** Editing: the scope cannot change (the assets were snapshotted when the campaign opened). */
  editing: boolean;
  disabled?: boolean;
  onSubmit: (values: CampaignFormValues, form: { setError: UseFormSetError<CampaignFormValues> }) => Promise<void>;
  onCancel: () => void;
}

function CampaignForm({ initial, label, submitLabel, editing, disabled = false, onSubmit, onCancel }: CampaignFormProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => createCampaignSchema(t), [t]);
  const form = useForm<CampaignFormValues>({ resolver: zodResolver(schema), defaultValues: initial, mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const locations = useQuery({ ...allLocationsQueryOptions(), enabled: !editing });
  const options = (locations.data ?? []).map((location) => ({ value: location.id, label: location.name }));
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
          label={t('inventory.fields.name')}
          description={t('inventory.form.nameDescription')}
          maxLength={200}
          required
          data-autofocus
          error={errors.name?.message}
        />
        {editing ? null : (
          <Controller
            control={form.control}
            name="location_id"
            render={({ field, fieldState }) => (
              <Select
                ref={field.ref}
                label={t('inventory.fields.location')}
                description={t('inventory.form.locationDescription')}
                placeholder={t('inventory.allSites')}
                data={options}
                value={field.value || null}
                onChange={(value) => {
                  field.onChange(value ?? '');
                }}
                onBlur={field.onBlur}
                searchable
                clearable
                clearButtonProps={{ 'aria-label': t('inventory.form.clearLocation') }}
                nothingFoundMessage={t('inventory.form.noLocation')}
                error={fieldState.error?.message}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          />
        )}
        <TextInput
          {...form.register('due_on')}
          type="date"
          label={t('inventory.fields.due_on')}
          error={errors.due_on?.message}
        />
        <Textarea
          {...form.register('notes')}
          label={t('inventory.fields.notes')}
          rows={3}
          maxLength={5000}
          error={errors.notes?.message}
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

export interface CampaignFormModalProps {
  opened: boolean;
  /** The campaign to edit (with the ETag it was read with); none to open a new one. */
  campaign?: Versioned<Campaign>;
  onClose: () => void;
  /** Called with the new campaign once it is open. */
  onCreated?: (campaign: Campaign) => void;
}

/** Opens a campaign (its scope is snapshotted at once), or changes one with a merge patch and If-Match. */
export function CampaignFormModal({ opened, campaign, onClose, onCreated }: CampaignFormModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const create = useCreateCampaign();
  const update = useUpdateCampaign(campaign?.data.id ?? '');
  const [baseline, setBaseline] = useState<Versioned<Campaign> | undefined>(campaign);
  const [conflict, setConflict] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const initial = useMemo(() => (baseline ? toCampaignValues(baseline.data) : emptyCampaignValues()), [baseline]);
  const close = () => {
    setProblem(null);
    setConflict(false);
    onClose();
  };
  const title = baseline ? t('inventory.edit.title', { name: baseline.data.name }) : t('inventory.create.title');

  return (
    <Modal opened={opened} onClose={close} title={title} size="lg" centered>
      <Stack gap="md">
        {conflict && baseline ? (
          <ConflictAlert
            body={t('inventory.edit.conflictBody')}
            onReload={async () => {
              const fresh = await queryClient.query({ ...campaignQueryOptions(baseline.data.id), staleTime: 0 });
              setBaseline(fresh);
              setConflict(false);
            }}
          />
        ) : null}
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <CampaignForm
          key={baseline?.data.version ?? 'new'}
          initial={initial}
          label={title}
          editing={Boolean(baseline)}
          submitLabel={baseline ? t('common.save') : t('inventory.create.submit')}
          disabled={conflict}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            try {
              if (baseline) {
                const patch = buildCampaignPatch(initial, values);
                if (!patch) {
                  notifications.show({ message: t('inventory.edit.noChanges') });
                  close();
                  return;
                }
                const saved = await update.mutateAsync({ patch, etag: campaignEtag(baseline) });
                notifications.show({ color: 'green', message: t('inventory.edit.done', { name: saved.data.name }) });
              } else {
                const created = await create.mutateAsync(toCampaignCreate(values));
                notifications.show({
                  color: 'green',
                  message: t('inventory.create.done', { name: created.name, count: created.total }),
                });
                onCreated?.(created);
              }
              close();
            } catch (thrown) {
              const error = toApiError(thrown);
              if (error.isPreconditionFailed) {
                setConflict(true);
                return;
              }
              applyFormProblem(error, { setError, fields: CAMPAIGN_FORM_FIELDS, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}
