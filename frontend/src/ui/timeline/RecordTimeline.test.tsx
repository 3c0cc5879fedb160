import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../lib/timeline';
import { renderWithProviders } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { problemFixture } from '../../test/fixtures';
import { RecordTimeline } from './RecordTimeline';

function entry(overrides: Partial<TimelineEntry>): TimelineEntry {
  return { id: 'e1', at: '2026-11-21T10:00:00Z', kind: 'changed', actor_name: 'Olivia Owner', summary: 'Changed', changes: {}, ...overrides };
}

describe('RecordTimeline', () => {
  it('reads GET /timeline of the record, shows each entry with its diff, and pages to older ones', async () => {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(apiUrl('/timeline'), ({ request }) => {
        const query = new URL(request.url).searchParams;
        seen.push(query);
        if (query.get('cursor') === 'next') {
          return HttpResponse.json({
            items: [entry({ id: 'e3', kind: 'created', summary: 'Created', actor_name: '', changes: { name: [null, 'EA'] } })],
            next_cursor: null,
            total: 3,
          });
        }
        return HttpResponse.json({
          items: [
            entry({ id: 'e1', kind: 'event', summary: 'Assign seat' }),
            entry({ id: 'e2', summary: 'Changed name, seats', changes: { name: ['EA', 'EA 2026'], seats: [5, 10] } }),
          ],
          next_cursor: 'next',
          total: 3,
        });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(
      <RecordTimeline entityType="licence" entityId="0190a0a0-0000-7000-8000-000000000001" fieldLabel={(f) => (f === 'seats' ? 'Seats' : undefined)} />,
    );
    const list = await screen.findByRole('list', { name: 'History' });
    expect(seen[0]?.get('type')).toBe('licence');
    expect(seen[0]?.get('id')).toBe('0190a0a0-0000-7000-8000-000000000001');
    expect(seen[0]?.get('sort')).toBe('-at');
    let items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByText('Assign seat')).toBeVisible();
    expect(within(items[0]!).getByRole('img', { name: 'Event' })).toBeInTheDocument();
    const changes = within(items[1]!).getByRole('table', { name: 'Changes: Changed name, seats' });
    expect(within(changes).getByRole('rowheader', { name: 'Seats' })).toBeVisible();
    expect(within(changes).getByRole('rowheader', { name: 'name' })).toBeVisible();
    expect(within(changes).getByText('EA 2026')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Show older' }));
    await screen.findByText('Created');
    items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(seen[1]?.get('cursor')).toBe('next');
    expect(within(items[2]!).getByText('System')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Show older' })).not.toBeInTheDocument();
  });

  it('says when nothing is recorded, and explains a refusal', async () => {
    server.use(http.get(apiUrl('/timeline'), () => HttpResponse.json({ items: [], next_cursor: null, total: 0 })));
    const { unmount } = renderWithProviders(<RecordTimeline entityType="software" entityId="0190a0a0-0000-7000-8000-000000000002" />);
    expect(await screen.findByText('Nothing recorded yet.')).toBeVisible();
    unmount();
    server.use(
      http.get(apiUrl('/timeline'), () =>
        problemResponse(
          problemFixture({
            type: 'https://opsdeck.dev/problems/forbidden',
            status: 403,
            title: 'Forbidden',
            detail: 'Reading this history needs read on assets.',
            instance: '/api/v1/timeline',
          }),
        ),
      ),
    );
    renderWithProviders(<RecordTimeline entityType="software" entityId="0190a0a0-0000-7000-8000-000000000003" />);
    expect(await screen.findByText(/Reading this history needs read on assets\./)).toBeVisible();
  });
});
