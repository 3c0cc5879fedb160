import { Alert, Button, Group, Modal, MultiSelect, Radio, Stack, Switch, Text, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Controller, useForm, type UseFormSetError, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm, type ApiError, type FieldError, toApiError, type Versioned } from '../../../lib/api';
import { ProblemAlert } from '../../administration/access/ProblemAlert';
import { RouterButton } from '../../../ui/RouterLinks';
import { SecretReveal } from './SecretReveal';
import { WebhookKindBadge } from './WebhookBadges';
import {
  buildWebhookPatch,
  createWebhookSchema,
  emptyWebhookValues,
  nextEventSelection,
  toWebhookCreate,
  toWebhookValues,
  WEBHOOK_FORM_FIELDS,
  type WebhookFormValues,
} from './webhookForm';
import {
  ALL_EVENTS,
  type NotificationEvent,
  notificationEventsQueryOptions,
  useCreateWebhook,
  useUpdateWebhook,
  type Webhook,
  webhookEtag,
  WEBHOOK_KINDS,
  type WebhookWithSecret,
} from './webhooksApi';
import { useModuleName } from './useModuleName';

interface EventOptionGroup {
  group: string;
  items: { value: string; label: string }[];
}

/** "All events" first, then the catalogue grouped by module; codes the catalogue lacks (kept from before) at the end. */
function useEventOptions(events: NotificationEvent[] | undefined, selected: readonly string[]) {
  const { t } = useTranslation();
  const moduleName = useModuleName();
  return useMemo(() => {
    const groups = new Map<string, EventOptionGroup>();
    groups.set('', { group: t('webhooks.form.everything'), items: [{ value: ALL_EVENTS, label: t('webhooks.form.allEvents') }] });
    const known = new Set<string>([ALL_EVENTS]);
    for (const event of events ?? []) {
      const group = groups.get(event.module) ?? { group: moduleName(event.module), items: [] };
      group.items.push({ value: event.code, label: `${event.name} (${event.code})` });
      groups.set(event.module, group);
      known.add(event.code);
    }
    const unknown = selected.filter((code) => !known.has(code));
    if (unknown.length > 0) {
      groups.set('?', { group: t('webhooks.form.otherEvents'), items: unknown.map((code) => ({ value: code, label: code })) });
    }
    return [...groups.values()];
  }, [events, selected, moduleName, t]);
}

interface WebhookFormProps {
  initial: WebhookFormValues;
  /** Editing: the kind is shown, not chosen; a Slack endpoint's URL (`currentUrl`, redacted) is kept when left empty. */
  editing?: { currentUrl: string };
  submitLabel: string;
  label: string;
  onSubmit: (values: WebhookFormValues, form: { setError: UseFormSetError<WebhookFormValues> }) => Promise<void>;
  onCancel: () => void;
  disabled?: boolean;
}

/** The URL field's help, by kind and by whether a Slack URL is kept. */
function useUrlHelp(kind: WebhookFormValues['kind'], editing: WebhookFormProps['editing']) {
  const { t } = useTranslation();
  if (kind !== 'slack') {
    return { description: t('webhooks.form.urlDescription'), placeholder: 'https://siem.example/hooks/opsdeck', required: true };
  }
  if (editing) {
    return {
      description: t('webhooks.form.slackUrlKeepDescription', { url: editing.currentUrl }),
      placeholder: t('webhooks.form.slackUrlKeep'),
      required: false,
    };
  }
  return {
    description: t('webhooks.form.slackUrlDescription'),
    placeholder: 'https://hooks.slack.com/services/…',
    required: true,
  };
}

function WebhookForm({ initial, editing, submitLabel, label, onSubmit, onCancel, disabled = false }: WebhookFormProps) {
  const { t } = useTranslation();
  const keepUrlWhenEmpty = editing !== undefined && initial.kind === 'slack';
  const schema = useMemo(() => createWebhookSchema(t, { keepUrlWhenEmpty }), [t, keepUrlWhenEmpty]);
  const form = useForm<WebhookFormValues>({ resolver: zodResolver(schema), defaultValues: initial, mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const catalogue = useQuery(notificationEventsQueryOptions());
  const selected = useWatch({ control: form.control, name: 'events' });
  const kind = useWatch({ control: form.control, name: 'kind' });
  const options = useEventOptions(catalogue.data, selected);
  const urlHelp = useUrlHelp(kind, editing);
  const kindLabelId = useId();

  const submit = form.handleSubmit((values) => onSubmit(values, { setError: form.setError }));
  return (
    <form
      noValidate
      aria-label={label}
      onSubmit={(event) => {
        void submit(event);
      }}
    >
      <Stack gap="md">
        <TextInput
          {...form.register('name')}
          label={t('webhooks.fields.name')}
          description={t('webhooks.form.nameDescription')}
          maxLength={200}
          required
          data-autofocus
          error={errors.name?.message}
        />
        {editing ? (
          <Stack gap={4}>
            <Text size="sm" fw={500} id={kindLabelId}>
              {t('webhooks.fields.kind')}
            </Text>
            <Group gap="xs" aria-labelledby={kindLabelId} role="group">
              <WebhookKindBadge kind={initial.kind} />
              <Text size="xs" c="dimmed">
                {t('webhooks.form.kindFixed')}
              </Text>
            </Group>
          </Stack>
        ) : (
          <Controller
            control={form.control}
            name="kind"
            render={({ field, fieldState }) => (
              <Radio.Group
                name={field.name}
                label={t('webhooks.fields.kind')}
                description={t('webhooks.form.kindDescription')}
                value={field.value}
                onChange={(value) => {
                  field.onChange(value);
                }}
                onBlur={field.onBlur}
                error={fieldState.error?.message}
              >
                <Stack gap="xs" mt="xs">
                  {WEBHOOK_KINDS.map((option) => (
                    <Radio
                      key={option}
                      value={option}
                      label={t(`webhooks.form.kinds.${option}`)}
                      description={t(`webhooks.form.kinds.${option}Help`)}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            )}
          />
        )}
        <TextInput
          {...form.register('url')}
          type="url"
          label={t('webhooks.fields.url')}
          description={urlHelp.description}
          placeholder={urlHelp.placeholder}
          maxLength={2000}
          required={urlHelp.required}
          spellCheck={false}
          autoCapitalize="none"
          error={errors.url?.message}
        />
        <Controller
          control={form.control}
          name="events"
          render={({ field, fieldState }) => (
            <MultiSelect
              ref={field.ref}
              label={t('webhooks.fields.events')}
              description={catalogue.isError ? t('webhooks.form.catalogueFailed') : t('webhooks.form.eventsDescription')}
              placeholder={field.value.length === 0 ? t('webhooks.form.eventsPlaceholder') : undefined}
              data={options}
              value={field.value}
              onChange={(next) => {
                field.onChange(nextEventSelection(field.value, next));
              }}
              onBlur={field.onBlur}
              searchable
              required
              maxValues={200}
              nothingFoundMessage={t('webhooks.form.noEventFound')}
              error={fieldState.error?.message}
              comboboxProps={{ withinPortal: true }}
            />
          )}
        />
        <Controller
          control={form.control}
          name="enabled"
          render={({ field }) => (
            <Switch
              ref={field.ref}
              label={t('webhooks.fields.enabled')}
              description={t('webhooks.form.enabledDescription')}
              checked={field.value}
              onChange={(event) => {
                field.onChange(event.currentTarget.checked);
              }}
              onBlur={field.onBlur}
            />
          )}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSubmitting} disabled={disabled}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface FormProblem {
  error: ApiError;
  unmatched: FieldError[];
}

type SignedWebhook = WebhookWithSecret & { secret: string };

/**
 * Adds an endpoint. A signed webhook's secret is then shown once, in place of the form; a Slack endpoint has none, so
 * the modal just closes with a notification.
 */
export function CreateWebhookModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateWebhook();
  const [created, setCreated] = useState<SignedWebhook | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const close = () => {
    setCreated(null);
    setProblem(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('webhooks.create.title')}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {created ? (
        <Stack gap="md">
          <SecretReveal secret={created.secret} onDone={close} />
          <div>
            <RouterButton
              variant="subtle"
              to="/administration/webhooks/$id"
              params={{ id: created.webhook.id }}
              onClick={close}
            >
              {t('webhooks.create.openDetail', { name: created.webhook.name })}
            </RouterButton>
          </div>
        </Stack>
      ) : (
        <Stack gap="md">
          {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
          <WebhookForm
            initial={emptyWebhookValues()}
            label={t('webhooks.create.title')}
            submitLabel={t('webhooks.create.submit')}
            onCancel={close}
            onSubmit={async (values, { setError }) => {
              setProblem(null);
              try {
                const result = await create.mutateAsync(toWebhookCreate(values));
                const { secret } = result;
                if (secret === null) {
                  notifications.show({
                    color: 'green',
                    message: t('webhooks.create.doneSlack', { name: result.webhook.name }),
                  });
                  close();
                  return;
                }
                notifications.show({ color: 'green', message: t('webhooks.create.done', { name: result.webhook.name }) });
                setCreated({ ...result, secret });
              } catch (thrown) {
                applyProblemToForm(thrown, {
                  setError,
                  fields: WEBHOOK_FORM_FIELDS,
                  notify: (error, unmatched) => {
                    setProblem({ error, unmatched });
                  },
                });
              }
            }}
          />
        </Stack>
      )}
    </Modal>
  );
}

export interface EditWebhookModalProps {
  opened: boolean;
  webhook: Versioned<Webhook>;
  /** Reads the endpoint again (after a 412) and answers the fresh version. */
  reload: () => Promise<Versioned<Webhook> | undefined>;
  onClose: () => void;
}

/**
 * Changes name, URL, events and enabled with a merge patch of what changed and the If-Match of the version shown. The
 * kind is fixed; a Slack endpoint's URL is only sent when a new one is typed.
 */
export function EditWebhookModal({ opened, webhook, reload, onClose }: EditWebhookModalProps) {
  const { t } = useTranslation();
  const update = useUpdateWebhook(webhook.data.id);
  // The version under edit: a background refetch does not replace what is being typed.
  const [baseline, setBaseline] = useState(webhook);
  const [conflict, setConflict] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [reloading, setReloading] = useState(false);
  const original = useMemo(() => toWebhookValues(baseline.data), [baseline.data]);
  const close = () => {
    setProblem(null);
    setConflict(false);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('webhooks.edit.title', { name: baseline.data.name })}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="md">
        {conflict ? (
          <Alert
            role="alert"
            color="orange"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title={t('webhooks.edit.conflictTitle')}
          >
            <Stack gap="sm" align="flex-start">
              {t('webhooks.edit.conflictBody')}
              <Button
                color="orange"
                leftSection={<IconRefresh size={16} aria-hidden />}
                loading={reloading}
                onClick={() => {
                  setReloading(true);
                  void reload()
                    .then((fresh) => {
                      if (fresh) {
                        setBaseline(fresh);
                        setConflict(false);
                      }
                    })
                    .finally(() => {
                      setReloading(false);
                    });
                }}
              >
                {t('webhooks.edit.reload')}
              </Button>
            </Stack>
          </Alert>
        ) : null}
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <WebhookForm
          key={baseline.data.version}
          initial={original}
          editing={{ currentUrl: baseline.data.url }}
          label={t('webhooks.edit.title', { name: baseline.data.name })}
          submitLabel={t('common.save')}
          disabled={conflict}
          onCancel={close}
          onSubmit={async (values, { setError }) => {
            setProblem(null);
            const patch = buildWebhookPatch(original, values);
            if (!patch) {
              notifications.show({ message: t('webhooks.edit.noChanges') });
              close();
              return;
            }
            try {
              const saved = await update.mutateAsync({ patch, etag: webhookEtag(baseline) });
              notifications.show({ color: 'green', message: t('webhooks.edit.done', { name: saved.data.name }) });
              setBaseline(saved);
              close();
            } catch (thrown) {
              const error = toApiError(thrown);
              if (error.isPreconditionFailed) {
                setConflict(true);
                return;
              }
              applyProblemToForm(error, {
                setError,
                fields: WEBHOOK_FORM_FIELDS,
                notify: (refused, unmatched) => {
                  setProblem({ error: refused, unmatched });
                },
              });
            }
          }}
        />
      </Stack>
    </Modal>
  );
}
