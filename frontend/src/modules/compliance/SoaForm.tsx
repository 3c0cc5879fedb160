import { Button, Group, Radio, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { ConflictAlert } from '../assets/ConflictAlert';
import { applyFormProblem, type FormProblem } from '../assets/formProblems';
import { PersonSelect } from '../data/PersonSelect';
import { TagPicker } from '../data/TagPicker';
import { APPLICABILITIES, type Control, controlQueryOptions, etagOf, useUpdateControl } from './complianceApi';
import { buildSoaPatch, SOA_FIELDS, type SoaFormValues, soaValues } from './soaForm';

/**
 * The Statement of Applicability of one control: whether it applies, why (required to exclude it), who owns it and its
 * tags. Saved as a merge patch of what changed, with the `If-Match` of the version the edit started from.
 */
export function SoaForm({ control }: { control: Versioned<Control> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [baseline, setBaseline] = useState(control);
  const update = useUpdateControl(control.data.id);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [conflict, setConflict] = useState(false);
  const form = useForm<SoaFormValues>({ defaultValues: soaValues(baseline.data), mode: 'onTouched' });
  const { errors, isSubmitting, isDirty } = form.formState;
  const excluded = useWatch({ control: form.control, name: 'applicability' }) === 'not_applicable';

  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    const patch = buildSoaPatch(baseline.data, values);
    if (!patch) {
      notifications.show({ message: t('compliance.noChanges') });
      return;
    }
    try {
      const saved = await update.mutateAsync({ patch, etag: etagOf(baseline) });
      setBaseline(saved);
      form.reset(soaValues(saved.data));
      notifications.show({ color: 'green', message: t('compliance.soa.done', { ref: saved.data.ref }) });
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isPreconditionFailed) {
        setConflict(true);
        return;
      }
      applyFormProblem(error, { setError: form.setError, fields: SOA_FIELDS, setProblem });
    }
  });

  return (
    <Stack gap="md">
      {conflict ? (
        <ConflictAlert
          body={t('compliance.soa.conflictBody')}
          onReload={async () => {
            const fresh = await queryClient.query({ ...controlQueryOptions(baseline.data.id), staleTime: 0 });
            setBaseline(fresh);
            form.reset(soaValues(fresh.data));
            setConflict(false);
          }}
        />
      ) : null}
      {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
      <form
        noValidate
        aria-label={t('compliance.soa.title')}
        onSubmit={(event) => {
          void submit(event);
        }}
      >
        <Stack gap="md">
          <Controller
            control={form.control}
            name="applicability"
            render={({ field, fieldState }) => (
              <Radio.Group
                name={field.name}
                label={t('compliance.fields.applicability')}
                value={field.value}
                onChange={(value) => {
                  field.onChange(value);
                  // Whether a justification is required changed: check it again if it was.
                  if (form.getFieldState('justification').isTouched) void form.trigger('justification');
                }}
                error={fieldState.error?.message}
              >
                <Group gap="lg" mt="xs">
                  {APPLICABILITIES.map((value) => (
                    <Radio
                      key={value}
                      value={value}
                      label={t(`compliance.applicability.${value}`)}
                      ref={value === field.value ? field.ref : undefined}
                    />
                  ))}
                </Group>
              </Radio.Group>
            )}
          />
          <Textarea
            {...form.register('justification', {
              validate: (value, values) =>
                values.applicability === 'not_applicable' && value.trim() === ''
                  ? t('compliance.soa.justificationRequired')
                  : undefined,
            })}
            label={t('compliance.fields.justification')}
            description={excluded ? t('compliance.soa.justificationExcluded') : t('compliance.soa.justificationApplicable')}
            required={excluded}
            rows={4}
            resize="vertical"
            maxLength={5000}
            error={errors.justification?.message}
          />
          <Controller
            control={form.control}
            name="owner_user_id"
            render={({ field, fieldState }) => (
              <PersonSelect
                label={t('compliance.fields.owner')}
                placeholder={t('compliance.soa.noOwner')}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                error={fieldState.error?.message}
              />
            )}
          />
          <Controller
            control={form.control}
            name="tag_ids"
            render={({ field, fieldState }) => (
              <TagPicker value={field.value} onChange={field.onChange} error={fieldState.error?.message} />
            )}
          />
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              disabled={!isDirty || isSubmitting}
              onClick={() => {
                setProblem(null);
                form.reset(soaValues(baseline.data));
              }}
            >
              {t('common.discard')}
            </Button>
            <Button type="submit" loading={isSubmitting} disabled={conflict}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
