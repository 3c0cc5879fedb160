import { Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ApiError, applyProblemToForm, client, unwrap } from '../../../lib/api';
import { type Role, type RolePatch, useInvalidateAccess, versionEtag } from './accessApi';
import { ProblemAlert } from './ProblemAlert';

function createRoleSchema(t: TFunction) {
  return z.object({
    name: z.string().trim().min(1, t('validation.required')).max(100, t('validation.tooLong', { max: 100 })),
    description: z.string().trim().max(1000, t('validation.tooLong', { max: 1000 })),
    /** Id of the role whose levels a new role starts from; '' for none. */
    template: z.string(),
  });
}

type RoleValues = z.infer<ReturnType<typeof createRoleSchema>>;
const ROLE_FIELDS = ['name', 'description'] as const;

interface RoleFormProps {
  /** The role to rename and describe; a new role when undefined. */
  role: Role | undefined;
  /** Roles a new role may copy its levels from. */
  templates: readonly Role[];
  onDone: (saved?: Role) => void;
}

function RoleForm({ role, templates, onDone }: RoleFormProps) {
  const { t } = useTranslation();
  const invalidate = useInvalidateAccess();
  const schema = useMemo(() => createRoleSchema(t), [t]);
  const form = useForm<RoleValues>({
    resolver: zodResolver(schema),
    defaultValues: { name: role?.name ?? '', description: role?.description ?? '', template: '' },
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<{ error: ApiError; unmatched: ApiError['errors'] } | null>(null);

  const save = useMutation({
    mutationFn: async ({ name, description, template }: RoleValues): Promise<Role | undefined> => {
      if (!role) {
        const permissions = templates.find((candidate) => candidate.id === template)?.permissions ?? [];
        return (await unwrap(client.POST('/roles', { body: { name, description, permissions: [...permissions] } }))).data;
      }
      const patch: RolePatch = {};
      if (name !== role.name) patch.name = name;
      if (description !== role.description) patch.description = description;
      if (Object.keys(patch).length === 0) return undefined;
      return (
        await unwrap(
          client.PATCH('/roles/{id}', {
            params: { path: { id: role.id }, header: { 'If-Match': versionEtag(role.version) } },
            body: patch,
          }),
        )
      ).data;
    },
    onSettled: () => invalidate(),
  });

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      const saved = await save.mutateAsync(values);
      if (saved) {
        notifications.show({
          color: 'green',
          message: role ? t('roles.edit.saved', { name: saved.name }) : t('roles.create.done', { name: saved.name }),
        });
      }
      onDone(saved);
    } catch (thrown) {
      applyProblemToForm(thrown, {
        setError: form.setError,
        fields: ROLE_FIELDS,
        notify: (error, unmatched) => {
          setProblem({ error, unmatched });
        },
      });
    }
  });

  return (
    <form
      noValidate
      aria-label={role ? t('roles.edit.title', { name: role.name }) : t('roles.create.title')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md">
        <TextInput
          {...form.register('name')}
          label={t('roles.fields.name')}
          maxLength={100}
          required
          error={errors.name?.message}
          data-autofocus
        />
        <Textarea
          {...form.register('description')}
          label={t('roles.fields.description')}
          maxLength={1000}
          rows={3}
          resize="vertical"
          error={errors.description?.message}
        />
        {role ? null : (
          <Controller
            control={form.control}
            name="template"
            render={({ field }) => (
              <Select
                ref={field.ref}
                label={t('roles.create.template')}
                description={t('roles.create.templateDescription')}
                placeholder={t('roles.create.noTemplate')}
                data={templates.map((template) => ({ value: template.id, label: template.name }))}
                value={field.value || null}
                onChange={(value) => {
                  field.onChange(value ?? '');
                }}
                clearable
                clearButtonProps={{ 'aria-label': t('roles.create.clearTemplate') }}
              />
            )}
          />
        )}
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        {problem?.error.isPreconditionFailed ? <Text size="sm">{t('roles.conflict')}</Text> : null}
        <Group justify="flex-end" gap="sm">
          <Button
            variant="default"
            onClick={() => {
              onDone();
            }}
          >
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {role ? t('common.save') : t('roles.create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Create a custom role (optionally copying another role's levels) or rename and describe a role. */
export function RoleFormModal({
  opened,
  role,
  templates,
  onClose,
}: {
  opened: boolean;
  role?: Role;
  templates: readonly Role[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={role ? t('roles.edit.title', { name: role.name }) : t('roles.create.title')}
      centered
    >
      {opened ? <RoleForm key={role?.id ?? 'new'} role={role} templates={templates} onDone={onClose} /> : null}
    </Modal>
  );
}
