import {
  Alert,
  Badge,
  Button,
  Card,
  CloseButton,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconDeviceFloppy,
  IconMailOff,
  IconRefresh,
  IconRestore,
  IconSend,
} from '@tabler/icons-react';
import { useBlocker } from '@tanstack/react-router';
import { useId, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { type ApiError, applyProblemToForm, toApiError } from '../../../lib/api';
import { ProblemDetails } from '../../../ui/ProblemDetails';
import { ConfirmModal } from '../../administration/access/ConfirmModal';
import { JobProgress } from '../../jobs/JobProgress';
import {
  type EmailTemplate,
  SUBJECT_MAX,
  type TemplateLocale,
  useResetEmailTemplate,
  useSaveEmailTemplate,
  useTestEmailTemplate,
} from './notificationSettingsApi';
import { PlaceholderList } from './PlaceholderList';
import {
  createTemplateSchema,
  insertAt,
  placeholderToken,
  TEMPLATE_FIELDS,
  type TemplateField,
  templateFieldOf,
  type TemplateFormValues,
  toTemplateInput,
  toTemplateValues,
  translateTemplateProblem,
} from './templateForm';
import { TemplatePreview } from './TemplatePreview';

export interface EmailTemplateEditorProps {
  eventCode: string;
  /** The event's name, for the texts that quote it. */
  eventName: string;
  locale: TemplateLocale;
  /** The version being edited: the source of If-Match. */
  template: EmailTemplate;
  /** The version in the cache, which background reads keep current. */
  latest: EmailTemplate;
  readOnly: boolean;
  /** A save or a reset answered a new version: edit that one from now on. */
  onReplaced: (template: EmailTemplate) => void;
  onReload: () => void;
  reloading: boolean;
}

/** Why the version under edit is out of date, and the way out. */
function StaleAlert({ conflict, onReload, reloading }: { conflict: boolean; onReload: () => void; reloading: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert
      role={conflict ? 'alert' : 'status'}
      color="orange"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title={conflict ? t('notificationSettings.template.conflict.title') : t('notificationSettings.template.newer.title')}
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {conflict ? t('notificationSettings.template.conflict.body') : t('notificationSettings.template.newer.body')}
        </Text>
        <Button color="orange" leftSection={<IconRefresh size={16} aria-hidden />} loading={reloading} onClick={onReload}>
          {t('notificationSettings.template.conflict.reload')}
        </Button>
      </Stack>
    </Alert>
  );
}

/** A refused test e-mail: 409 means this deployment cannot send e-mail at all, which the user should know plainly. */
function TestProblem({ error, onClose }: { error: ApiError; onClose: () => void }) {
  const { t } = useTranslation();
  const notConfigured = error.status === 409;
  return (
    <Alert
      role="alert"
      color={notConfigured ? 'orange' : 'red'}
      variant="light"
      icon={notConfigured ? <IconMailOff aria-hidden /> : <IconAlertCircle aria-hidden />}
      title={notConfigured ? t('notificationSettings.template.test.notConfigured') : t('notificationSettings.template.test.failed')}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid="test-problem"
    >
      <Stack gap={4}>
        {notConfigured ? (
          <Text size="sm">{t('notificationSettings.template.test.notConfiguredBody')}</Text>
        ) : (
          <Text size="sm" fw={500}>
            {error.title}
          </Text>
        )}
        <ProblemDetails error={error} unmatched={error.errors} />
      </Stack>
    </Alert>
  );
}

/**
 * One language of an event's e-mail template: subject, text and HTML with the placeholders to insert, a live preview,
 * and — for administrators — save, send a test to oneself, and return to the system template.
 */
export function EmailTemplateEditor({
  eventCode,
  eventName,
  locale,
  template,
  latest,
  readOnly,
  onReplaced,
  onReload,
  reloading,
}: EmailTemplateEditorProps) {
  const { t } = useTranslation();
  const language = t(`notificationSettings.template.localesInSentence.${locale}`);
  const schema = useMemo(() => createTemplateSchema(t), [t]);
  const original = useMemo(() => toTemplateValues(template), [template]);
  const form = useForm<TemplateFormValues>({ resolver: zodResolver(schema), defaultValues: original, mode: 'onTouched' });
  const [subject, text, html] = useWatch({ control: form.control, name: ['subject', 'text', 'html'] });
  const values = useMemo(() => ({ subject, text, html }), [subject, text, html]);
  const save = useSaveEmailTemplate(eventCode, locale);
  const reset = useResetEmailTemplate(eventCode, locale);
  const test = useTestEmailTemplate(eventCode, locale);
  const [conflict, setConflict] = useState(false);
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [testJob, setTestJob] = useState<number | null>(null);
  const [testError, setTestError] = useState<ApiError | null>(null);
  // The field that receives a placeholder: the one last focused (the text body until then).
  const [target, setTarget] = useState<TemplateField>('text');
  // Fields the user has been in: their cursor is where a placeholder goes (else at the end).
  const [visited, setVisited] = useState<ReadonlySet<TemplateField>>(new Set());
  const idBase = useId();
  const idOf = (name: TemplateField) => `${idBase}-${name}`;
  const dirty = form.formState.isDirty;
  const stale = latest.version !== template.version || latest.system !== template.system;

  const blocker = useBlocker({
    shouldBlockFn: () => dirty,
    enableBeforeUnload: dirty,
    disabled: !dirty || readOnly,
    withResolver: true,
  });

  const bind = (name: TemplateField) => ({
    ...form.register(name),
    id: idOf(name),
    onFocus: () => {
      setTarget(name);
      setVisited((previous) => (previous.has(name) ? previous : new Set(previous).add(name)));
    },
    readOnly,
    error: form.formState.errors[name]?.message,
  });

  const insert = (name: string) => {
    const found = document.getElementById(idOf(target));
    const element = found instanceof HTMLInputElement || found instanceof HTMLTextAreaElement ? found : undefined;
    const current = form.getValues(target);
    // A field never focused has no cursor the user chose: add at the end.
    const chosen = visited.has(target);
    const start = chosen ? (element?.selectionStart ?? current.length) : current.length;
    const end = chosen ? (element?.selectionEnd ?? start) : start;
    const next = insertAt(current, placeholderToken(name), start, end);
    form.setValue(target, next.value, { shouldDirty: true, shouldValidate: form.formState.errors[target] !== undefined });
    if (element) {
      element.focus();
      element.setSelectionRange(next.cursor, next.cursor);
    }
  };

  const showProblem = (thrown: unknown): ApiError => {
    const error = translateTemplateProblem(toApiError(thrown), t);
    applyProblemToForm(error, { setError: form.setError, fields: TEMPLATE_FIELDS });
    return error;
  };

  const onSubmit = form.handleSubmit(async (submitted) => {
    if (!dirty) {
      notifications.show({ message: t('notificationSettings.template.noChanges') });
      return;
    }
    try {
      const saved = await save.mutateAsync({ version: template.version, input: toTemplateInput(submitted) });
      notifications.show({ color: 'green', message: t('notificationSettings.template.saved', { language }) });
      onReplaced(saved);
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isPreconditionFailed) {
        setConflict(true);
        return;
      }
      showProblem(error);
    }
  });

  const sendTest = async () => {
    setTestError(null);
    if (!(await form.trigger())) return;
    test.mutate(toTemplateInput(form.getValues()), {
      onSuccess: (ref) => {
        setTestJob(ref.job_id);
      },
      onError: (thrown) => {
        const error = toApiError(thrown);
        // A template the server cannot use: say so on its fields, as a save would.
        if (error.isValidation && error.errors.some((fieldError) => templateFieldOf(fieldError) !== undefined)) {
          showProblem(error);
          return;
        }
        setTestError(error);
      },
    });
  };

  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        {template.system ? (
          <Badge variant="light" color="gray" tt="none" data-testid="template-kind">
            {t('notificationSettings.template.system')}
          </Badge>
        ) : (
          <Badge variant="light" color="blue" tt="none" data-testid="template-kind">
            {t('notificationSettings.template.own')}
          </Badge>
        )}
        <Text size="sm" c="dimmed">
          {template.system
            ? t('notificationSettings.template.systemHelp')
            : t('notificationSettings.template.ownHelp', { language })}
        </Text>
      </Group>

      {readOnly ? null : conflict || stale ? (
        <StaleAlert conflict={conflict} onReload={onReload} reloading={reloading} />
      ) : null}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md">
          <Card withBorder padding="md" radius="md">
            <form
              noValidate
              aria-label={t('notificationSettings.template.formLabel', { language })}
              onSubmit={(submitEvent) => {
                void onSubmit(submitEvent);
              }}
            >
              <Stack gap="sm">
                <TextInput
                  label={t('notificationSettings.template.fields.subject')}
                  required={!readOnly}
                  maxLength={SUBJECT_MAX}
                  {...bind('subject')}
                />
                <Textarea
                  label={t('notificationSettings.template.fields.text')}
                  description={t('notificationSettings.template.fieldHelp.text')}
                  required={!readOnly}
                  rows={8}
                  resize="vertical"
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  {...bind('text')}
                />
                <Textarea
                  label={t('notificationSettings.template.fields.html')}
                  description={t('notificationSettings.template.fieldHelp.html')}
                  rows={8}
                  resize="vertical"
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  {...bind('html')}
                />
                <Text size="xs" c="dimmed">
                  {t('notificationSettings.template.syntax', {
                    placeholder: placeholderToken('name'),
                    condition: '{{if .name}}…{{else}}…{{end}}',
                  })}
                </Text>
                {readOnly ? null : (
                  <Group gap="sm">
                    <Button
                      type="submit"
                      leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                      loading={form.formState.isSubmitting}
                      disabled={conflict}
                    >
                      {t('notificationSettings.template.save')}
                    </Button>
                    <Button
                      variant="default"
                      disabled={!dirty || form.formState.isSubmitting}
                      onClick={() => {
                        form.reset(original);
                      }}
                    >
                      {t('common.discard')}
                    </Button>
                    <Button
                      variant="default"
                      leftSection={<IconSend size={16} aria-hidden />}
                      loading={test.isPending}
                      onClick={() => void sendTest()}
                    >
                      {t('notificationSettings.template.test.open')}
                    </Button>
                    {template.system ? null : (
                      <Button
                        variant="subtle"
                        color="red.9"
                        leftSection={<IconRestore size={16} aria-hidden />}
                        onClick={() => {
                          setConfirmingReset(true);
                        }}
                      >
                        {t('notificationSettings.template.reset.open')}
                      </Button>
                    )}
                  </Group>
                )}
              </Stack>
            </form>
          </Card>

          {testError ? (
            <TestProblem
              error={testError}
              onClose={() => {
                setTestError(null);
              }}
            />
          ) : null}
          {testJob !== null ? (
            <Card withBorder padding="md" radius="md" component="section" aria-labelledby="template-test-title">
              <Group justify="space-between" mb="xs" wrap="nowrap">
                <Title order={2} size="h4" id="template-test-title">
                  {t('notificationSettings.template.test.title')}
                </Title>
                <CloseButton
                  aria-label={t('notificationSettings.template.test.dismiss')}
                  onClick={() => {
                    setTestJob(null);
                  }}
                />
              </Group>
              <Text size="sm" mb="xs">
                {t('notificationSettings.template.test.queued')}
              </Text>
              <JobProgress jobId={testJob} />
            </Card>
          ) : null}

          <PlaceholderList placeholders={template.placeholders} target={target} onInsert={readOnly ? undefined : insert} />
        </Stack>

        <TemplatePreview event={eventCode} locale={locale} values={values} />
      </SimpleGrid>

      <ConfirmModal
        opened={confirmingReset}
        title={t('notificationSettings.template.reset.title')}
        confirmLabel={t('notificationSettings.template.reset.confirm')}
        danger
        onClose={() => {
          setConfirmingReset(false);
        }}
        onConfirm={async () => {
          const system = await reset.mutateAsync();
          notifications.show({ color: 'green', message: t('notificationSettings.template.reset.done', { language }) });
          onReplaced(system);
        }}
      >
        <Stack gap="xs">
          <Text size="sm">{t('notificationSettings.template.reset.body', { language, event: eventName })}</Text>
          {dirty ? <Text size="sm">{t('notificationSettings.template.reset.dirty')}</Text> : null}
        </Stack>
      </ConfirmModal>

      <Modal
        opened={blocker.status === 'blocked'}
        onClose={() => {
          blocker.reset?.();
        }}
        title={t('notificationSettings.template.leave.title')}
        centered
      >
        <Stack gap="md">
          <Text size="sm">{t('notificationSettings.template.leave.body', { language })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={() => {
                blocker.reset?.();
              }}
            >
              {t('notificationSettings.leave.stay')}
            </Button>
            <Button
              color="red.9"
              onClick={() => {
                blocker.proceed?.();
              }}
            >
              {t('notificationSettings.leave.discard')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
