import { Badge, Code, Group, Tooltip } from '@mantine/core';
import { IconBrandSlack, IconWebhook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ReadableBadge } from '../../../ui/ReadableBadge';
import { ALL_EVENTS, type Webhook, type WebhookKind } from './webhooksApi';

/** Signed JSON webhook or Slack-compatible chat. */
export function WebhookKindBadge({ kind }: { kind: WebhookKind }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge
      color={kind === 'slack' ? 'grape' : 'blue'}
      leftSection={kind === 'slack' ? <IconBrandSlack size={12} aria-hidden /> : <IconWebhook size={12} aria-hidden />}
    >
      {t(`webhooks.kind.${kind}`)}
    </ReadableBadge>
  );
}

/** Archived, disabled or enabled. */
export function WebhookStatusBadge({ webhook }: { webhook: Pick<Webhook, 'enabled' | 'archived_at'> }) {
  const { t } = useTranslation();
  if (webhook.archived_at) {
    return (
      <Badge variant="light" color="gray" tt="none">
        {t('webhooks.status.archived')}
      </Badge>
    );
  }
  return webhook.enabled ? (
    <Badge variant="dot" color="green" tt="none">
      {t('webhooks.status.enabled')}
    </Badge>
  ) : (
    <Badge variant="dot" color="gray" tt="none">
      {t('webhooks.status.disabled')}
    </Badge>
  );
}

/** The outcome of a delivery attempt. */
export function OutcomeBadge({ succeeded }: { succeeded: boolean }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={succeeded ? 'green' : 'red'}>
      {succeeded ? t('webhooks.outcome.succeeded') : t('webhooks.outcome.failed')}
    </ReadableBadge>
  );
}

/** How many event codes a row shows before "+N". */
const SHOWN_EVENTS = 2;

export function EventsSummary({ events }: { events: readonly string[] }) {
  const { t } = useTranslation();
  if (events.includes(ALL_EVENTS)) {
    return (
      <Badge variant="light" tt="none">
        {t('webhooks.form.allEvents')}
      </Badge>
    );
  }
  const hidden = events.length - SHOWN_EVENTS;
  return (
    <Group gap={4}>
      {events.slice(0, SHOWN_EVENTS).map((code) => (
        <Code key={code} fz="xs">
          {code}
        </Code>
      ))}
      {hidden > 0 ? (
        <Tooltip label={events.slice(SHOWN_EVENTS).join(', ')} multiline maw={320}>
          <Badge variant="default" size="sm" tt="none" tabIndex={0}>
            {t('webhooks.moreEvents', { count: hidden })}
          </Badge>
        </Tooltip>
      ) : null}
    </Group>
  );
}
