import { Alert, Button, Code, CopyButton, Group, Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconLink } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ApiError, applyProblemToForm, client, unwrap } from '../../../lib/api';
import { QueryError } from '../../../ui/QueryError';
import { type InvitationResult, rolesQueryOptions, useInvalidateAccess } from './accessApi';
import { ProblemAlert } from './ProblemAlert';

function createInvitationSchema(t: TFunction) {
  return z.object({
    email: z
      .string()
      .trim()
      .min(1, t('validation.required'))
      .max(254, t('validation.tooLong', { max: 254 }))
      .pipe(z.email(t('members.invite.invalidEmail'))),
    name: z.string().trim().min(1, t('validation.required')).max(200, t('validation.tooLong', { max: 200 })),
    role_ids: z.array(z.string()).max(50, t('validation.tooMany', { max: 50 })),
  });
}

type InvitationValues = z.infer<ReturnType<typeof createInvitationSchema>>;
const INVITATION_FIELDS = ['email', 'name', 'role_ids'] as const;

/** The single-use link to set a password, when no e-mail could carry it: shown once, to pass on by other means. */
function SetPasswordLink({ result, onDone }: { result: InvitationResult; onDone: () => void }) {
  const { t } = useTranslation();
  const url = result.set_password_url ?? '';
  return (
    <Stack gap="md">
      <Alert color="blue" variant="light" icon={<IconLink aria-hidden />} title={t('members.invite.link.title')}>
        <Stack gap="sm">
          <Text size="sm">{t('members.invite.link.body', { name: result.member.name, email: result.member.email })}</Text>
          <Text size="sm" fw={700}>
            {t('members.invite.link.warning')}
          </Text>
          <Code block data-testid="set-password-url" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {url}
          </Code>
          <Group>
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Button
                  size="xs"
                  variant="default"
                  onClick={copy}
                  leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                >
                  {copied ? t('common.copied') : t('members.invite.link.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Stack>
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onDone}>{t('members.invite.link.done')}</Button>
      </Group>
    </Stack>
  );
}

function InviteForm({ onInvited, onCancel }: { onInvited: (result: InvitationResult) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const roles = useQuery(rolesQueryOptions());
  const invalidate = useInvalidateAccess();
  const schema = useMemo(() => createInvitationSchema(t), [t]);
  const form = useForm<InvitationValues>({
    resolver: zodResolver(schema),
    defaultValues: { email: '', name: '', role_ids: [] },
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<{ error: ApiError; unmatched: ApiError['errors'] } | null>(null);
  const invite = useMutation({
    mutationFn: async (values: InvitationValues) =>
      (await unwrap(client.POST('/members', { body: { email: values.email, name: values.name, role_ids: values.role_ids } })))
        .data,
    onSuccess: () => invalidate(),
  });

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      onInvited(await invite.mutateAsync(values));
    } catch (thrown) {
      applyProblemToForm(thrown, {
        setError: form.setError,
        fields: INVITATION_FIELDS,
        notify: (error, unmatched) => {
          setProblem({ error, unmatched });
        },
      });
    }
  });

  return (
    <form
      noValidate
      aria-label={t('members.invite.title')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('members.invite.description')}
        </Text>
        <TextInput
          {...form.register('email')}
          type="email"
          autoComplete="off"
          label={t('members.fields.email')}
          maxLength={254}
          required
          error={errors.email?.message}
          data-autofocus
        />
        <TextInput
          {...form.register('name')}
          autoComplete="off"
          label={t('members.fields.name')}
          maxLength={200}
          required
          error={errors.name?.message}
        />
        {roles.isError ? <QueryError error={roles.error} onRetry={() => void roles.refetch()} /> : null}
        <Controller
          control={form.control}
          name="role_ids"
          render={({ field, fieldState }) => (
            <MultiSelect
              ref={field.ref}
              label={t('members.fields.roles')}
              description={t('members.invite.rolesDescription')}
              placeholder={t('members.roles.placeholder')}
              data={(roles.data ?? []).map((role) => ({ value: role.id, label: role.name }))}
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              searchable
              clearable
              disabled={roles.isPending}
              nothingFoundMessage={t('members.roles.noneFound')}
              error={fieldState.error?.message}
            />
          )}
        />
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {t('members.invite.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Invite someone (POST /members). A new account gets an e-mail with a link to set a password; when the deployment
 * cannot send e-mail the answer carries that link instead, which is shown once here with a copy button.
 */
export function InviteMemberModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<InvitationResult | null>(null);
  const close = () => {
    // The link is dropped with the dialog: it is never shown again.
    setResult(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={result ? t('members.invite.link.heading') : t('members.invite.title')}
      centered
      size="lg"
      // Closing by a stray click or key would lose the one-time link: only the buttons close it then.
      closeOnClickOutside={result === null}
      closeOnEscape={result === null}
    >
      {result ? (
        <SetPasswordLink result={result} onDone={close} />
      ) : opened ? (
        <InviteForm
          onCancel={close}
          onInvited={(invited) => {
            const { name, email } = invited.member;
            if (invited.set_password_url) {
              setResult(invited);
              return;
            }
            notifications.show({
              color: 'green',
              message: invited.invitation_sent
                ? t('members.invite.sent', { name, email })
                : t('members.invite.added', { name }),
            });
            close();
          }}
        />
      ) : null}
    </Modal>
  );
}
