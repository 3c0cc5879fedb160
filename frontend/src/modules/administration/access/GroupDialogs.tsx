import { Button, Group as MantineGroup, Modal, MultiSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ApiError, applyProblemToForm, client, toApiError, unwrap } from '../../../lib/api';
import { QueryError } from '../../../ui/QueryError';
import {
  type Group,
  type GroupPatch,
  memberDirectoryQueryOptions,
  rolesQueryOptions,
  useInvalidateAccess,
  versionEtag,
} from './accessApi';
import { ProblemAlert } from './ProblemAlert';

function createGroupSchema(t: TFunction) {
  return z.object({
    name: z.string().trim().min(1, t('validation.required')).max(100, t('validation.tooLong', { max: 100 })),
    description: z.string().trim().max(1000, t('validation.tooLong', { max: 1000 })),
  });
}

type GroupValues = z.infer<ReturnType<typeof createGroupSchema>>;
const GROUP_FIELDS = ['name', 'description'] as const;

interface Problem {
  error: ApiError;
  unmatched: ApiError['errors'];
}

function GroupForm({ group, onDone }: { group: Group | undefined; onDone: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateAccess();
  const schema = useMemo(() => createGroupSchema(t), [t]);
  const original = { name: group?.name ?? '', description: group?.description ?? '' };
  const form = useForm<GroupValues>({ resolver: zodResolver(schema), defaultValues: original, mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<Problem | null>(null);

  const save = useMutation({
    mutationFn: async (values: GroupValues): Promise<Group | undefined> => {
      if (!group) return (await unwrap(client.POST('/groups', { body: values }))).data;
      const patch: GroupPatch = {};
      if (values.name !== group.name) patch.name = values.name;
      if (values.description !== group.description) patch.description = values.description;
      if (Object.keys(patch).length === 0) return undefined;
      return (
        await unwrap(
          client.PATCH('/groups/{id}', {
            params: { path: { id: group.id }, header: { 'If-Match': versionEtag(group.version) } },
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
          message: group ? t('groups.edit.saved', { name: saved.name }) : t('groups.create.done', { name: saved.name }),
        });
      }
      onDone();
    } catch (thrown) {
      applyProblemToForm(thrown, {
        setError: form.setError,
        fields: GROUP_FIELDS,
        notify: (error, unmatched) => {
          setProblem({ error, unmatched });
        },
      });
    }
  });

  return (
    <form
      noValidate
      aria-label={group ? t('groups.edit.title', { name: group.name }) : t('groups.create.title')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md">
        <TextInput
          {...form.register('name')}
          label={t('groups.fields.name')}
          maxLength={100}
          required
          error={errors.name?.message}
          data-autofocus
        />
        <Textarea
          {...form.register('description')}
          label={t('groups.fields.description')}
          maxLength={1000}
          rows={3}
          resize="vertical"
          error={errors.description?.message}
        />
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        {problem?.error.isPreconditionFailed ? <Text size="sm">{t('groups.conflict')}</Text> : null}
        <MantineGroup justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {group ? t('common.save') : t('groups.create.submit')}
          </Button>
        </MantineGroup>
      </Stack>
    </form>
  );
}

/** Create a group (no `group`) or rename and describe one (PATCH with If-Match). */
export function GroupFormModal({ opened, group, onClose }: { opened: boolean; group?: Group; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={group ? t('groups.edit.title', { name: group.name }) : t('groups.create.title')}
      centered
    >
      {opened ? <GroupForm key={group?.id ?? 'new'} group={group} onDone={onClose} /> : null}
    </Modal>
  );
}

export type GroupEditor = 'members' | 'roles';

interface SelectionFormProps {
  group: Group;
  kind: GroupEditor;
  onDone: () => void;
}

/** The group's members (chosen among the organisation's members) or roles, replaced as a whole with If-Match. */
function SelectionForm({ group, kind, onDone }: SelectionFormProps) {
  const { t } = useTranslation();
  const invalidate = useInvalidateAccess();
  const directory = useQuery({ ...memberDirectoryQueryOptions(), enabled: kind === 'members' });
  const roles = useQuery({ ...rolesQueryOptions(), enabled: kind === 'roles' });
  const [initial] = useState(() => (kind === 'members' ? group.member_ids : group.roles.map((role) => role.id)));
  const [chosen, setChosen] = useState<string[]>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const source = kind === 'members' ? directory : roles;

  const options = useMemo(() => {
    const labels = new Map<string, string>();
    if (kind === 'members') {
      for (const member of directory.data ?? []) {
        labels.set(member.user_id, member.name ? `${member.name} (${member.email})` : member.email);
      }
    } else {
      for (const role of group.roles) labels.set(role.id, role.name);
      for (const role of roles.data ?? []) labels.set(role.id, role.name);
    }
    // A current member the directory does not list (archived since) stays, named by id, so nothing is dropped unasked.
    for (const id of initial) if (!labels.has(id)) labels.set(id, id);
    return [...labels].map(([value, label]) => ({ value, label }));
  }, [kind, directory.data, roles.data, group.roles, initial]);

  const save = useMutation({
    mutationFn: async (ids: string[]) => {
      const params = { path: { id: group.id }, header: { 'If-Match': versionEtag(group.version) } };
      return kind === 'members'
        ? (await unwrap(client.PUT('/groups/{id}/members', { params, body: { user_ids: ids } }))).data
        : (await unwrap(client.PUT('/groups/{id}/roles', { params, body: { role_ids: ids } }))).data;
    },
    onSettled: () => invalidate(),
  });

  const label = kind === 'members' ? t('groups.fields.members') : t('groups.fields.roles');
  return (
    <form
      noValidate
      aria-label={t(`groups.${kind}.title`, { name: group.name })}
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        save.mutate(chosen, {
          onSuccess: () => {
            notifications.show({ color: 'green', message: t(`groups.${kind}.saved`, { name: group.name }) });
            onDone();
          },
          onError: (thrown) => {
            setError(toApiError(thrown));
          },
        });
      }}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t(`groups.${kind}.description`)}
        </Text>
        {source.isError ? <QueryError error={source.error} onRetry={() => void source.refetch()} /> : null}
        <MultiSelect
          label={label}
          placeholder={t(`groups.${kind}.placeholder`)}
          data={options}
          value={chosen}
          onChange={setChosen}
          searchable
          clearable
          limit={50}
          hidePickedOptions
          disabled={source.isPending}
          nothingFoundMessage={t('groups.noneFound')}
        />
        <Text size="xs" c="dimmed" role="status">
          {t(`groups.${kind}.count`, { count: chosen.length })}
        </Text>
        {error ? <ProblemAlert error={error} /> : null}
        {error?.isPreconditionFailed ? <Text size="sm">{t('groups.conflict')}</Text> : null}
        <MantineGroup justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={error?.isPreconditionFailed}>
            {t('common.save')}
          </Button>
        </MantineGroup>
      </Stack>
    </form>
  );
}

export function GroupSelectionModal({
  group,
  kind,
  onClose,
}: {
  group: Group | null;
  kind: GroupEditor;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={group !== null}
      onClose={onClose}
      title={group ? t(`groups.${kind}.title`, { name: group.name }) : ''}
      centered
      size="lg"
    >
      {group ? <SelectionForm key={`${group.id}-${kind}`} group={group} kind={kind} onDone={onClose} /> : null}
    </Modal>
  );
}
