import { Button, Grid, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { ConflictAlert } from '../assets/ConflictAlert';
import { applyFormProblem, type FormProblem } from '../assets/formProblems';
import {
  CONTROL_KINDS,
  type Control,
  type ControlKind,
  type ControlPatch,
  controlQueryOptions,
  etagOf,
  useCreateControl,
  useUpdateControl,
} from './complianceApi';

interface ControlFormValues {
  parent_id: string | null;
  ref: string;
  title: string;
  kind: ControlKind;
  description: string;
  guidance: string;
}

const CREATE_FIELDS = ['parent_id', 'ref', 'title', 'kind', 'description', 'guidance'] as const;
const EDIT_FIELDS = ['ref', 'title', 'description', 'guidance'] as const;

function initial(control: Control | undefined, parentId: string | null): ControlFormValues {
  return {
    parent_id: control?.parent_id ?? parentId,
    ref: control?.ref ?? '',
    title: control?.title ?? '',
    kind: control?.kind ?? 'control',
    description: control?.description ?? '',
    guidance: control?.guidance ?? '',
  };
}

function contentPatch(before: Control, values: ControlFormValues): ControlPatch | undefined {
  const patch: ControlPatch = {};
  for (const field of EDIT_FIELDS) {
    const value = values[field].trim();
    if (value !== before[field]) patch[field] = value;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export type ControlFormModalProps = {
  opened: boolean;
  onClose: () => void;
} & (
  | {
      /** Adding a control to this custom framework, under one of its rows (the parent select's options). */
      frameworkId: string;
      rows: readonly Control[];
      parentId?: string | null;
      control?: undefined;
    }
  | {
      /** Changing the content (reference, title, description, guidance) of an editable control. */
      control: Versioned<Control>;
      frameworkId?: undefined;
      rows?: undefined;
      parentId?: undefined;
    }
);

/** Adds a group, control or requirement to a custom framework, or changes an editable control's content (If-Match). */
export function ControlFormModal(props: ControlFormModalProps) {
  const { opened, onClose } = props;
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const create = useCreateControl(props.frameworkId ?? '');
  const [baseline, setBaseline] = useState(props.control);
  const update = useUpdateControl(props.control?.data.id ?? '');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [conflict, setConflict] = useState(false);
  const editing = baseline !== undefined;
  const form = useForm<ControlFormValues>({
    defaultValues: initial(baseline?.data, props.parentId ?? null),
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = form.formState;
  const title = editing
    ? t('compliance.controls.edit.title', { name: `${baseline.data.ref} ${baseline.data.title}` })
    : t('compliance.controls.create.title');
  const parents = (props.rows ?? [])
    .filter((row) => row.kind !== 'requirement')
    .map((row) => ({ value: row.id, label: `${'  '.repeat(row.depth)}${row.ref} ${row.title}` }));
  const close = () => {
    setProblem(null);
    setConflict(false);
    onClose();
  };

  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      if (editing) {
        const patch = contentPatch(baseline.data, values);
        if (!patch) {
          notifications.show({ message: t('compliance.noChanges') });
          close();
          return;
        }
        const saved = await update.mutateAsync({ patch, etag: etagOf(baseline) });
        notifications.show({
          color: 'green',
          message: t('compliance.controls.edit.done', { name: `${saved.data.ref} ${saved.data.title}` }),
        });
        close();
        return;
      }
      const created = await create.mutateAsync({
        parent_id: values.parent_id,
        ref: values.ref.trim(),
        title: values.title.trim(),
        kind: values.kind,
        ...(values.description.trim() ? { description: values.description.trim() } : {}),
        ...(values.guidance.trim() ? { guidance: values.guidance.trim() } : {}),
      });
      notifications.show({
        color: 'green',
        message: t('compliance.controls.create.done', { name: `${created.ref} ${created.title}` }),
      });
      close();
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
    <Modal opened={opened} onClose={close} title={title} size="lg" centered>
      <Stack gap="md">
        {conflict && baseline ? (
          <ConflictAlert
            body={t('compliance.controls.edit.conflictBody')}
            onReload={async () => {
              const fresh = await queryClient.query({ ...controlQueryOptions(baseline.data.id), staleTime: 0 });
              setBaseline(fresh);
              form.reset(initial(fresh.data, null));
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
            {!editing ? (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Controller
                  control={form.control}
                  name="parent_id"
                  render={({ field, fieldState }) => (
                    <Select
                      ref={field.ref}
                      label={t('compliance.fields.parent')}
                      placeholder={t('compliance.controls.create.topLevel')}
                      data={parents}
                      value={field.value}
                      onChange={field.onChange}
                      searchable
                      clearable
                      error={fieldState.error?.message}
                      comboboxProps={{ withinPortal: true }}
                    />
                  )}
                />
                <Controller
                  control={form.control}
                  name="kind"
                  render={({ field, fieldState }) => (
                    <Select
                      ref={field.ref}
                      label={t('compliance.fields.kind')}
                      data={CONTROL_KINDS.map((kind) => ({ value: kind, label: t(`compliance.kinds.${kind}`) }))}
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
              </SimpleGrid>
            ) : null}
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput
                  {...form.register('ref', {
                    validate: (value) => (value.trim() === '' ? t('compliance.form.refRequired') : undefined),
                  })}
                  label={t('compliance.fields.ref')}
                  maxLength={64}
                  required
                  data-autofocus
                  error={errors.ref?.message}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 8 }}>
                <TextInput
                  {...form.register('title', {
                    validate: (value) => (value.trim() === '' ? t('compliance.form.titleRequired') : undefined),
                  })}
                  label={t('compliance.fields.title')}
                  maxLength={300}
                  required
                  error={errors.title?.message}
                />
              </Grid.Col>
            </Grid>
            <Textarea
              {...form.register('description')}
              label={t('compliance.fields.description')}
              rows={3}
              maxLength={10000}
              error={errors.description?.message}
            />
            <Textarea
              {...form.register('guidance')}
              label={t('compliance.fields.guidance')}
              description={t('compliance.form.guidanceDescription')}
              rows={3}
              maxLength={10000}
              error={errors.guidance?.message}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={isSubmitting} disabled={conflict}>
                {editing ? t('common.save') : t('compliance.controls.create.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
