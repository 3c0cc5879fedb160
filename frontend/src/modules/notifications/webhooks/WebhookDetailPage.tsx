import { Alert, Button, Card, CloseButton, Code, DataList, Group, Skeleton, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconArrowLeft,
  IconKey,
  IconLock,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconSend,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../../lib/api';
import { can, useMe } from '../../../lib/me';
import { showProblemNotification } from '../../../lib/problemNotification';
import { AuditTime } from '../../../ui/audit/AuditTime';
import { Page } from '../../../ui/Page';
import { QueryError } from '../../../ui/QueryError';
import { RouterButton } from '../../../ui/RouterLinks';
import { ConfirmModal } from '../../administration/access/ConfirmModal';
import { JobProgress } from '../../jobs/JobProgress';
import { DeliveryLog } from './DeliveryLog';
import { SecretReveal } from './SecretReveal';
import { EventsSummary, OutcomeBadge, WebhookKindBadge, WebhookStatusBadge } from './WebhookBadges';
import { EditWebhookModal } from './WebhookFormModal';
import {
  ALL_EVENTS,
  type Webhook,
  webhookEtag,
  webhookQueryOptions,
  webhooksQueryKey,
  useArchiveWebhook,
  useRotateWebhookSecret,
  useTestWebhook,
  useUpdateWebhook,
} from './webhooksApi';

const routeApi = getRouteApi('/_app/administration/webhooks/$id');

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="md">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Facts({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const slack = webhook.kind === 'slack';
  return (
    <DataList size="sm" gap="xs" labelWidth="11rem" withDivider>
      <Item label={t('webhooks.fields.kind')}>
        <WebhookKindBadge kind={webhook.kind} />
      </Item>
      <Item label={t('webhooks.fields.url')}>
        <Code>{webhook.url}</Code>
        {slack ? (
          <Text size="xs" c="dimmed" mt={4}>
            {t('webhooks.slack.urlRedacted')}
          </Text>
        ) : null}
      </Item>
      <Item label={t('webhooks.fields.events')}>
        {webhook.events.includes(ALL_EVENTS) ? (
          <EventsSummary events={webhook.events} />
        ) : (
          <Group gap={4}>
            {webhook.events.map((code) => (
              <Code key={code}>{code}</Code>
            ))}
          </Group>
        )}
      </Item>
      <Item label={t('webhooks.fields.status')}>
        <WebhookStatusBadge webhook={webhook} />
      </Item>
      <Item label={t('webhooks.fields.lastDelivery')}>
        {webhook.last_delivery_at ? (
          <Group gap="xs">
            <AuditTime value={webhook.last_delivery_at} />
            {webhook.last_status ? <OutcomeBadge succeeded={webhook.last_status === 'succeeded'} /> : null}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('webhooks.neverDelivered')}
          </Text>
        )}
      </Item>
      {slack ? (
        <Item label={t('webhooks.fields.secret')}>
          <Text size="sm" data-testid="webhook-no-secret">
            {t('webhooks.slack.noSecret')}
          </Text>
        </Item>
      ) : (
        <Item label={t('webhooks.fields.secretRotated')}>
          <AuditTime value={webhook.secret_rotated_at} />
        </Item>
      )}
      <Item label={t('webhooks.fields.created')}>
        <AuditTime value={webhook.created_at} />
      </Item>
      {webhook.archived_at ? (
        <Item label={t('webhooks.fields.archived')}>
          <AuditTime value={webhook.archived_at} />
        </Item>
      ) : null}
    </DataList>
  );
}

type Confirming = 'archive' | 'rotate' | null;

interface ActionsProps {
  webhook: Versioned<Webhook>;
  reload: () => Promise<Versioned<Webhook> | undefined>;
  onSecret: (secret: string) => void;
  onTest: (jobId: number) => void;
}

/** What an administrator can do with an endpoint that is not archived. */
function Actions({ webhook, reload, onSecret, onTest }: ActionsProps) {
  const { t } = useTranslation();
  const data = webhook.data;
  const update = useUpdateWebhook(data.id);
  const archive = useArchiveWebhook(data.id);
  const rotate = useRotateWebhookSecret(data.id);
  const test = useTestWebhook(data.id);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState<Confirming>(null);

  const toggle = () => {
    const enabled = !data.enabled;
    update.mutate(
      { patch: { enabled }, etag: webhookEtag(webhook) },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: enabled
              ? t('webhooks.actions.enabledDone', { name: data.name })
              : t('webhooks.actions.disabledDone', { name: data.name }),
          });
        },
        onError: (thrown) => {
          const error = toApiError(thrown);
          if (error.isPreconditionFailed) {
            notifications.show({ color: 'orange', title: t('webhooks.edit.conflictTitle'), message: t('webhooks.actions.reloaded') });
            void reload();
            return;
          }
          showProblemNotification(error);
        },
      },
    );
  };

  return (
    <>
      <Group gap="sm">
        <Button
          variant="default"
          leftSection={<IconPencil size={16} aria-hidden />}
          onClick={() => {
            setEditing(true);
          }}
        >
          {t('webhooks.actions.edit')}
        </Button>
        <Button
          variant="default"
          leftSection={data.enabled ? <IconPlayerPause size={16} aria-hidden /> : <IconPlayerPlay size={16} aria-hidden />}
          loading={update.isPending}
          onClick={toggle}
        >
          {data.enabled ? t('webhooks.actions.disable') : t('webhooks.actions.enable')}
        </Button>
        <Button
          variant="default"
          leftSection={<IconSend size={16} aria-hidden />}
          loading={test.isPending}
          onClick={() => {
            test.mutate(undefined, {
              onSuccess: (ref) => {
                onTest(ref.job_id);
              },
              onError: (error) => {
                showProblemNotification(toApiError(error));
              },
            });
          }}
        >
          {t('webhooks.actions.test')}
        </Button>
        {/* A Slack endpoint has no signing secret (the API answers 409): its URL is changed by editing it. */}
        {data.kind === 'slack' ? null : (
          <Button
            variant="default"
            leftSection={<IconKey size={16} aria-hidden />}
            onClick={() => {
              setConfirming('rotate');
            }}
          >
            {t('webhooks.actions.rotate')}
          </Button>
        )}
        <Button
          variant="default"
          leftSection={<IconArchive size={16} color="var(--mantine-color-red-filled)" aria-hidden />}
          onClick={() => {
            setConfirming('archive');
          }}
        >
          {t('webhooks.actions.archive')}
        </Button>
      </Group>
      {data.kind === 'slack' ? (
        <Text size="xs" c="dimmed" mt="xs" data-testid="webhook-no-rotate">
          {t('webhooks.slack.noRotate')}
        </Text>
      ) : null}

      {editing ? (
        <EditWebhookModal
          opened
          webhook={webhook}
          reload={reload}
          onClose={() => {
            setEditing(false);
          }}
        />
      ) : null}
      <ConfirmModal
        opened={confirming === 'rotate'}
        title={t('webhooks.rotate.title', { name: data.name })}
        confirmLabel={t('webhooks.rotate.confirm')}
        onClose={() => {
          setConfirming(null);
        }}
        onConfirm={async () => {
          const result = await rotate.mutateAsync();
          if (result.secret !== null) onSecret(result.secret);
        }}
      >
        {t('webhooks.rotate.body')}
      </ConfirmModal>
      <ConfirmModal
        opened={confirming === 'archive'}
        title={t('webhooks.archive.title', { name: data.name })}
        confirmLabel={t('webhooks.archive.confirm')}
        danger
        onClose={() => {
          setConfirming(null);
        }}
        onConfirm={async () => {
          await archive.mutateAsync();
          notifications.show({ color: 'green', message: t('webhooks.archive.done', { name: data.name }) });
        }}
      >
        {t('webhooks.archive.body', { name: data.name })}
      </ConfirmModal>
    </>
  );
}

/** Administration → Webhooks → one endpoint: its settings, the actions on it, and its delivery log. */
export function WebhookDetailPage() {
  const { t } = useTranslation();
  const { id } = routeApi.useParams();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useQuery(webhookQueryOptions(id));
  const admin = can(me.data, 'administration', 'admin');
  const [secret, setSecret] = useState<string | null>(null);
  const [testJob, setTestJob] = useState<number | null>(null);
  const data = query.data?.data;
  const archived = Boolean(data?.archived_at);

  return (
    <Page
      title={data ? data.name : t('webhooks.detailTitle')}
      description={data?.url}
      actions={
        <RouterButton variant="subtle" to="/administration/webhooks" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('webhooks.backToList')}
        </RouterButton>
      }
    >
      {query.isPending ? <Skeleton height={260} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && data ? (
        <>
          {secret ? (
            <SecretReveal
              secret={secret}
              rotated
              onDone={() => {
                setSecret(null);
              }}
            />
          ) : null}
          {admin && !archived ? (
            <Card withBorder padding="md" radius="md" component="section" aria-label={t('webhooks.actions.label')}>
              <Actions
                webhook={query.data}
                reload={async () => (await query.refetch()).data}
                onSecret={setSecret}
                onTest={setTestJob}
              />
            </Card>
          ) : null}
          {!admin ? (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />} data-testid="read-only-notice">
              {t('webhooks.viewOnly')}
            </Alert>
          ) : null}
          {archived ? (
            <Alert color="gray" variant="light" icon={<IconArchive aria-hidden />}>
              {t('webhooks.archivedNotice')}
            </Alert>
          ) : null}
          {testJob !== null ? (
            <Card withBorder padding="md" radius="md" component="section" aria-labelledby="webhook-test-title">
              <Group justify="space-between" mb="sm" wrap="nowrap">
                <Title order={2} size="h4" id="webhook-test-title">
                  {t('webhooks.test.title')}
                </Title>
                <CloseButton
                  aria-label={t('webhooks.test.dismiss')}
                  onClick={() => {
                    setTestJob(null);
                  }}
                />
              </Group>
              <JobProgress
                jobId={testJob}
                onFinished={() => {
                  // The attempt is in the log now, and the endpoint's last delivery changed.
                  void queryClient.invalidateQueries({ queryKey: webhooksQueryKey });
                }}
              />
            </Card>
          ) : null}
          <Section id="webhook-settings" title={t('webhooks.settingsTitle')}>
            <Facts webhook={data} />
          </Section>
          <Section id="webhook-deliveries" title={t('webhooks.deliveries.title')}>
            <DeliveryLog
              webhookId={data.id}
              outcome={search.outcome}
              onOutcomeChange={(outcome) => {
                void navigate({ search: outcome ? { outcome } : {}, replace: true });
              }}
            />
          </Section>
        </>
      ) : null}
    </Page>
  );
}
