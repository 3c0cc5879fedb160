import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { IconCheck, IconCopy, IconKey, IconUserCheck } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm } from '../../lib/api';
import { type AdministratorCreated, type Organization, useCreateAdministrator } from './organizations';
import {
  ADMINISTRATOR_FIELDS,
  type AdministratorValues,
  createAdministratorSchema,
  toAdministratorCreate,
} from './platformForms';
import { type FormProblem, ProblemAlert } from './ProblemAlert';

function AdministratorForm({
  organization,
  onCreated,
  onCancel,
}: {
  organization: Organization;
  onCreated: (created: AdministratorCreated) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const schema = useMemo(() => createAdministratorSchema(t), [t]);
  const form = useForm<AdministratorValues>({
    resolver: zodResolver(schema),
    defaultValues: { name: '', email: '' },
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = form.formState;
  const create = useCreateAdministrator();
  const [problem, setProblem] = useState<FormProblem | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      onCreated(await create.mutateAsync({ organizationId: organization.id, body: toAdministratorCreate(values) }));
    } catch (thrown) {
      applyProblemToForm(thrown, {
        setError: form.setError,
        fields: ADMINISTRATOR_FIELDS,
        notify: (error, unmatched) => {
          setProblem({ error, unmatched });
        },
      });
    }
  });

  return (
    <form
      noValidate
      aria-label={t('platformAdmin.administrator.formLabel', { organization: organization.name })}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md">
        <Text size="sm">{t('platformAdmin.administrator.intro', { organization: organization.name })}</Text>
        {problem ? <ProblemAlert problem={problem} /> : null}
        <TextInput
          {...form.register('name')}
          label={t('platformAdmin.administrator.name')}
          required
          maxLength={200}
          autoComplete="off"
          data-autofocus
          error={errors.name?.message}
        />
        <TextInput
          {...form.register('email')}
          type="email"
          label={t('platformAdmin.administrator.email')}
          description={t('platformAdmin.administrator.emailDescription')}
          required
          maxLength={254}
          autoComplete="off"
          spellCheck={false}
          error={errors.email?.message}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {t('platformAdmin.administrator.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * What happened, once: an existing account was made owner, or a new one was created — its one-time password lives only
 * in this component's state and is gone when the dialog closes.
 */
function AdministratorResult({
  organization,
  created,
  onDone,
}: {
  organization: Organization;
  created: AdministratorCreated;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const secret = created.one_time_password;
  return (
    <Stack gap="md">
      {!created.created ? (
        <Alert color="green" variant="light" icon={<IconUserCheck aria-hidden />} role="status">
          {t('platformAdmin.administrator.existing', { email: created.email, organization: organization.name })}
        </Alert>
      ) : secret ? (
        <Alert
          color="blue"
          variant="light"
          icon={<IconKey aria-hidden />}
          title={t('platformAdmin.administrator.createdTitle', { email: created.email })}
        >
          <Stack gap="sm">
            <Text size="sm">{t('platformAdmin.administrator.oneTimeIntro', { organization: organization.name })}</Text>
            <Group gap="xs" wrap="nowrap" align="center">
              <Code fz="sm" data-testid="one-time-password" style={{ wordBreak: 'break-all' }}>
                {secret}
              </Code>
              <CopyButton value={secret}>
                {({ copied, copy }) => (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={copy}
                    leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                  >
                    {copied ? t('common.copied') : t('platformAdmin.administrator.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="sm" fw={700}>
              {t('platformAdmin.administrator.oneTimeWarning')}
            </Text>
          </Stack>
        </Alert>
      ) : (
        <Alert color="green" variant="light" icon={<IconUserCheck aria-hidden />} role="status">
          {t('platformAdmin.administrator.createdNoSecret', { email: created.email, organization: organization.name })}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={onDone}>{t('platformAdmin.administrator.done')}</Button>
      </Group>
    </Stack>
  );
}

function AdministratorDialogBody({ organization, onClose }: { organization: Organization; onClose: () => void }) {
  const [created, setCreated] = useState<AdministratorCreated | null>(null);
  return created ? (
    <AdministratorResult organization={organization} created={created} onDone={onClose} />
  ) : (
    <AdministratorForm organization={organization} onCreated={setCreated} onCancel={onClose} />
  );
}

export interface AddAdministratorDialogProps {
  /** The organisation to give an administrator; null when the dialog is closed. */
  organization: Organization | null;
  onClose: () => void;
}

/** Platform → organisation → Add first administrator: the Owner of a new organisation, who then invites the others. */
export function AddAdministratorDialog({ organization, onClose }: AddAdministratorDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={organization !== null}
      onClose={onClose}
      title={t('platformAdmin.administrator.title')}
      size="lg"
      centered
      // A stray click must not throw away a password that is shown only once.
      closeOnClickOutside={false}
    >
      {organization ? <AdministratorDialogBody key={organization.id} organization={organization} onClose={onClose} /> : null}
    </Modal>
  );
}
