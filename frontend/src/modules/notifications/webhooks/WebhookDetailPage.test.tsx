import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { meFixture, problemFixture } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { apiUrl, problemResponse, server } from '../../../test/server';
import { serveSession } from '../../../test/session';
import { completedJobFixture } from '../../jobs/jobFixtures';
import {
  deliveryFixture,
  deliveryListFixture,
  EVENT_CATALOGUE,
  slackWebhookFixture,
  webhookFixture,
} from './webhookFixtures';
import type { Delivery, Webhook } from './webhooksApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const siem = webhookFixture();
const PAGE = `/administration/webhooks/${siem.id}`;
const NEW_SECRET = 'whsec_c2VjcmV0LXJvdGF0ZWQtMjAyNi0xMS0yMg';

const ok = deliveryFixture();
const refused = deliveryFixture({
  id: '0193a2b4-0000-7000-8000-00000000d502',
  event: 'risk.accepted',
  message_id: 'msg_7hT1',
  attempt: 2,
  succeeded: false,
  status_code: 503,
  duration_ms: 1540,
  response: '<html>Service Unavailable</html>',
  error: 'receiver answered 503',
  created_at: '2026-11-22T09:00:00Z',
});
const unreachable = deliveryFixture({
  id: '0193a2b4-0000-7000-8000-00000000d503',
  attempt: 1,
  succeeded: false,
  status_code: null,
  duration_ms: 10_000,
  response: '',
  error: 'dial tcp: i/o timeout',
  created_at: '2026-11-22T08:00:00Z',
});

interface Sent {
  ifMatch: string | null;
  contentType: string | null;
  body: unknown;
}

/** An endpoint at `state.webhook` (ETag = its version), its log, and a record of every change sent. */
function serveWebhook(state: { webhook: Webhook; deliveries?: (query: URLSearchParams) => Delivery[] }) {
  const patches: Sent[] = [];
  const deliveryQueries: URLSearchParams[] = [];
  const posts: string[] = [];
  const etag = () => `"${String(state.webhook.version)}"`;
  server.use(
    http.get(apiUrl('/webhooks/:id'), () => HttpResponse.json(state.webhook, { headers: { ETag: etag() } })),
    http.patch(apiUrl('/webhooks/:id'), async ({ request }) => {
      const body = (await request.json()) as Partial<Webhook>;
      patches.push({ ifMatch: request.headers.get('If-Match'), contentType: request.headers.get('Content-Type'), body });
      if (request.headers.get('If-Match') !== etag()) {
        return problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'Stale version.' }));
      }
      state.webhook = { ...state.webhook, ...body, version: state.webhook.version + 1 };
      return HttpResponse.json(state.webhook, { headers: { ETag: etag() } });
    }),
    http.get(apiUrl('/webhooks/:id/deliveries'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      deliveryQueries.push(query);
      const items = state.deliveries ? state.deliveries(query) : [ok, refused, unreachable];
      return HttpResponse.json(deliveryListFixture(items));
    }),
    http.get(apiUrl('/notification-events'), () =>
      HttpResponse.json({ items: EVENT_CATALOGUE, next_cursor: null, total: EVENT_CATALOGUE.length }),
    ),
    http.post(apiUrl('/webhooks/:id/rotate-secret'), () => {
      posts.push('rotate');
      if (state.webhook.kind === 'slack') {
        return problemResponse(problemFixture({ status: 409, title: 'Conflict', detail: 'Slack endpoints have no secret.' }));
      }
      state.webhook = { ...state.webhook, secret_rotated_at: '2026-11-22T12:00:00Z', version: state.webhook.version + 1 };
      return HttpResponse.json({ webhook: state.webhook, secret: NEW_SECRET });
    }),
    http.post(apiUrl('/webhooks/:id/test'), () => {
      posts.push('test');
      return HttpResponse.json({ job_id: 9 }, { status: 202 });
    }),
  );
  return { patches, deliveryQueries, posts };
}

async function settings() {
  return screen.findByRole('region', { name: 'Settings' });
}

describe('WebhookDetailPage', () => {
  it('shows the endpoint’s settings and its delivery log', async () => {
    serveSession();
    const { deliveryQueries } = serveWebhook({ webhook: siem });
    renderApp(PAGE);
    expect(await screen.findByRole('heading', { level: 1, name: 'SIEM' })).toBeVisible();
    const facts = await settings();
    expect(within(facts).getByText('https://siem.acme-energy.example/hooks/opsdeck')).toBeVisible();
    expect(within(facts).getByText('risk.accepted')).toBeVisible();
    expect(within(facts).getByText('Enabled')).toBeVisible();
    expect(within(facts).getByText('Succeeded')).toBeVisible();

    const log = await screen.findByRole('table', { name: 'Delivery attempts' });
    const rows = within(log).getAllByRole('row');
    expect(rows).toHaveLength(4);
    const refusedRow = within(log).getByText('receiver answered 503').closest('tr')!;
    expect(within(refusedRow).getByText('Failed')).toBeVisible();
    expect(within(refusedRow).getByText('503')).toBeVisible();
    expect(within(refusedRow).getByText('1.5 s')).toBeVisible();
    expect(within(refusedRow).getByText('msg_7hT1')).toBeVisible();
    const okRow = within(log).getByText('84 ms').closest('tr')!;
    expect(within(okRow).getByText('Succeeded')).toBeVisible();
    // No answer at all: no status code, no response to show.
    const timeoutRow = within(log).getByText('dial tcp: i/o timeout').closest('tr')!;
    expect(within(timeoutRow).queryByRole('button', { name: /response/ })).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('3 of 3 attempts');
    expect(Object.fromEntries(deliveryQueries[0]!)).toEqual({ sort: '-created_at', limit: '50' });
  });

  it('shows and hides the start of the receiver’s answer', async () => {
    serveSession();
    serveWebhook({ webhook: siem });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const log = await screen.findByRole('table', { name: 'Delivery attempts' });
    expect(screen.queryByText('<html>Service Unavailable</html>')).toBeNull();
    const toggle = within(log).getByRole('button', { name: 'Show the response to attempt 2' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(within(log).getByText('<html>Service Unavailable</html>')).toBeVisible();
    const hide = within(log).getByRole('button', { name: 'Hide the response to attempt 2' });
    expect(hide).toHaveAttribute('aria-expanded', 'true');
    expect(document.getElementById(hide.getAttribute('aria-controls')!)).toHaveTextContent('Service Unavailable');
    await user.click(hide);
    expect(screen.queryByText('<html>Service Unavailable</html>')).toBeNull();
  });

  it('filters the log by outcome, kept in the address', async () => {
    serveSession();
    const { deliveryQueries } = serveWebhook({
      webhook: siem,
      deliveries: (query) => (query.get('outcome') === 'failed' ? [refused, unreachable] : [ok, refused, unreachable]),
    });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await screen.findByRole('table', { name: 'Delivery attempts' });
    await user.click(screen.getByRole('radio', { name: 'Failed' }));
    await waitFor(() => {
      expect(deliveryQueries.at(-1)?.get('outcome')).toBe('failed');
    });
    expect(router.state.location.search).toEqual({ outcome: 'failed' });
    await waitFor(() => {
      expect(screen.getByRole('status')).toHaveTextContent('2 of 2 attempts');
    });
  });

  it('edits the endpoint with a merge patch of what changed and the If-Match of its version', async () => {
    serveSession();
    const state = { webhook: siem };
    const { patches } = serveWebhook(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await settings();
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const form = await screen.findByRole('form', { name: 'Edit SIEM' });
    const name = within(form).getByRole('textbox', { name: /^Name/ });
    await user.clear(name);
    await user.type(name, 'SIEM (Splunk)');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Endpoint SIEM (Splunk) saved.')).toBeVisible();
    expect(patches).toEqual([{ ifMatch: '"4"', contentType: 'application/merge-patch+json', body: { name: 'SIEM (Splunk)' } }]);
    expect(await screen.findByRole('heading', { level: 1, name: 'SIEM (Splunk)' })).toBeVisible();
  });

  it('says when someone else changed the endpoint meanwhile, and reloads it', async () => {
    serveSession();
    const state = { webhook: siem };
    const { patches } = serveWebhook(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await settings();
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const form = await screen.findByRole('form', { name: 'Edit SIEM' });
    // Someone else saves first.
    state.webhook = { ...siem, name: 'SIEM (prod)', version: 5 };
    await user.type(within(form).getByRole('textbox', { name: /^URL/ }), '/v2');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this endpoint');
    expect(patches[0]?.ifMatch).toBe('"4"');
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    const reloaded = await screen.findByRole('form', { name: 'Edit SIEM (prod)' });
    expect(within(reloaded).getByRole('textbox', { name: /^Name/ })).toHaveValue('SIEM (prod)');
    await user.type(within(reloaded).getByRole('textbox', { name: /^URL/ }), '/v2');
    await user.click(within(reloaded).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Endpoint SIEM (prod) saved.')).toBeVisible();
    expect(patches[1]).toEqual({
      ifMatch: '"5"',
      contentType: 'application/merge-patch+json',
      body: { url: 'https://siem.acme-energy.example/hooks/opsdeck/v2' },
    });
  });

  it('disables and enables the endpoint', async () => {
    serveSession();
    const { patches } = serveWebhook({ webhook: siem });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await settings();
    await user.click(screen.getByRole('button', { name: 'Disable' }));
    expect(await screen.findByText('Endpoint SIEM disabled.')).toBeVisible();
    await user.click(await screen.findByRole('button', { name: 'Enable' }));
    expect(await screen.findByText('Endpoint SIEM enabled.')).toBeVisible();
    expect(patches.map((patch) => [patch.ifMatch, patch.body])).toEqual([
      ['"4"', { enabled: false }],
      ['"5"', { enabled: true }],
    ]);
  });

  it('rotates the secret after confirmation and shows the new one once, saying the old one works 24 hours', async () => {
    serveSession();
    const { posts } = serveWebhook({ webhook: siem });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await settings();
    await user.click(screen.getByRole('button', { name: 'Rotate the secret' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate the secret of SIEM?' });
    expect(posts).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    const secret = await screen.findByTestId('webhook-secret');
    expect(within(secret).getByTestId('webhook-secret-value')).toHaveTextContent(NEW_SECRET);
    expect(secret).toHaveTextContent('The previous secret keeps working for 24 hours');
    expect(posts).toEqual(['rotate']);
    await user.click(within(secret).getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByTestId('webhook-secret')).toBeNull();
  });

  it('sends a test event and follows its job, then shows the new attempt', async () => {
    serveSession();
    let attempts = [refused];
    const { posts, deliveryQueries } = serveWebhook({ webhook: siem, deliveries: () => attempts });
    server.use(
      http.get(apiUrl('/jobs/:id'), ({ params }) => {
        attempts = [deliveryFixture({ event: 'webhook.test', id: '0193a2b4-0000-7000-8000-00000000d5ff' }), refused];
        return HttpResponse.json(
          completedJobFixture({ id: Number(params.id), kind: 'notifications.webhook', result: null, message: 'done' }),
        );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await screen.findByRole('table', { name: 'Delivery attempts' });
    const before = deliveryQueries.length;
    await user.click(screen.getByRole('button', { name: 'Send a test event' }));
    const test = await screen.findByRole('region', { name: 'Test delivery' });
    expect(await within(test).findByText('Completed.')).toBeVisible();
    expect(within(test).getByRole('progressbar', { name: 'Progress of Webhook delivery' })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    expect(posts).toEqual(['test']);
    expect(await screen.findByText('webhook.test')).toBeVisible();
    expect(deliveryQueries.length).toBeGreaterThan(before);
    await user.click(within(test).getByRole('button', { name: 'Hide the test delivery' }));
    expect(screen.queryByRole('region', { name: 'Test delivery' })).toBeNull();
  });

  it('archives after confirmation, and shows a refusal in the dialog', async () => {
    serveSession();
    const state = { webhook: siem };
    serveWebhook(state);
    let refuse = true;
    server.use(
      http.post(apiUrl('/webhooks/:id/archive'), () => {
        if (refuse) {
          return problemResponse(problemFixture({ status: 409, title: 'Conflict', detail: 'A delivery is in flight.' }));
        }
        state.webhook = { ...state.webhook, archived_at: '2026-11-22T12:00:00Z', enabled: false, version: 5 };
        return HttpResponse.json(state.webhook);
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await settings();
    await user.click(screen.getByRole('button', { name: 'Archive' }));
    const dialog = await screen.findByRole('dialog', { name: 'Archive SIEM?' });
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    expect(await within(dialog).findByText('A delivery is in flight.')).toBeVisible();

    refuse = false;
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    expect(await screen.findByText('Endpoint SIEM archived.')).toBeVisible();
    expect(await screen.findByText('This endpoint is archived: it receives nothing more. Its delivery log is kept.')).toBeVisible();
    // Nothing more to do with an archived endpoint.
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    });
    expect(screen.queryByRole('button', { name: 'Send a test event' })).toBeNull();
  });

  it('shows a Slack endpoint’s kind and redacted URL, and offers no secret rotation', async () => {
    serveSession();
    const ops = slackWebhookFixture();
    const { posts } = serveWebhook({ webhook: ops });
    renderApp(`/administration/webhooks/${ops.id}`);
    const facts = await settings();
    expect(within(facts).getByText('Slack')).toBeVisible();
    expect(within(facts).getByText('https://hooks.slack.com/services/…')).toBeVisible();
    expect(within(facts).getByText('None: Slack messages are not signed.')).toBeVisible();
    const actions = screen.getByRole('region', { name: 'Actions' });
    expect(within(actions).getByRole('button', { name: 'Send a test event' })).toBeVisible();
    expect(within(actions).queryByRole('button', { name: 'Rotate the secret' })).toBeNull();
    expect(within(actions).getByTestId('webhook-no-rotate')).toHaveTextContent('To change the credential, edit the endpoint');
    expect(posts).toEqual([]);
  });

  it('a standard endpoint shows its kind and keeps the rotation', async () => {
    serveSession();
    serveWebhook({ webhook: siem });
    renderApp(PAGE);
    const facts = await settings();
    expect(within(facts).getByText('Signed webhook')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Rotate the secret' })).toBeVisible();
    expect(screen.queryByTestId('webhook-no-rotate')).toBeNull();
  });

  it('edits a Slack endpoint without its URL unless a new one is typed, and never changes its kind', async () => {
    serveSession();
    const ops = slackWebhookFixture();
    const state = { webhook: ops };
    const { patches } = serveWebhook(state);
    const user = userEvent.setup({ delay: null });
    renderApp(`/administration/webhooks/${ops.id}`);
    await settings();

    await user.click(screen.getByRole('button', { name: 'Edit' }));
    let form = await screen.findByRole('form', { name: 'Edit Ops channel' });
    // The kind is shown, not offered.
    expect(within(form).queryByRole('radio')).toBeNull();
    expect(within(form).getByRole('group', { name: 'Kind' })).toHaveTextContent('Slack');
    let url = within(form).getByRole('textbox', { name: /^URL/ });
    expect(url).toHaveValue('');
    expect(url).not.toBeRequired();
    expect(url).toHaveAttribute('placeholder', 'Leave empty to keep the current URL');
    const name = within(form).getByRole('textbox', { name: /^Name/ });
    await user.clear(name);
    await user.type(name, 'Ops (prod)');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Endpoint Ops (prod) saved.')).toBeVisible();
    expect(patches.map((patch) => patch.body)).toEqual([{ name: 'Ops (prod)' }]);

    await user.click(screen.getByRole('button', { name: 'Edit' }));
    form = await screen.findByRole('form', { name: 'Edit Ops (prod)' });
    url = within(form).getByRole('textbox', { name: /^URL/ });
    await user.type(url, 'not a url');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText('Enter a full URL starting with https:// or http://.')).toBeVisible();
    await user.clear(url);
    await user.type(url, 'https://hooks.slack.com/services/T1/B2/new');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => {
      expect(patches).toHaveLength(2);
    });
    expect(patches[1]).toEqual({
      ifMatch: '"5"',
      contentType: 'application/merge-patch+json',
      body: { url: 'https://hooks.slack.com/services/T1/B2/new' },
    });
  });

  it('shows a reader the endpoint without any action', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    serveWebhook({ webhook: siem });
    renderApp(PAGE);
    await settings();
    expect(screen.getByTestId('read-only-notice')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Rotate the secret' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send a test event' })).toBeNull();
    expect(await screen.findByRole('table', { name: 'Delivery attempts' })).toBeVisible();
  });

  it('explains an endpoint that cannot be read', async () => {
    serveSession();
    server.use(
      http.get(apiUrl('/webhooks/:id'), () =>
        problemResponse(problemFixture({ status: 404, title: 'Not found', detail: 'No webhook endpoint with this id.' })),
      ),
    );
    renderApp(PAGE);
    expect(await screen.findByText('No webhook endpoint with this id.')).toBeVisible();
    expect(screen.getByRole('link', { name: 'All webhooks' })).toHaveAttribute('href', '/administration/webhooks');
  });
});
