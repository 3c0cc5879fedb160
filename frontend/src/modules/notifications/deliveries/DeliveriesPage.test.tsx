import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { meFixture, problemFixture } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { apiUrl, problemResponse, server } from '../../../test/server';
import { serveSession } from '../../../test/session';
import { EVENT_CATALOGUE } from '../webhooks/webhookFixtures';
import type { Delivery, DeliveryList } from './deliveriesApi';
import { mergeDeliverySearch, validateDeliverySearch } from './deliverySearch';
import {
  deliveryLogFixture,
  emailDelivery,
  SIEM_ID,
  SLACK_ID,
  slackDelivery,
  unknownEventDelivery,
  webhookDelivery,
} from './deliveryFixtures';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/administration/notification-deliveries';
const ALL: Delivery[] = [webhookDelivery, emailDelivery, slackDelivery, unknownEventDelivery];

/** The log (answered by `answer` from the query) and the event catalogue; returns every query the page sent. */
function serveLog(answer: (query: URLSearchParams) => DeliveryList = () => deliveryLogFixture(ALL)) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/notification-deliveries'), ({ request }) => {
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

/** The log filtered as the server would: by channel, outcome, event and text in the target. */
function filterLog(query: URLSearchParams): DeliveryList {
  const q = query.get('q')?.toLowerCase();
  return deliveryLogFixture(
    ALL.filter(
      (delivery) =>
        (!query.get('channel') || delivery.channel === query.get('channel')) &&
        (!query.get('outcome') || delivery.succeeded === (query.get('outcome') === 'succeeded')) &&
        (!query.get('event') || delivery.event === query.get('event')) &&
        (!q || delivery.target.toLowerCase().includes(q)),
    ),
  );
}

async function table() {
  return screen.findByRole('table', { name: 'Delivery attempts of every channel' });
}

function rowOf(log: HTMLElement, text: string): HTMLElement {
  return within(log).getByText(text).closest('tr')!;
}

async function choose(user: ReturnType<typeof userEvent.setup>, label: string, option: string) {
  await user.click(screen.getByRole('combobox', { name: label }));
  await user.click(await screen.findByRole('option', { name: option }));
}

describe('delivery log search', () => {
  it('keeps what the API accepts and leaves defaults out of the address', () => {
    expect(
      validateDeliverySearch({ channel: 'slack', outcome: 'failed', event: 'incidents.created', q: ' ann ', sort: 'created_at' }),
    ).toEqual({ channel: 'slack', outcome: 'failed', event: 'incidents.created', q: 'ann', sort: 'created_at' });
    // Refused values are overwritten (undefined), so that the address's raw value does not slip through.
    const refused = validateDeliverySearch({ channel: 'sms', outcome: 'maybe', event: 'Not An Event', q: '', sort: 'name' });
    expect(refused).toEqual({});
    expect(Object.keys(refused).sort()).toEqual(['channel', 'event', 'outcome', 'q', 'sort']);
    expect(validateDeliverySearch({ q: 42, sort: '-created_at' })).toEqual({ q: '42' });
    expect(validateDeliverySearch({ q: 'x'.repeat(201) })).toEqual({});
    expect(mergeDeliverySearch({ channel: 'email', q: 'ann' }, { channel: undefined, q: '', sort: '-created_at' })).toStrictEqual(
      {},
    );
  });
});

describe('DeliveriesPage', () => {
  it('is linked from the Administration page', async () => {
    serveSession();
    renderApp('/administration');
    expect(await screen.findByRole('link', { name: 'Delivery log' })).toHaveAttribute('href', PAGE);
  });

  it('lists the attempts of every channel, with the event’s name and a link to the endpoint', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    const seen = serveLog();
    renderApp(PAGE);
    expect(await screen.findByRole('heading', { level: 1, name: 'Delivery log' })).toBeVisible();
    const log = await table();
    expect(within(log).getAllByRole('row')).toHaveLength(5);

    const webhookRow = rowOf(log, '84 ms');
    expect(within(webhookRow).getByRole('link', { name: 'https://siem.acme-energy.example/hooks/opsdeck' })).toHaveAttribute(
      'href',
      `/administration/webhooks/${SIEM_ID}`,
    );
    expect(within(webhookRow).getByText('Webhook')).toBeVisible();
    // Named from the catalogue, with its code.
    expect(within(webhookRow).getByText('Incident created')).toBeVisible();
    expect(within(webhookRow).getByText('incidents.created')).toBeVisible();
    expect(within(webhookRow).getByText('Succeeded')).toBeVisible();
    expect(within(webhookRow).getByText('84 ms')).toBeVisible();
    expect(within(webhookRow).getByRole('time')).toHaveAttribute('datetime', webhookDelivery.created_at);

    // An e-mail has no endpoint: its address is not a link.
    const emailRow = rowOf(log, 'ann.dupont@acme-energy.example');
    expect(within(emailRow).queryByRole('link')).toBeNull();
    expect(within(emailRow).getByText('E-mail')).toBeVisible();
    expect(within(emailRow).getByText('Risk accepted')).toBeVisible();
    expect(within(emailRow).getByText('250')).toBeVisible();

    const slackRow = rowOf(log, 'receiver answered 404');
    expect(within(slackRow).getByText('Slack')).toBeVisible();
    expect(within(slackRow).getByRole('link', { name: 'https://hooks.slack.com/services/…' })).toHaveAttribute(
      'href',
      `/administration/webhooks/${SLACK_ID}`,
    );
    expect(within(slackRow).getByText('Failed')).toBeVisible();
    expect(within(slackRow).getByText('404')).toBeVisible();
    expect(within(slackRow).getByText('1.5 s')).toBeVisible();
    expect(within(slackRow).getByText('3')).toBeVisible();

    // An event the catalogue does not know: its code alone; no answer at all: no status code, no response to show.
    const timeoutRow = rowOf(log, 'dial tcp: i/o timeout');
    expect(within(timeoutRow).getByText('legacy.thing_happened')).toBeVisible();
    expect(within(timeoutRow).getByText('—')).toBeVisible();
    expect(within(timeoutRow).queryByRole('button')).toBeNull();

    expect(screen.getByRole('status')).toHaveTextContent('4 of 4 attempts');
    expect(Object.fromEntries(seen[0]!)).toEqual({ sort: '-created_at', limit: '50' });
  });

  it('shows and hides the start of the receiver’s answer', async () => {
    serveSession();
    serveLog();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const log = await table();
    expect(screen.queryByText('no_service')).toBeNull();
    const toggle = within(log).getByRole('button', {
      name: 'Show the response to attempt 3 for https://hooks.slack.com/services/…',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    const hide = within(log).getByRole('button', {
      name: 'Hide the response to attempt 3 for https://hooks.slack.com/services/…',
    });
    expect(hide).toHaveAttribute('aria-expanded', 'true');
    expect(document.getElementById(hide.getAttribute('aria-controls')!)).toHaveTextContent('no_service');
    await user.click(hide);
    expect(screen.queryByText('no_service')).toBeNull();
  });

  it('sends the filters to the server and keeps them in the address', async () => {
    serveSession();
    const seen = serveLog(filterLog);
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await table();

    await choose(user, 'Channel', 'Webhook');
    await waitFor(() => {
      expect(seen.at(-1)?.get('channel')).toBe('webhook');
    });
    await choose(user, 'Outcome', 'Failed');
    await waitFor(() => {
      expect(seen.at(-1)?.get('outcome')).toBe('failed');
    });
    await waitFor(() => {
      expect(screen.getByRole('status')).toHaveTextContent('1 of 1 attempt');
    });
    expect(within(await table()).getByText('dial tcp: i/o timeout')).toBeVisible();

    // The text filter is sent once the typing pauses, not on every key.
    const before = seen.length;
    await user.type(screen.getByRole('searchbox', { name: 'Recipient or URL' }), 'siem');
    await waitFor(() => {
      expect(seen.at(-1)?.get('q')).toBe('siem');
    });
    expect(seen.slice(before).filter((query) => query.has('q'))).toHaveLength(1);

    await choose(user, 'Event', 'Incident created (incidents.created)');
    await waitFor(() => {
      expect(seen.at(-1)?.get('event')).toBe('incidents.created');
    });
    await choose(user, 'Sort by', 'Oldest first');
    await waitFor(() => {
      expect(seen.at(-1)?.get('sort')).toBe('created_at');
    });
    expect(Object.fromEntries(seen.at(-1)!)).toEqual({
      channel: 'webhook',
      outcome: 'failed',
      event: 'incidents.created',
      q: 'siem',
      sort: 'created_at',
      limit: '50',
    });
    expect(router.state.location.search).toEqual({
      channel: 'webhook',
      outcome: 'failed',
      event: 'incidents.created',
      q: 'siem',
      sort: 'created_at',
    });
    // Nothing matches all of them.
    expect(await screen.findByText('No attempt matches these filters')).toBeVisible();

    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    await waitFor(() => {
      expect(router.state.location.search).toEqual({ sort: 'created_at' });
    });
    expect(Object.fromEntries(seen.at(-1)!)).toEqual({ sort: 'created_at', limit: '50' });
    expect(screen.getByRole('searchbox', { name: 'Recipient or URL' })).toHaveValue('');
  });

  it('applies the filters of a shared address', async () => {
    serveSession();
    const seen = serveLog(filterLog);
    renderApp(`${PAGE}?channel=slack&outcome=failed&q=hooks&event=bogus&sort=name`);
    const log = await table();
    expect(within(log).getAllByRole('row')).toHaveLength(2);
    expect(within(log).getByText('receiver answered 404')).toBeVisible();
    // What the API would refuse is dropped.
    expect(Object.fromEntries(seen[0]!)).toEqual({
      channel: 'slack',
      outcome: 'failed',
      q: 'hooks',
      sort: '-created_at',
      limit: '50',
    });
    expect(screen.getByRole('combobox', { name: 'Channel' })).toHaveValue('Slack');
    expect(screen.getByRole('searchbox', { name: 'Recipient or URL' })).toHaveValue('hooks');
  });

  it('loads the next page with the cursor of the last one', async () => {
    serveSession();
    const seen = serveLog((query) =>
      query.get('cursor') === 'page-2'
        ? deliveryLogFixture([slackDelivery, unknownEventDelivery], { total: 4 })
        : deliveryLogFixture([webhookDelivery, emailDelivery], { next_cursor: 'page-2', total: 4 }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    expect(screen.getByRole('status')).toHaveTextContent('2 of 4 attempts');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => {
      expect(screen.getByRole('status')).toHaveTextContent('4 of 4 attempts');
    });
    expect(seen.at(-1)?.get('cursor')).toBe('page-2');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says when nothing was delivered yet', async () => {
    serveSession();
    serveLog(() => deliveryLogFixture([]));
    renderApp(PAGE);
    expect(await screen.findByText('Nothing delivered yet')).toBeVisible();
    expect(screen.getByText('E-mails, webhooks and Slack messages appear here once an event is sent.')).toBeVisible();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('explains a failed load with the server’s problem', async () => {
    serveSession();
    serveLog();
    server.use(
      http.get(apiUrl('/notification-deliveries'), () =>
        problemResponse(problemFixture({ status: 500, title: 'Internal error', detail: 'The delivery log is unavailable.' })),
      ),
    );
    renderApp(PAGE);
    expect(await screen.findByText('The delivery log is unavailable.')).toBeVisible();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a refused filter on its field', async () => {
    serveSession();
    serveLog();
    server.use(
      http.get(apiUrl('/notification-deliveries'), () =>
        problemResponse(
          problemFixture({
            status: 400,
            title: 'Bad request',
            detail: 'A parameter is invalid.',
            errors: [{ field: 'q', code: 'invalid', message: 'the text is not searchable' }],
          }),
        ),
      ),
    );
    renderApp(`${PAGE}?q=%25%25`);
    expect(await screen.findByText('the text is not searchable')).toBeVisible();
    expect(screen.getByRole('searchbox', { name: 'Recipient or URL' })).toHaveAttribute('aria-invalid', 'true');
  });
});
