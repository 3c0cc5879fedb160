import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { meFixture, problemFixture, storedText } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { apiUrl, problemResponse, server } from '../../../test/server';
import { serveSession } from '../../../test/session';
import { EVENT_CATALOGUE, slackWebhookFixture, webhookFixture, webhookListFixture } from './webhookFixtures';
import type { WebhookList } from './webhooksApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/administration/webhooks';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const siem = webhookFixture();
const chat = webhookFixture({
  id: '0193a2b4-0000-7000-8000-00000000e101',
  name: 'Chat',
  url: 'https://chat.example/hooks/1',
  events: ['*'],
  enabled: false,
  last_delivery_at: null,
  last_status: null,
});
const legacy = webhookFixture({
  id: '0193a2b4-0000-7000-8000-00000000e102',
  name: 'Legacy ticketing',
  archived_at: '2026-10-01T00:00:00Z',
  last_status: 'failed',
});

function serveWebhooks(answer: (query: URLSearchParams) => WebhookList = () => webhookListFixture([chat, siem])) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/webhooks'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      return HttpResponse.json(answer(query));
    }),
    http.get(apiUrl('/notification-events'), () =>
      HttpResponse.json({ items: EVENT_CATALOGUE, next_cursor: null, total: EVENT_CATALOGUE.length }),
    ),
  );
  return seen;
}

function recordCreate(answer: () => Response) {
  const bodies: unknown[] = [];
  server.use(
    http.post(apiUrl('/webhooks'), async ({ request }) => {
      bodies.push(await request.json());
      return answer();
    }),
  );
  return bodies;
}

async function table() {
  return screen.findByRole('table', { name: 'Webhook endpoints' });
}

async function openCreate(user: ReturnType<typeof userEvent.setup>) {
  await table();
  await user.click(screen.getByRole('button', { name: 'Add endpoint' }));
  return screen.findByRole('form', { name: 'New webhook endpoint' });
}

async function chooseEvent(user: ReturnType<typeof userEvent.setup>, form: HTMLElement, option: string) {
  await user.click(within(form).getByRole('combobox', { name: /^Events/ }));
  await user.click(await screen.findByRole('option', { name: option }));
}

describe('WebhooksPage', () => {
  it('is linked from the Administration page', async () => {
    serveSession();
    renderApp('/administration');
    expect(await screen.findByRole('link', { name: 'Webhooks' })).toHaveAttribute('href', PAGE);
  });

  it('lists the endpoints with their events, status and last delivery', async () => {
    serveSession();
    const seen = serveWebhooks();
    renderApp(PAGE);
    const webhooks = await table();
    const rows = within(webhooks).getAllByRole('row');
    expect(rows).toHaveLength(3);

    const siemRow = within(webhooks).getByRole('link', { name: 'SIEM' }).closest('tr')!;
    expect(within(webhooks).getByRole('link', { name: 'SIEM' })).toHaveAttribute('href', `${PAGE}/${siem.id}`);
    expect(within(siemRow).getByText('https://siem.acme-energy.example/hooks/opsdeck')).toBeVisible();
    expect(within(siemRow).getByText('incidents.created')).toBeVisible();
    expect(within(siemRow).getByText('+1 more')).toBeVisible();
    expect(within(siemRow).getByText('Enabled')).toBeVisible();
    expect(within(siemRow).getByText('Succeeded')).toBeVisible();

    const chatRow = within(webhooks).getByRole('link', { name: 'Chat' }).closest('tr')!;
    expect(within(chatRow).getByText('All events')).toBeVisible();
    expect(within(chatRow).getByText('Disabled')).toBeVisible();
    expect(within(chatRow).getByText('Never')).toBeVisible();

    expect(screen.getByRole('status')).toHaveTextContent('2 of 2 endpoints');
    expect(Object.fromEntries(seen[0]!)).toEqual({ sort: 'name', limit: '50' });
  });

  it('shows the kind of each endpoint', async () => {
    serveSession();
    serveWebhooks(() => webhookListFixture([slackWebhookFixture(), siem]));
    renderApp(PAGE);
    const webhooks = await table();
    expect(within(webhooks).getByRole('columnheader', { name: 'Kind' })).toBeVisible();
    const slackRow = within(webhooks).getByRole('link', { name: 'Ops channel' }).closest('tr')!;
    expect(within(slackRow).getByText('Slack')).toBeVisible();
    // Only the redacted URL comes from the API, and only it is shown.
    expect(within(slackRow).getByText('https://hooks.slack.com/services/…')).toBeVisible();
    expect(within(slackRow).queryByText('Signed webhook')).toBeNull();
    const siemRow = within(webhooks).getByRole('link', { name: 'SIEM' }).closest('tr')!;
    expect(within(siemRow).getByText('Signed webhook')).toBeVisible();
  });

  it('sends the archived toggle and the sort to the server and keeps them in the address', async () => {
    serveSession();
    const seen = serveWebhooks((query) =>
      webhookListFixture(query.get('include_archived') === 'true' ? [chat, legacy, siem] : [chat, siem]),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await table();
    await user.click(screen.getByRole('switch', { name: 'Show archived endpoints' }));
    await waitFor(() => {
      expect(seen.at(-1)?.get('include_archived')).toBe('true');
    });
    await user.click(screen.getByRole('combobox', { name: 'Sort by' }));
    await user.click(await screen.findByRole('option', { name: 'Newest first' }));
    await waitFor(() => {
      expect(seen.at(-1)?.get('sort')).toBe('-created_at');
    });
    expect(router.state.location.search).toEqual({ include_archived: true, sort: '-created_at' });
    const row = (await screen.findByRole('link', { name: 'Legacy ticketing' })).closest('tr')!;
    expect(within(row).getByText('Archived')).toBeVisible();
    expect(within(row).getByText('Failed')).toBeVisible();
  });

  it('adds an endpoint and shows its secret once, with how to verify signatures', async () => {
    serveSession();
    serveWebhooks();
    const created = webhookFixture({ id: '0193a2b4-0000-7000-8000-00000000e1ff', name: 'SOAR', events: ['risk.accepted', 'incidents.created'] });
    const bodies = recordCreate(() => HttpResponse.json({ webhook: created, secret: SECRET }, { status: 201 }));
    server.use(
      http.get(apiUrl('/webhooks/:id'), () => HttpResponse.json(created, { headers: { ETag: '"4"' } })),
      http.get(apiUrl('/webhooks/:id/deliveries'), () => HttpResponse.json({ items: [], next_cursor: null, total: 0 })),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    const form = await openCreate(user);
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), ' SOAR ');
    await user.type(within(form).getByRole('textbox', { name: /^URL/ }), 'https://soar.example/in');
    await chooseEvent(user, form, 'Risk accepted (risk.accepted)');
    await chooseEvent(user, form, 'Incident created (incidents.created)');
    await user.click(within(form).getByRole('button', { name: 'Add the endpoint' }));

    const secret = await screen.findByTestId('webhook-secret');
    expect(within(secret).getByTestId('webhook-secret-value')).toHaveTextContent(SECRET);
    expect(within(secret).getByText('Copy it now: it will not be shown again.')).toBeVisible();
    expect(within(secret).getByRole('button', { name: 'Copy the secret' })).toBeVisible();
    expect(within(secret).getByText('webhook-signature')).toBeVisible();
    expect(within(secret).getByText('{webhook-id}.{webhook-timestamp}.{body}')).toBeVisible();
    expect(bodies).toEqual([
      {
        name: 'SOAR',
        kind: 'standard',
        url: 'https://soar.example/in',
        events: ['risk.accepted', 'incidents.created'],
        enabled: true,
      },
    ]);
    // The secret is never kept by the page.
    expect(storedText()).not.toContain(SECRET);

    await user.click(screen.getByRole('link', { name: 'Open SOAR' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe(`${PAGE}/${created.id}`);
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'SOAR' })).toBeVisible();
    expect(screen.queryByTestId('webhook-secret-value')).toBeNull();
  });

  it('adds a Slack endpoint: sends its kind, and shows no secret since it has none', async () => {
    serveSession();
    serveWebhooks();
    const created = slackWebhookFixture();
    const bodies = recordCreate(() => HttpResponse.json({ webhook: created, secret: null }, { status: 201 }));
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await openCreate(user);
    const signed = within(form).getByRole('radio', { name: /^Signed webhook \(JSON\)/ });
    expect(signed).toBeChecked();
    const url = within(form).getByRole('textbox', { name: /^URL/ });
    expect(url).toHaveAttribute('placeholder', 'https://siem.example/hooks/opsdeck');
    await user.click(within(form).getByRole('radio', { name: /^Slack or compatible chat/ }));
    expect(url).toHaveAttribute('placeholder', 'https://hooks.slack.com/services/…');
    expect(within(form).getByText(/It works like a password/)).toBeVisible();
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Ops channel');
    await user.type(url, 'https://hooks.slack.com/services/T000/B000/XXXX');
    await chooseEvent(user, form, 'Incident created (incidents.created)');
    await user.click(within(form).getByRole('button', { name: 'Add the endpoint' }));

    expect(await screen.findByText(/Slack endpoint Ops channel added\. It has no signing secret/)).toBeVisible();
    expect(bodies).toEqual([
      {
        name: 'Ops channel',
        kind: 'slack',
        url: 'https://hooks.slack.com/services/T000/B000/XXXX',
        events: ['incidents.created'],
        enabled: true,
      },
    ]);
    await waitFor(() => {
      expect(screen.queryByRole('form', { name: 'New webhook endpoint' })).toBeNull();
    });
    expect(screen.queryByTestId('webhook-secret')).toBeNull();
    expect(storedText()).not.toContain('XXXX');
  });

  it('subscribes to every event with "All events", which replaces the chosen codes', async () => {
    serveSession();
    serveWebhooks();
    const bodies = recordCreate(() => HttpResponse.json({ webhook: chat, secret: SECRET }, { status: 201 }));
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await openCreate(user);
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Chat');
    await user.type(within(form).getByRole('textbox', { name: /^URL/ }), 'https://chat.example/hooks/1');
    await chooseEvent(user, form, 'Risk accepted (risk.accepted)');
    await chooseEvent(user, form, 'All events');
    await user.click(within(form).getByRole('switch', { name: /^Enabled/ }));
    await user.click(within(form).getByRole('button', { name: 'Add the endpoint' }));
    await screen.findByTestId('webhook-secret');
    expect(bodies).toEqual([
      { name: 'Chat', kind: 'standard', url: 'https://chat.example/hooks/1', events: ['*'], enabled: false },
    ]);
  });

  it('checks the form before sending, and puts the server’s refusal on the URL field', async () => {
    serveSession();
    serveWebhooks();
    const bodies = recordCreate(() =>
      problemResponse(
        problemFixture({
          status: 422,
          title: 'Unprocessable entity',
          errors: [{ field: 'url', code: 'private_address', message: 'private and loopback addresses are refused' }],
        }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await openCreate(user);
    await user.click(within(form).getByRole('button', { name: 'Add the endpoint' }));
    expect(await within(form).findByText('Choose at least one event.')).toBeVisible();
    expect(bodies).toHaveLength(0);

    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Internal');
    const url = within(form).getByRole('textbox', { name: /^URL/ });
    await user.type(url, 'ftp://files.example');
    await chooseEvent(user, form, 'Risk accepted (risk.accepted)');
    await user.click(within(form).getByRole('button', { name: 'Add the endpoint' }));
    expect(await within(form).findByText('Enter a full URL starting with https:// or http://.')).toBeVisible();
    expect(bodies).toHaveLength(0);

    await user.clear(url);
    await user.type(url, 'http://10.0.0.5/hook');
    await user.click(within(form).getByRole('button', { name: 'Add the endpoint' }));
    expect(await within(form).findByText('private and loopback addresses are refused')).toBeVisible();
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(bodies).toHaveLength(1);
  });

  it('offers no changes to a reader', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    serveWebhooks(() => webhookListFixture([]));
    renderApp(PAGE);
    expect(await screen.findByText('No webhook endpoints')).toBeVisible();
    expect(screen.getByText('An administrator can add endpoints that receive the organisation’s events.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Add endpoint' })).toBeNull();
  });

  it('explains a failed load', async () => {
    serveSession();
    server.use(
      http.get(apiUrl('/webhooks'), () =>
        problemResponse(problemFixture({ status: 500, title: 'Internal error', detail: 'Webhooks are unavailable.' })),
      ),
    );
    renderApp(PAGE);
    expect(await screen.findByText('Webhooks are unavailable.')).toBeVisible();
  });
});
