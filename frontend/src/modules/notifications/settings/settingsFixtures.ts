/** The event catalogue, settings and e-mail templates as the API answers them, for the notification settings tests. */
import type { EmailTemplate, NotificationEvent, NotificationSetting, RenderedEmail } from './notificationSettingsApi';

export function eventFixture(overrides: Partial<NotificationEvent> = {}): NotificationEvent {
  return {
    code: 'jobs.job_failed',
    module: 'administration',
    name: 'Background job failed',
    description: 'A background job failed on every attempt.',
    default_channels: ['in_app', 'email'],
    placeholders: [
      { name: 'job_kind', description: 'What the job does', example: 'audit.purge' },
      { name: 'job_id', description: 'The job number', example: '42' },
    ],
    ...overrides,
  };
}

export const CONTRACT_EXPIRING = eventFixture({
  code: 'procurement.contract_expiring',
  module: 'procurement',
  name: 'Contract expiring',
  description: 'A supplier contract reaches its end date.',
  default_channels: ['in_app'],
  placeholders: [{ name: 'contract_name', description: 'The contract', example: 'Cloud hosting' }],
});

export const JOB_FAILED = eventFixture();

export const WEBHOOK_TEST = eventFixture({
  code: 'webhook.test',
  name: 'Webhook test',
  description: 'A test message sent to a webhook endpoint.',
  default_channels: ['webhook'],
  placeholders: [{ name: 'endpoint_name', description: 'The endpoint’s name', example: 'SIEM intake' }],
});

export function settingFixture(overrides: Partial<NotificationSetting> = {}): NotificationSetting {
  return {
    event: 'jobs.job_failed',
    enabled: true,
    channels: ['in_app', 'email'],
    offsets_days: [],
    recipient_role_ids: [],
    customised: false,
    version: 0,
    ...overrides,
  };
}

export function templateFixture(overrides: Partial<EmailTemplate> = {}): EmailTemplate {
  return {
    event: 'jobs.job_failed',
    locale: 'en',
    subject: 'A background job failed: {{.job_kind}}',
    text: 'The job {{.job_kind}} (number {{.job_id}}) failed.',
    html: '<p>The job <strong>{{.job_kind}}</strong> failed.</p>',
    system: true,
    placeholders: JOB_FAILED.placeholders,
    version: 0,
    ...overrides,
  };
}

/** Renders like the server: each placeholder replaced by its example value. */
export function renderFixture(input: { subject: string; text: string; html?: string }, warnings: string[] = []): RenderedEmail {
  const examples: Record<string, string> = Object.fromEntries(
    JOB_FAILED.placeholders.map((placeholder) => [placeholder.name, placeholder.example]),
  );
  const render = (value: string) => value.replace(/\{\{\.(\w+)\}\}/g, (_, name: string) => examples[name] ?? '');
  return { subject: render(input.subject), text: render(input.text), html: render(input.html ?? ''), warnings };
}
