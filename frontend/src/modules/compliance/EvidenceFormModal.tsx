import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { applyFormProblem, type FormProblem } from '../assets/formProblems';
import { linkableTypesQueryOptions } from '../data/dataApi';
import { LinkTargetSelect } from '../data/LinkTargetSelect';
import { readableTypeOptions, targetSearchOf, UUID } from '../data/linkTargets';
import { type Control, useAddEvidence } from './complianceApi';

interface EvidenceFormValues {
  entity_type: string;
  entity_id: string;
  description: string;
  /** `<input type="date">` values; '' for an open end. */
  effective_from: string;
  effective_to: string;
}

const EVIDENCE_FIELDS = ['entity_type', 'entity_id', 'description', 'effective_from', 'effective_to'] as const;

function EvidenceForm({ control, onDone }: { control: Control; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const types = useQuery(linkableTypesQueryOptions());
  const add = useAddEvidence(control.id);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const form = useForm<EvidenceFormValues>({
    defaultValues: { entity_type: '', entity_id: '', description: '', effective_from: '', effective_to: '' },
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = form.formState;
  const entityType = useWatch({ control: form.control, name: 'entity_type' });
  // Only types whose module the user may read: the API refuses anything else as evidence.
  const typeOptions = readableTypeOptions(types.data, me.data);
  const searchable = targetSearchOf(entityType) !== undefined;
  const title = t('compliance.evidence.add.title');

  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      await add.mutateAsync({
        entity_type: values.entity_type,
        entity_id: values.entity_id.trim().toLowerCase(),
        description: values.description.trim(),
        ...(values.effective_from ? { effective_from: values.effective_from } : {}),
        ...(values.effective_to ? { effective_to: values.effective_to } : {}),
      });
      notifications.show({ color: 'green', message: t('compliance.evidence.add.done', { ref: control.ref }) });
      onDone();
    } catch (thrown) {
      applyFormProblem(thrown, { setError: form.setError, fields: EVIDENCE_FIELDS, setProblem });
    }
  });

  return (
    <Stack gap="md">
      {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
      <form
        noValidate
        aria-label={title}
        onSubmit={(event) => {
          void submit(event);
        }}
      >
        <Stack gap="md">
          <Controller
            control={form.control}
            name="entity_type"
            rules={{ validate: (value) => (value === '' ? t('compliance.evidence.add.typeRequired') : undefined) }}
            render={({ field, fieldState }) => (
              <Select
                ref={field.ref}
                label={t('compliance.evidence.add.type')}
                data={typeOptions}
                value={field.value || null}
                onChange={(next) => {
                  field.onChange(next ?? '');
                  form.setValue('entity_id', '');
                }}
                onBlur={field.onBlur}
                searchable={typeOptions.length > 8}
                allowDeselect={false}
                required
                data-autofocus
                error={fieldState.error?.message}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          />
          {entityType === '' ? null : searchable ? (
            <Controller
              control={form.control}
              name="entity_id"
              rules={{ validate: (value) => (value === '' ? t('compliance.evidence.add.recordRequired') : undefined) }}
              render={({ field, fieldState }) => (
                <LinkTargetSelect
                  key={entityType}
                  ref={field.ref}
                  type={entityType}
                  label={t('compliance.evidence.add.record')}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  exclude={entityType === 'control' ? control.id : ''}
                  error={fieldState.error?.message}
                />
              )}
            />
          ) : (
            <TextInput
              key={entityType}
              {...form.register('entity_id', {
                validate: (value) => (UUID.test(value.trim()) ? undefined : t('links.add.invalidId')),
              })}
              label={t('compliance.evidence.add.recordId')}
              description={t('compliance.evidence.add.recordIdDescription')}
              placeholder="0193a2b4-0000-7000-8000-000000000000"
              maxLength={36}
              spellCheck={false}
              autoCapitalize="none"
              required
              error={errors.entity_id?.message}
            />
          )}
          <Textarea
            {...form.register('description', {
              validate: (value) => (value.trim() === '' ? t('compliance.evidence.add.descriptionRequired') : undefined),
            })}
            label={t('compliance.evidence.add.description')}
            description={t('compliance.evidence.add.descriptionHelp')}
            rows={3}
            resize="vertical"
            maxLength={2000}
            required
            error={errors.description?.message}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              {...form.register('effective_from')}
              type="date"
              label={t('compliance.evidence.add.effectiveFrom')}
              description={t('compliance.evidence.add.effectiveFromHelp')}
              error={errors.effective_from?.message}
            />
            <TextInput
              {...form.register('effective_to', {
                validate: (value, values) =>
                  value !== '' && values.effective_from !== '' && value < values.effective_from
                    ? t('compliance.evidence.add.periodOrder')
                    : undefined,
              })}
              type="date"
              label={t('compliance.evidence.add.effectiveTo')}
              description={t('compliance.evidence.add.effectiveToHelp')}
              error={errors.effective_to?.message}
            />
          </SimpleGrid>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={isSubmitting}>
              {t('compliance.evidence.add.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** Links a record of any readable type to the control as evidence, saying why and for which period. */
export function EvidenceFormModal({ opened, control, onClose }: { opened: boolean; control: Control; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('compliance.evidence.add.title')}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <EvidenceForm control={control} onDone={onClose} /> : null}
    </Modal>
  );
}
