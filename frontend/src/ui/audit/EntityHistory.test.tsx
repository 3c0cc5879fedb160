import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { AuditEventList } from '../../lib/audit';
import { auditEventFixture, auditEventListFixture, problemFixture } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { EntityHistory } from './EntityHistory';

const ASSET_ID = '0193a2b4-aaaa-7bbb-8ccc-000000000042';

const renamed = auditEventFixture({
  id: 'ev-12',
  seq: 12,
  entity_type: 'asset',
  entity_id: ASSET_ID,
  entity_label: 'Core switch',
  actor: { type: 'user', id: 'user-bob', name: 'Bob Dupont' },
  action: 'update',
  changes: { name: ['Switch', 'Core switch'], 'settings.snmp_community': ['[redacted]', '[redacted]'] },
});
const archived = auditEventFixture({
  id: 'ev-11',
  seq: 11,
  entity_type: 'asset',
  entity_id: ASSET_ID,
  actor: { type: 'api_token', id: 'tok-1', name: 'CMDB sync' },
  action: 'archive',
  changes: { archived_at: [null, '2026-11-20T09:00:00Z'] },
});
const created = auditEventFixture({
  id: 'ev-10',
  seq: 10,
  entity_type: 'asset',
  entity_id: ASSET_ID,
  actor: { type: 'system', id: '', name: '' },
  action: 'create',
  changes: { name: [null, 'Switch'], serial: [null, 'SN-1'] },
});

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

function items(list: HTMLElement) {
  return within(list).getAllByRole('listitem');
}

describe('EntityHistory', () => {
  it('asks for the history of that one entity, newest first, one page at a time', async () => {
    const seen = onAuditEvents(() => auditEventListFixture([renamed]));
    renderWithProviders(<EntityHistory entityType="asset" entityId={ASSET_ID} pageSize={5} />);
    await screen.findByRole('list', { name: 'Change history' });
    expect(seen).toHaveLength(1);
    expect(Object.fromEntries(seen[0]!)).toEqual({
      entity_type: 'asset',
      entity_id: ASSET_ID,
      sort: '-occurred_at',
      limit: '5',
    });
  });

  it('shows who did what, when, and which fields changed', async () => {
    onAuditEvents(() => auditEventListFixture([renamed, archived, created]));
    renderWithProviders(<EntityHistory entityType="asset" entityId={ASSET_ID} label="History of Core switch" />);
    const list = await screen.findByRole('list', { name: 'History of Core switch' });
    const [first, second, third] = items(list);
    expect(items(list)).toHaveLength(3);

    expect(within(first!).getByText('Updated')).toBeVisible();
    expect(within(first!).getByText('Bob Dupont')).toBeVisible();
    expect(within(first!).getByText('name')).toBeVisible();
    expect(within(first!).getByText('settings.snmp_community')).toBeVisible();
    expect(first!.querySelector('time')).toHaveAttribute('datetime', renamed.occurred_at);

    expect(within(second!).getByText('Archived')).toBeVisible();
    expect(within(second!).getByText('CMDB sync')).toBeVisible();
    expect(within(second!).getByText('archived_at')).toBeVisible();
    // An actor without a name is named by its kind.
    expect(within(third!).getByText('Created')).toBeVisible();
    expect(within(third!).getByText('System')).toBeVisible();

    expect(screen.getByText('3 of 3 events')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Show older' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Open in the audit log' })).toHaveAttribute(
      'href',
      `/administration/audit-log?entity_type=asset&entity_id=${ASSET_ID}`,
    );
  });

  it('loads older events after the newest ones', async () => {
    const seen = onAuditEvents((query) =>
      query.get('cursor') === 'older'
        ? auditEventListFixture([created], { total: 3 })
        : auditEventListFixture([renamed, archived], { next_cursor: 'older', total: 3 }),
    );
    const user = userEvent.setup();
    renderWithProviders(<EntityHistory entityType="asset" entityId={ASSET_ID} pageSize={2} />);
    const list = await screen.findByRole('list', { name: 'Change history' });
    expect(items(list)).toHaveLength(2);
    expect(screen.getByText('2 of 3 events')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Show older' }));
    await waitFor(() => {
      expect(items(list)).toHaveLength(3);
    });
    expect(within(items(list)[2]!).getByText('Created')).toBeVisible();
    expect(seen[1]?.get('cursor')).toBe('older');
    expect(seen[1]?.get('entity_id')).toBe(ASSET_ID);
    expect(screen.queryByRole('button', { name: 'Show older' })).toBeNull();
  });

  it('opens the full diff of an event', async () => {
    onAuditEvents(() => auditEventListFixture([renamed, archived]));
    const user = userEvent.setup();
    renderWithProviders(<EntityHistory entityType="asset" entityId={ASSET_ID} />);
    await screen.findByRole('list', { name: 'Change history' });

    await user.click(screen.getByRole('button', { name: 'Details of event #12' }));
    const drawer = await screen.findByRole('dialog', { name: 'Audit event #12' });
    const diff = within(drawer).getByRole('table', { name: 'Changed fields' });
    const name = within(diff).getByRole('rowheader', { name: 'name' }).closest('tr')!;
    expect(within(name).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Switch', 'Core switch']);
    const secret = within(diff).getByRole('rowheader', { name: 'settings.snmp_community' }).closest('tr')!;
    expect(within(secret).getAllByText('redacted')).toHaveLength(2);
  });

  it('says when nothing was recorded yet', async () => {
    onAuditEvents(() => auditEventListFixture([]));
    renderWithProviders(<EntityHistory entityType="asset" entityId={ASSET_ID} />);
    expect(await screen.findByText('No changes recorded yet.')).toBeVisible();
    expect(screen.queryByRole('list')).toBeNull();
    expect(screen.queryByRole('link', { name: 'Open in the audit log' })).toBeNull();
  });

  it('can leave out the link to the audit log', async () => {
    onAuditEvents(() => auditEventListFixture([renamed]));
    renderWithProviders(<EntityHistory entityType="asset" entityId={ASSET_ID} withAuditLogLink={false} />);
    await screen.findByRole('list', { name: 'Change history' });
    expect(screen.queryByRole('link', { name: 'Open in the audit log' })).toBeNull();
  });

  it('explains a failed load with the request id and tries again', async () => {
    let fail = true;
    onAuditEvents(() =>
      fail
        ? problemResponse(problemFixture({ status: 500, title: 'Internal error', detail: 'Boom.', request_id: 'req-h500' }))
        : auditEventListFixture([renamed]),
    );
    const user = userEvent.setup();
    renderWithProviders(<EntityHistory entityType="asset" entityId={ASSET_ID} />);
    expect(await screen.findByText('The history could not be loaded')).toBeVisible();
    expect(screen.getByText('Request ID: req-h500')).toBeVisible();

    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Change history' })).toBeVisible();
    expect(screen.queryByText('The history could not be loaded')).toBeNull();
  });

  it('follows a change of entity', async () => {
    const seen = onAuditEvents(() => auditEventListFixture([]));
    function DetailPage() {
      const [id, setId] = useState(ASSET_ID);
      return (
        <>
          <button
            onClick={() => {
              setId('other-asset');
            }}
          >
            Next asset
          </button>
          <EntityHistory entityType="asset" entityId={id} />
        </>
      );
    }
    const user = userEvent.setup();
    renderWithProviders(<DetailPage />);
    await screen.findByText('No changes recorded yet.');
    await user.click(screen.getByRole('button', { name: 'Next asset' }));
    await waitFor(() => {
      expect(seen.map((query) => query.get('entity_id'))).toEqual([ASSET_ID, 'other-asset']);
    });
  });
});
