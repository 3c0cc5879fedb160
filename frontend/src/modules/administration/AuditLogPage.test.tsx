import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { AuditEvent, AuditEventList } from '../../lib/audit';
import { auditEventFixture, auditEventListFixture, problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';

const PAGE = '/administration/audit-log';

const update = auditEventFixture({
  id: 'ev-3',
  seq: 3,
  occurred_at: '2026-11-22T10:15:30.123456Z',
  changes: { name: ['Acme', 'Acme Energy'], 'settings.tax_id': ['BE0123', 'BE0999'] },
});
const creation = auditEventFixture({
  id: 'ev-2',
  seq: 2,
  occurred_at: '2026-11-21T08:00:00Z',
  actor: { type: 'system', id: '', name: '' },
  action: 'create',
  changes: {
    name: [null, 'Acme'],
    country: [null, 'BE'],
    identifier: [null, 'ACME'],
    kind: [null, 'operator'],
    slug: [null, 'acme'],
  },
});
const denial = auditEventFixture({
  id: 'ev-1',
  seq: 1,
  occurred_at: '2026-11-20T07:00:00Z',
  actor: { type: 'anonymous', id: '', name: '' },
  action: 'denied',
  entity_type: 'operation',
  entity_id: 'listAuditEvents',
  entity_label: '',
  changes: { required: [null, 'administration:read'] },
});

/** Serves GET /audit-events with `answer`, recording the query string of every request. */
function onAuditEvents(answer: (query: URLSearchParams) => AuditEventList | Response) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/audit-events'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      const result = answer(query);
      return result instanceof Response ? result : HttpResponse.json(result);
    }),
  );
  return seen;
}

async function table() {
  return screen.findByRole('table', { name: 'Audit events' });
}

/** The data rows of the events table (the header row left out). */
function rows(events: HTMLElement) {
  return within(events).getAllByRole('row').slice(1);
}

function last<T>(list: readonly T[]): T {
  const item = list[list.length - 1];
  if (item === undefined) throw new Error('empty list');
  return item;
}

describe('AuditLogPage', () => {
  it('is linked from the Administration page', async () => {
    renderApp('/administration');
    expect(await screen.findByRole('link', { name: 'Audit log' })).toHaveAttribute('href', PAGE);
  });

  it('lists the events with time, actor, action, entity and changed fields', async () => {
    const seen = onAuditEvents(() => auditEventListFixture([update, creation, denial]));
    const user = userEvent.setup();
    renderApp(PAGE);
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    const events = await table();

    const [first, second, third] = rows(events);
    expect(rows(events)).toHaveLength(3);
    // A user: name and kind; the fields the update changed.
    expect(within(first!).getByText('Alice Martin')).toBeVisible();
    expect(within(first!).getByText('User')).toBeVisible();
    expect(within(first!).getByText('Updated').closest('[data-action]')).toHaveAttribute('data-action', 'update');
    expect(within(first!).getByText('Organisation')).toBeVisible();
    expect(within(first!).getByText('Acme Energy')).toBeVisible();
    expect(within(first!).getByText('settings.tax_id')).toBeVisible();
    // The time is in the user's locale; the exact value the server recorded is kept for the tooltip.
    const time = first!.querySelector('time');
    expect(time).toHaveAttribute('datetime', '2026-11-22T10:15:30.123456Z');
    expect(time?.textContent).not.toBe('2026-11-22T10:15:30.123456Z');
    expect(time?.textContent).toContain('2026');
    await user.hover(time!);
    expect(await screen.findByText('2026-11-22T10:15:30.123456Z')).toBeInTheDocument();

    // Nameless actors are named by their kind; five fields show as three and "+2 more".
    expect(within(second!).getByText('System')).toBeVisible();
    expect(within(second!).getByText('Created').closest('[data-action]')).toHaveAttribute('data-action', 'create');
    expect(within(second!).getByText('+2 more')).toBeVisible();
    expect(within(third!).getByText('Anonymous')).toBeVisible();
    expect(within(third!).getByText('Denied').closest('[data-action]')).toHaveAttribute('data-action', 'denied');
    expect(within(third!).getByText('API operation')).toBeVisible();
    expect(within(third!).getByText('listAuditEvents')).toBeVisible();

    expect(screen.getByRole('status')).toHaveTextContent('3 of 3 events');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    // The default request: newest first, one page of 50, no filter.
    expect(seen).toHaveLength(1);
    expect(Object.fromEntries(seen[0]!)).toEqual({ sort: '-occurred_at', limit: '50' });
  });

  it('sends every filter to the server and keeps it in the address', async () => {
    const seen = onAuditEvents(() => auditEventListFixture([update]));
    const user = userEvent.setup();
    const { router } = renderApp(PAGE);
    await table();

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'acme');
    await waitFor(() => {
      expect(last(seen).get('q')).toBe('acme');
    });
    // Debounced: one request for the whole word, not one per key stroke.
    expect(seen.filter((query) => query.has('q')).map((query) => query.get('q'))).toEqual(['acme']);

    await user.click(screen.getByRole('combobox', { name: 'Action' }));
    await user.click(await screen.findByRole('option', { name: 'Updated' }));
    await waitFor(() => {
      expect(last(seen).get('action')).toBe('update');
    });

    await user.type(screen.getByRole('textbox', { name: 'Entity type' }), 'organization');
    await user.type(screen.getByRole('textbox', { name: 'Actor ID' }), 'user-alice');
    await waitFor(() => {
      expect(last(seen).get('actor_id')).toBe('user-alice');
    });
    expect(last(seen).get('entity_type')).toBe('organization');

    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01T08:30' } });
    const from = new Date('2026-11-01T08:30').toISOString();
    await waitFor(() => {
      expect(last(seen).get('from')).toBe(from);
    });

    await user.click(screen.getByRole('radio', { name: 'Oldest first' }));
    await waitFor(() => {
      expect(last(seen).get('sort')).toBe('occurred_at');
    });

    expect(Object.fromEntries(last(seen))).toEqual({
      q: 'acme',
      action: 'update',
      entity_type: 'organization',
      actor_id: 'user-alice',
      from,
      sort: 'occurred_at',
      limit: '50',
    });
    expect(router.state.location.search).toEqual({
      q: 'acme',
      action: 'update',
      entity_type: 'organization',
      actor_id: 'user-alice',
      from,
      sort: 'occurred_at',
    });

    // The exports apply the same filters (the export has no sort: it is always newest first), and go through the API
    // client with the session's token: a plain link would be refused.
    const exports: { url: URL }[] = [];
    server.use(
      http.get(apiUrl('/audit-events/export'), ({ request }) => {
        exports.push({ url: new URL(request.url) });
        return new HttpResponse('seq,occurred_at\n', {
          headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="audit.csv"' },
        });
      }),
    );
    const createObjectURL = vi.fn(() => 'blob:export');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalledTimes(1));
    expect(exports).toHaveLength(1);
    expect(exports[0]!.url.pathname).toBe('/api/v1/audit-events/export');
    expect(Object.fromEntries(exports[0]!.url.searchParams)).toEqual({
      format: 'csv',
      q: 'acme',
      action: 'update',
      entity_type: 'organization',
      actor_id: 'user-alice',
      from,
    });
    // Not a link: the API client sends the request (with the session's token when signed in; none here).
    expect(screen.queryByRole('link', { name: 'Export CSV' })).toBeNull();
  });

  it('does not send an entity type the API would refuse, and says why', async () => {
    const seen = onAuditEvents(() => auditEventListFixture([update]));
    const user = userEvent.setup();
    renderApp(PAGE);
    await table();
    const entityType = screen.getByRole('textbox', { name: 'Entity type' });
    await user.type(entityType, 'Asset type');
    expect(await screen.findByText(/Lower-case letters, digits and underscores/)).toBeVisible();
    expect(entityType).toHaveAttribute('aria-invalid', 'true');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(seen.some((query) => query.has('entity_type'))).toBe(false);
  });

  it('opens a shared link with its filters applied and shown', async () => {
    const seen = onAuditEvents(() => auditEventListFixture([denial]));
    renderApp(`${PAGE}?action=denied&entity_type=operation&q=list&actor_id=42&sort=occurred_at`);
    await table();
    expect(Object.fromEntries(seen[0]!)).toEqual({
      q: 'list',
      entity_type: 'operation',
      // The router reads ?actor_id=42 as a number: it still goes out as text.
      actor_id: '42',
      action: 'denied',
      sort: 'occurred_at',
      limit: '50',
    });
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('list');
    expect(screen.getByRole('textbox', { name: 'Entity type' })).toHaveValue('operation');
    expect(screen.getByRole('textbox', { name: 'Actor ID' })).toHaveValue('42');
    expect(screen.getByRole('combobox', { name: 'Action' })).toHaveValue('Denied');
    expect(screen.getByRole('radio', { name: 'Oldest first' })).toBeChecked();
  });

  it('appends the next page with the cursor of the previous one', async () => {
    const seen = onAuditEvents((query) =>
      query.get('cursor') === 'page-2'
        ? auditEventListFixture([denial], { total: 3 })
        : auditEventListFixture([update, creation], { next_cursor: 'page-2', total: 3 }),
    );
    const user = userEvent.setup();
    renderApp(`${PAGE}?entity_type=organization`);
    const events = await table();
    expect(rows(events)).toHaveLength(2);
    expect(screen.getByRole('status')).toHaveTextContent('2 of 3 events');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => {
      expect(rows(events)).toHaveLength(3);
    });
    expect(within(rows(events)[0]!).getByText('Alice Martin')).toBeVisible();
    expect(within(rows(events)[2]!).getByText('Denied')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('3 of 3 events');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(Object.fromEntries(seen[1]!)).toEqual({
      entity_type: 'organization',
      sort: '-occurred_at',
      limit: '50',
      cursor: 'page-2',
    });
  });

  it('shows the full diff of an event in a drawer, secrets marked as redacted', async () => {
    const detailed: AuditEvent = auditEventFixture({
      id: 'ev-7',
      seq: 7,
      request_id: 'req-7f3a',
      client_ip: '198.51.100.7',
      user_agent: 'Mozilla/5.0 (Drawer test)',
      hash: 'b'.repeat(64),
      changes: {
        'settings.tax_id': ['BE0123456789', 'BE0987654321'],
        'settings.smtp_password': ['[redacted]', '[redacted]'],
        'settings.domains': [['acme.example'], ['acme.example', 'acme-energy.example']],
        'settings.logo_url': [null, 'https://acme.example/logo.svg'],
      },
    });
    onAuditEvents(() => auditEventListFixture([detailed]));
    const user = userEvent.setup();
    renderApp(PAGE);
    await table();
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Show details of event #7' }));
    const drawer = await screen.findByRole('dialog', { name: 'Audit event #7' });
    const diff = within(drawer).getByRole('table', { name: 'Changed fields' });
    const diffRow = (field: string) => within(diff).getByRole('rowheader', { name: field }).closest('tr')!;

    const taxId = within(diffRow('settings.tax_id')).getAllByRole('cell');
    expect(taxId.map((cell) => cell.textContent)).toEqual(['BE0123456789', 'BE0987654321']);

    const secret = within(diffRow('settings.smtp_password')).getAllByRole('cell');
    for (const cell of secret) {
      expect(within(cell).getByText('redacted').closest('[data-redacted]')).not.toBeNull();
    }
    expect(within(drawer).queryByText('[redacted]')).toBeNull();

    const [before, after] = within(diffRow('settings.domains')).getAllByRole('cell');
    expect(before!.textContent).toBe('[\n  "acme.example"\n]');
    expect(after!.textContent).toBe('[\n  "acme.example",\n  "acme-energy.example"\n]');
    expect(within(diffRow('settings.logo_url')).getAllByRole('cell')[0]).toHaveTextContent('none');

    // Where the event came from and its place in the chain.
    for (const text of ['req-7f3a', '198.51.100.7', 'Mozilla/5.0 (Drawer test)', 'b'.repeat(64), '2026-11-22T10:15:30.123456Z']) {
      expect(within(drawer).getByText(text)).toBeVisible();
    }
    expect(within(drawer).getByText('Sequence number').nextElementSibling).toHaveTextContent('7');
    expect(within(drawer).getByRole('link', { name: 'All events of this entity' })).toHaveAttribute(
      'href',
      `${PAGE}?entity_type=organization&entity_id=${detailed.entity_id}`,
    );

    await user.click(within(drawer).getByRole('button', { name: 'Close' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
  });

  it('opens the drawer when a row is clicked', async () => {
    onAuditEvents(() => auditEventListFixture([update, creation]));
    const user = userEvent.setup();
    renderApp(PAGE);
    const events = await table();
    await user.click(within(rows(events)[1]!).getByText('System'));
    const drawer = await screen.findByRole('dialog', { name: 'Audit event #2' });
    expect(within(drawer).getByRole('rowheader', { name: 'identifier' })).toBeVisible();
  });

  it('says when there is nothing yet, and when the filters match nothing', async () => {
    const seen = onAuditEvents(() => auditEventListFixture([]));
    const user = userEvent.setup();
    const { unmount } = renderApp(PAGE);
    expect(await screen.findByText('No audit events yet')).toBeVisible();
    expect(screen.queryByRole('table', { name: 'Audit events' })).toBeNull();
    unmount();

    const { router } = renderApp(`${PAGE}?action=delete&sort=occurred_at`);
    expect(await screen.findByText('No matching events')).toBeVisible();
    const clears = screen.getAllByRole('button', { name: 'Clear filters' });
    await user.click(last(clears));
    await waitFor(() => {
      expect(router.state.location.search).toEqual({ sort: 'occurred_at' });
    });
    await waitFor(() => {
      expect(Object.fromEntries(last(seen))).toEqual({ sort: 'occurred_at', limit: '50' });
    });
    expect(await screen.findByText('No audit events yet')).toBeVisible();
  });

  it('explains a failed load with the request id, and retries', async () => {
    let fail = true;
    onAuditEvents(() =>
      fail
        ? problemResponse(
            problemFixture({
              status: 403,
              title: 'Forbidden',
              detail: 'You need read access to Administration.',
              request_id: 'req-403',
            }),
          )
        : auditEventListFixture([update]),
    );
    const user = userEvent.setup();
    renderApp(PAGE);
    expect(await screen.findByText('This could not be loaded')).toBeVisible();
    expect(screen.getByText('You need read access to Administration.')).toBeVisible();
    expect(screen.getByText('Request ID: req-403')).toBeVisible();

    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(rows(await table())).toHaveLength(1);
    expect(screen.queryByText('This could not be loaded')).toBeNull();
  });

  it('puts a refused parameter on its filter', async () => {
    onAuditEvents(() =>
      problemResponse(
        problemFixture({ errors: [{ field: 'from', code: 'out_of_range', message: 'is older than the retention period' }] }),
      ),
    );
    renderApp(`${PAGE}?from=2000-01-01T00:00:00Z`);
    expect(await screen.findByText('is older than the retention period')).toBeVisible();
    expect(screen.getByLabelText('From')).toHaveAttribute('aria-invalid', 'true');
  });
});
