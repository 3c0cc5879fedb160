import { Button, Group, Modal, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { ConflictAlert } from '../assets/ConflictAlert';
import { applyFormProblem, type FormProblem } from '../assets/formProblems';
import {
  etagOf,
  type Framework,
  type FrameworkPatch,
  frameworkQueryOptions,
  useCreateFramework,
  useUpdateFramework,
} from './complianceApi';

interface FrameworkFormValues {
  name: string;
  edition: string;
  publisher: string;
  source_url: string;
  description: string;
  active: boolean;
}

const FIELDS = ['name', 'edition', 'publisher', 'source_url', 'description', 'active'] as const;
const TEXT_FIELDS = ['name', 'edition', 'publisher', 'source_url', 'description'] as const;

function initial(framework: Framework | undefined): FrameworkFormValues {
  return {
    name: framework?.name ?? '',
    edition: framework?.edition ?? '',
    publisher: framework?.publisher ?? '',
    source_url: framework?.source_url ?? '',
    description: framework?.description ?? '',
    active: framework?.active ?? true,
  };
}

/** The merge patch of what changed between the framework and the form, or undefined when nothing did. */
function buildFrameworkPatch(before: Framework, values: FrameworkFormValues): FrameworkPatch | undefined {
  const patch: FrameworkPatch = {};
  for (const field of TEXT_FIELDS) {
    const value = values[field].trim();
    if (value !== before[field]) patch[field] = value;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export interface FrameworkFormModalProps {
  opened: boolean;
  /** The custom or imported framework to edit; none to add a custom one. */
  framework?: Versioned<Framework>;
  onClose: () => void;
}

/** Adds a custom framework, or changes a custom or imported framework's name, edition, publisher, link and description. */
export function FrameworkFormModal({ opened, framework, onClose }: FrameworkFormModalProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useCreateFramework();
  const [baseline, setBaseline] = useState(framework);
  const update = useUpdateFramework(framework?.data.id ?? '');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [conflict, setConflict] = useState(false);
  const editing = baseline !== undefined;
  const form = useForm<FrameworkFormValues>({ defaultValues: initial(baseline?.data), mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const title = editing
    ? t('compliance.frameworks.edit.title', { name: baseline.data.name })
    : t('compliance.frameworks.create.title');
  const close = () => {
    setProblem(null);
    setConflict(false);
    onClose();
  };

  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      if (editing) {
        const patch = buildFrameworkPatch(baseline.data, values);
        if (!patch) {
          notifications.show({ message: t('compliance.noChanges') });
          close();
          return;
        }
        const saved = await update.mutateAsync({ patch, etag: etagOf(baseline) });
        notifications.show({ color: 'green', message: t('compliance.frameworks.edit.done', { name: saved.data.name }) });
        close();
        return;
      }
      const optional = (value: string) => value.trim() || undefined;
      const created = await create.mutateAsync({
        name: values.name.trim(),
        edition: optional(values.edition),
        publisher: optional(values.publisher),
        source_url: optional(values.source_url),
        description: optional(values.description),
        active: values.active,
      });
      notifications.show({ color: 'green', message: t('compliance.frameworks.create.done', { name: created.name }) });
      close();
      void navigate({ to: '/compliance/frameworks/$id', params: { id: created.id } });
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isPreconditionFailed) {
        setConflict(true);
        return;
      }
      applyFormProblem(error, { setError: form.setError, fields: FIELDS, setProblem });
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={title} size="lg" centered>
      <Stack gap="md">
        {conflict && baseline ? (
          <ConflictAlert
            body={t('compliance.frameworks.edit.conflictBody')}
            onReload={async () => {
              const fresh = await queryClient.query({ ...frameworkQueryOptions(baseline.data.id), staleTime: 0 });
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
                validate: (value) => (value.trim() === '' ? t('compliance.form.nameRequired') : undefined),
              })}
              label={t('compliance.fields.name')}
              maxLength={200}
              required
              data-autofocus
              error={errors.name?.message}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                {...form.register('edition')}
                label={t('compliance.fields.edition')}
                description={t('compliance.form.editionDescription')}
                maxLength={50}
                error={errors.edition?.message}
              />
              <TextInput
                {...form.register('publisher')}
                label={t('compliance.fields.publisher')}
                maxLength={200}
                error={errors.publisher?.message}
              />
            </SimpleGrid>
            <TextInput
              {...form.register('source_url')}
              type="url"
              label={t('compliance.fields.source_url')}
              placeholder="https://"
              maxLength={500}
              error={errors.source_url?.message}
            />
            <Textarea
              {...form.register('description')}
              label={t('compliance.fields.description')}
              rows={3}
              maxLength={5000}
              error={errors.description?.message}
            />
            {!editing ? (
              <Switch
                {...form.register('active')}
                label={t('compliance.fields.active')}
                description={t('compliance.form.activeDescription')}
              />
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={isSubmitting} disabled={conflict}>
                {editing ? t('common.save') : t('compliance.frameworks.create.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
