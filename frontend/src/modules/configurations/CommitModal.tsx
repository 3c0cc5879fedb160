import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { type ApiError, toApiError } from '../../lib/api';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { applyFormProblem, type FormProblem } from '../assets/formProblems';
import { useDocumentError } from './configurationForm';
import { type Configuration, useCommitVersion } from './configurationsApi';
import { checkDocument, prettyJson } from './documentJson';

interface CommitValues {
  document: string;
  message: string;
}

export interface CommitModalProps {
  opened: boolean;
  configuration: Configuration;
  /** Reads the configuration again (after someone else committed). */
  reload: () => Promise<Configuration | undefined>;
  onClose: () => void;
}

/**
 * Commits a new version: the editor starts from the current document, a message is required, and the version the edit
 * started from goes along as `base_version` — when someone committed meanwhile the server refuses (409) and the dialog
 * offers to reload the latest version.
 */
export function CommitModal({ opened, configuration, reload, onClose }: CommitModalProps) {
  const { t } = useTranslation();
  const commit = useCommitVersion(configuration.id);
  const documentError = useDocumentError();
  const [base, setBase] = useState(configuration);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const initial = (c: Configuration): CommitValues => ({ document: prettyJson(c.document), message: '' });
  const form = useForm<CommitValues>({ defaultValues: initial(configuration), mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const title = t('configurations.commit.title', { name: configuration.name });
  const close = () => {
    setConflict(null);
    setProblem(null);
    onClose();
  };

  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    const check = checkDocument(values.document);
    if (!check.ok) return;
    try {
      const version = await commit.mutateAsync({
        document: check.document,
        message: values.message.trim(),
        base_version: base.current_version,
      });
      notifications.show({ color: 'green', message: t('configurations.commit.done', { number: version.number }) });
      close();
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.status === 409) {
        setConflict(error);
        return;
      }
      applyFormProblem(error, { setError: form.setError, fields: ['document', 'message'], setProblem });
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={title} size="xl" centered>
      <Stack gap="md">
        {conflict ? (
          <Alert
            role="alert"
            color="orange"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title={t('configurations.commit.conflictTitle')}
          >
            <Stack gap="sm" align="flex-start">
              <Text size="sm">{conflict.detail ?? conflict.title}</Text>
              <Text size="sm">{t('configurations.commit.conflictHelp')}</Text>
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} aria-hidden />}
                onClick={() => {
                  void reload().then((fresh) => {
                    if (!fresh) return;
                    setBase(fresh);
                    form.reset({ ...initial(fresh), message: form.getValues('message') });
                    setConflict(null);
                  });
                }}
              >
                {t('configurations.commit.reload')}
              </Button>
            </Stack>
          </Alert>
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
            <Text size="sm" c="dimmed">
              {t('configurations.commit.base', { number: base.current_version })}
            </Text>
            <Textarea
              {...form.register('document', { validate: (value) => documentError(checkDocument(value)) })}
              label={t('configurations.fields.document')}
              description={t('configurations.form.documentDescription')}
              required
                  rows={16}
                  resize="vertical"
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              error={errors.document?.message}
            />
            <TextInput
              {...form.register('message', {
                validate: (value) => (value.trim() === '' ? t('configurations.commit.messageRequired') : undefined),
              })}
              label={t('configurations.fields.message')}
              description={t('configurations.commit.messageDescription')}
              maxLength={500}
              required
              data-autofocus
              error={errors.message?.message}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={isSubmitting} disabled={conflict !== null}>
                {t('configurations.commit.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
