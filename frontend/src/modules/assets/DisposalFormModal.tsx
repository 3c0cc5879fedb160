import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { Controller, useForm, useWatch, type UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { useOrganization } from '../../lib/deployment';
import { currencyOptions } from '../../lib/intl';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { today } from './assetFormat';
import { versionedEtag } from './assetsApi';
import { ConflictAlert } from './ConflictAlert';
import {
  buildDisposalPatch,
  createDisposalSchema,
  DISPOSAL_FORM_FIELDS,
  type DisposalFormValues,
  emptyDisposalValues,
  toDisposalCreate,
  toDisposalValues,
} from './disposalForm';
import { DISPOSAL_METHODS, type Disposal, type ItemKind, useCreateDisposal, useUpdateDisposal } from './disposalsApi';
import { applyFormProblem, type FormProblem } from './formProblems';

interface DisposalFormProps {
  initial: DisposalFormValues;
  correcting: boolean;
  label: string;
  submitLabel: string;
  disabled?: boolean;
  onSubmit: (values: DisposalFormValues, form: { setError: UseFormSetError<DisposalFormValues> }) => Promise<void>;
  onCancel: () => void;
}

function DisposalForm({ initial, correcting, label, submitLabel, disabled = false, onSubmit, onCancel }: DisposalFormProps) {
  const { t, i18n } = useTranslation();
  const schema = useMemo(() => createDisposalSchema(t, correcting), [t, correcting]);
  const form = useForm<DisposalFormValues>({ resolver: zodResolver(schema), defaultValues: initial, mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const method = useWatch({ control: form.control, name: 'method' });
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
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            {...form.register('disposed_on')}
            type="date"
            label={t('inventoryAssets.disposals.disposedOn')}
            required
            error={errors.disposed_on?.message}
          />
          <Controller
            control={form.control}
            name="method"
            render={({ field, fieldState }) => (
              <Select
                ref={field.ref}
                label={t('inventoryAssets.disposals.method')}
                placeholder={t('inventoryAssets.disposals.chooseMethod')}
                data={DISPOSAL_METHODS.map((value) => ({ value, label: t(`inventoryAssets.disposalMethods.${value}`) }))}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                required
                error={fieldState.error?.message}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          />
          <TextInput
            {...form.register('partner_name')}
            label={t('inventoryAssets.disposals.partner')}
            description={t('inventoryAssets.disposals.partnerDescription')}
            maxLength={200}
            error={errors.partner_name?.message}
          />
          <TextInput
            {...form.register('certificate_number')}
            label={t('inventoryAssets.disposals.certificateNumber')}
            maxLength={100}
            error={errors.certificate_number?.message}
          />
          {method === 'sold' ? (
            <>
              <TextInput
                {...form.register('price')}
                label={t('inventoryAssets.disposals.price')}
                inputMode="decimal"
                maxLength={20}
                error={errors.price?.message}
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
            </>
          ) : null}
        </SimpleGrid>
        <Textarea
          {...form.register('notes')}
          label={t('inventoryAssets.fields.notes')}
          rows={2}
          maxLength={10_000}
          error={errors.notes?.message}
        />
        {correcting ? (
          <Textarea
            {...form.register('reason')}
            label={t('inventoryAssets.disposals.reason')}
            description={t('inventoryAssets.disposals.reasonDescription')}
            rows={2}
            maxLength={2000}
            required
            error={errors.reason?.message}
          />
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSubmitting} disabled={disabled} color={correcting ? undefined : 'red'}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Records the disposal of an asset or a peripheral (it becomes disposed or sold, and archived), then opens it. */
export function RecordDisposalModal({
  opened,
  onClose,
  kind,
  id,
  name,
}: {
  opened: boolean;
  onClose: () => void;
  kind: ItemKind;
  id: string;
  name: string;
}) {
  const { t } = useTranslation();
  const create = useCreateDisposal();
  const navigate = useNavigate();
  const organization = useOrganization();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const close = () => {
    setProblem(null);
    onClose();
  };
  const title = t('inventoryAssets.disposals.recordTitle', { name });
  return (
    <Modal opened={opened} onClose={close} title={title} size="lg" centered>
      <Stack gap="md">
        <Alert color="orange" variant="light" role="note" icon={<IconAlertTriangle aria-hidden />}>
          {t('inventoryAssets.disposals.recordWarning')}
        </Alert>
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <DisposalForm
          initial={emptyDisposalValues(today(), organization.data?.data.settings.base_currency ?? '')}
          correcting={false}
          label={title}
          submitLabel={t('inventoryAssets.disposals.recordSubmit')}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            try {
              const created = await create.mutateAsync(toDisposalCreate(kind, id, values));
              notifications.show({ color: 'green', message: t('inventoryAssets.disposals.recorded', { name }) });
              close();
              void navigate({ to: '/assets/disposals/$id', params: { id: created.id } });
            } catch (thrown) {
              applyFormProblem(thrown, { setError, fields: DISPOSAL_FORM_FIELDS, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}

/** Corrects a recorded disposal: the change needs a reason, kept in the disposal's history. */
export function CorrectDisposalModal({
  opened,
  disposal,
  reload,
  onClose,
}: {
  opened: boolean;
  disposal: Versioned<Disposal>;
  reload: () => Promise<Versioned<Disposal> | undefined>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateDisposal(disposal.data.id);
  const [baseline, setBaseline] = useState(disposal);
  const [conflict, setConflict] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const original = useMemo(() => toDisposalValues(baseline.data), [baseline.data]);
  const close = () => {
    setProblem(null);
    setConflict(false);
    onClose();
  };
  const title = t('inventoryAssets.disposals.correctTitle', { name: baseline.data.item_name });
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
        <DisposalForm
          key={baseline.data.version}
          initial={original}
          correcting
          label={title}
          submitLabel={t('inventoryAssets.disposals.correctSubmit')}
          disabled={conflict}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            const patch = buildDisposalPatch(original, values);
            if (!patch) {
              notifications.show({ message: t('assets.edit.noChanges') });
              close();
              return;
            }
            try {
              const saved = await update.mutateAsync({ patch, etag: versionedEtag(baseline) });
              notifications.show({ color: 'green', message: t('inventoryAssets.disposals.corrected') });
              setBaseline(saved);
              close();
            } catch (thrown) {
              const error = toApiError(thrown);
              if (error.isPreconditionFailed) {
                setConflict(true);
                return;
              }
              applyFormProblem(error, { setError, fields: DISPOSAL_FORM_FIELDS, setProblem });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}
