import { Button, Group, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, client, toApiError, unwrapVersioned } from '../../../lib/api';
import { QueryError } from '../../../ui/QueryError';
import { type Member, rolesQueryOptions, useInvalidateAccess, versionEtag } from './accessApi';
import { ProblemAlert } from './ProblemAlert';

interface MemberRolesFormProps {
  member: Member;
  /** ETag of the member as read (detail page); else the one its version stands for. */
  etag?: string;
  onClose: () => void;
}

function MemberRolesForm({ member, etag, onClose }: MemberRolesFormProps) {
  const { t } = useTranslation();
  const roles = useQuery(rolesQueryOptions());
  const invalidate = useInvalidateAccess();
  const [chosen, setChosen] = useState(() => member.roles.map((role) => role.id));
  const [error, setError] = useState<ApiError | null>(null);
  const save = useMutation({
    mutationFn: (roleIds: string[]) =>
      unwrapVersioned(
        client.PUT('/members/{user_id}/roles', {
          params: { path: { user_id: member.user_id }, header: { 'If-Match': etag ?? versionEtag(member.version) } },
          body: { role_ids: roleIds },
        }),
      ),
    onSettled: () => invalidate(),
  });

  // Roles archived since the member got them stay listed, so that saving does not drop them unasked.
  const options = [
    ...(roles.data ?? []).map((role) => ({ value: role.id, label: role.name })),
    ...member.roles
      .filter((held) => !(roles.data ?? []).some((role) => role.id === held.id))
      .map((held) => ({ value: held.id, label: held.name })),
  ];

  return (
    <form
      noValidate
      aria-label={t('members.roles.title', { name: member.name })}
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        save.mutate(chosen, {
          onSuccess: () => {
            notifications.show({ color: 'green', message: t('members.roles.saved', { name: member.name }) });
            onClose();
          },
          onError: (thrown) => {
            setError(toApiError(thrown));
          },
        });
      }}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('members.roles.description')}
        </Text>
        {roles.isError ? <QueryError error={roles.error} onRetry={() => void roles.refetch()} /> : null}
        <MultiSelect
          label={t('members.fields.roles')}
          placeholder={t('members.roles.placeholder')}
          data={options}
          value={chosen}
          onChange={setChosen}
          searchable
          clearable
          disabled={roles.isPending}
          nothingFoundMessage={t('members.roles.noneFound')}
        />
        {error ? <ProblemAlert error={error} /> : null}
        {error?.isPreconditionFailed ? <Text size="sm">{t('members.roles.conflict')}</Text> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={error?.isPreconditionFailed}>
            {t('members.roles.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Sets the roles a member holds directly (PUT /members/{id}/roles with If-Match); roles through groups stay. */
export function MemberRolesModal({ member, etag, onClose }: { member: Member | null; etag?: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={member !== null} onClose={onClose} title={member ? t('members.roles.title', { name: member.name }) : ''} centered>
      {member ? <MemberRolesForm key={member.user_id} member={member} etag={etag} onClose={onClose} /> : null}
    </Modal>
  );
}
