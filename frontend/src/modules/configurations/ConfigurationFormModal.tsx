import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { ConflictAlert } from '../assets/ConflictAlert';
import { applyFormProblem, type FormProblem } from '../assets/formProblems';
import { TagPicker } from '../data/TagPicker';
import {
  CONFIGURATION_KINDS,
  type Configuration,
  configurationQueryOptions,
  etagOf,
  useCreateConfiguration,
  useUpdateConfiguration,
} from './configurationsApi';
import { buildPatch, type ConfigurationFormValues, useDocumentError } from './configurationForm';
import { checkDocument } from './documentJson';

const CREATE_FIELDS = ['name', 'kind', 'description', 'tag_ids', 'document', 'message'] as const;
const EDIT_FIELDS = ['name', 'kind', 'description', 'tag_ids'] as const;

export interface ConfigurationFormModalProps {
  opened: boolean;
  /** The configuration to edit (name, kind, description, tags); none to add one with its first version. */
  configuration?: Versioned<Configuration>;
  onClose: () => void;
}

/** Adds a configuration with its first document, or changes its name, kind, description and tags (If-Match). */
export function ConfigurationFormModal({ opened, configuration, onClose }: ConfigurationFormModalProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useCreateConfiguration();
  const [baseline, setBaseline] = useState(configuration);
  const update = useUpdateConfiguration(configuration?.data.id ?? '');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [conflict, setConflict] = useState(false);
  const documentError = useDocumentError();
  const editing = baseline !== undefined;
  const initial = (c: Configuration | undefined): ConfigurationFormValues => ({
    name: c?.name ?? '',
    kind: c?.kind ?? 'other',
    description: c?.description ?? '',
    tag_ids: c?.tags.map((tag) => tag.id) ?? [],
    document: '{\n  \n}',
    message: '',
  });
  const form = useForm<ConfigurationFormValues>({ defaultValues: initial(baseline?.data), mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const title = editing ? t('configurations.edit.title', { name: baseline.data.name }) : t('configurations.create.title');
  const close = () => {
    setProblem(null);
    setConflict(false);
    onClose();
  };

  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      if (editing) {
        const patch = buildPatch(baseline.data, values);
        if (!patch) {
          notifications.show({ message: t('configurations.edit.noChanges') });
          close();
          return;
        }
        const saved = await update.mutateAsync({ patch, etag: etagOf(baseline) });
        notifications.show({ color: 'green', message: t('configurations.edit.done', { name: saved.data.name }) });
        close();
        return;
      }
      const check = checkDocument(values.document);
      if (!check.ok) return; // the field's rule already says why
      const created = await create.mutateAsync({
        name: values.name.trim(),
        kind: values.kind,
        ...(values.description.trim() ? { description: values.description.trim() } : {}),
        ...(values.tag_ids.length > 0 ? { tag_ids: values.tag_ids } : {}),
        document: check.document,
        ...(values.message.trim() ? { message: values.message.trim() } : {}),
      });
      notifications.show({ color: 'green', message: t('configurations.create.done', { name: created.name }) });
      close();
      void navigate({ to: '/assets/configurations/$id', params: { id: created.id } });
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isPreconditionFailed) {
        setConflict(true);
        return;
      }
      applyFormProblem(error, { setError: form.setError, fields: editing ? EDIT_FIELDS : CREATE_FIELDS, setProblem });
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={title} size="xl" centered>
      <Stack gap="md">
        {conflict && baseline ? (
          <ConflictAlert
            body={t('configurations.edit.conflictBody')}
            onReload={async () => {
              const fresh = await queryClient.query({ ...configurationQueryOptions(baseline.data.id), staleTime: 0 });
              setBaseline(fresh);
              form.reset(initial(fresh.data));
              setConflict(false);
            }}
          />
        ) : null}
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <form
          noValidate
          aria-label={title}
          onSubmit={(event) => {
            void submit(event);
          }}
        >
          <Stack gap="md">
            <TextInput
              {...form.register('name', {
                validate: (value) => (value.trim() === '' ? t('configurations.form.nameRequired') : undefined),
              })}
              label={t('configurations.fields.name')}
              maxLength={200}
              required
              data-autofocus
              error={errors.name?.message}
            />
            <Controller
              control={form.control}
              name="kind"
              render={({ field, fieldState }) => (
                <Select
                  ref={field.ref}
                  label={t('configurations.fields.kind')}
                  data={CONFIGURATION_KINDS.map((kind) => ({ value: kind, label: t(`configurations.kinds.${kind}`) }))}
                  value={field.value}
                  onChange={(value) => {
                    if (value) field.onChange(value);
                  }}
                  allowDeselect={false}
                  error={fieldState.error?.message}
                  comboboxProps={{ withinPortal: true }}
                />
              )}
            />
            <Textarea
              {...form.register('description')}
              label={t('configurations.fields.description')}
              rows={2}
              maxLength={5000}
              error={errors.description?.message}
            />
            <Controller
              control={form.control}
              name="tag_ids"
              render={({ field, fieldState }) => (
                <TagPicker value={field.value} onChange={field.onChange} error={fieldState.error?.message} />
              )}
            />
            {!editing ? (
              <>
                <Textarea
                  {...form.register('document', { validate: (value) => documentError(checkDocument(value)) })}
                  label={t('configurations.fields.document')}
                  description={t('configurations.form.documentDescription')}
                  required
                  rows={12}
                  resize="vertical"
                  spellCheck={false}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  error={errors.document?.message}
                />
                <TextInput
                  {...form.register('message')}
                  label={t('configurations.fields.message')}
                  description={t('configurations.form.firstMessageDescription')}
                  maxLength={500}
                  error={errors.message?.message}
                />
              </>
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={isSubmitting} disabled={conflict}>
                {editing ? t('common.save') : t('configurations.create.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
