import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { notificationFixture, notificationListFixture } from './notificationFixtures';
import type { Notification } from './notificationsApi';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/notifications';

function note(index: number, overrides: Partial<Notification> = {}): Notification {
  return notificationFixture({
    id: `0193a2b4-0000-7000-8000-0000000e${String(index).padStart(4, '0')}`,
    title: `Notification ${String(index)}`,
    body: `Body ${String(index)}`,
    link: null,
    read_at: index % 2 === 0 ? '2026-11-22T09:00:00Z' : null,
    ...overrides,
  });
}

/** Two pages of three (cursor "page-2"), four unread in all; the unread filter keeps the unread ones. */
function serveInbox() {
  let all = [1, 2, 3, 4, 5, 6].map((index) => note(index));
  all = [...all, note(7), note(9)];
  const inbox: URLSearchParams[] = [];
  const reads: string[] = [];
  server.use(
    http.get(apiUrl('/me/notifications'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      const unread = all.filter((item) => item.read_at === null).length;
      if (query.get('limit') === '1') return HttpResponse.json(notificationListFixture(all.slice(0, 1), { unread, total: all.length }));
      inbox.push(query);
      const rows = query.get('unread') === 'true' ? all.filter((item) => item.read_at === null) : all;
      const second = query.get('cursor') === 'page-2';
      return HttpResponse.json(
        notificationListFixture(second ? rows.slice(3) : rows.slice(0, 3), {
          next_cursor: second || rows.length <= 3 ? null : 'page-2',
          total: rows.length,
          unread,
        }),
      );
    }),
    http.post(apiUrl('/me/notifications/:id/read'), ({ params }) => {
      reads.push(String(params.id));
      all = all.map((item) => (item.id === params.id ? { ...item, read_at: '2026-11-22T11:00:00Z' } : item));
      return HttpResponse.json(all.find((item) => item.id === params.id));
    }),
    http.post(apiUrl('/me/notifications/read-all'), () => {
      all = all.map((item) => ({ ...item, read_at: item.read_at ?? '2026-11-22T11:00:00Z' }));
      return HttpResponse.json({ updated: 5 });
    }),
  );
  return { inbox, reads };
}

async function list() {
  return screen.findByRole('list', { name: 'Notifications' });
}

describe('NotificationsPage', () => {
  it('lists the notifications newest first, page by page, with the counts announced', async () => {
    serveSession();
    const { inbox } = serveInbox();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const notifications = await list();
    expect(within(notifications).getAllByRole('listitem')).toHaveLength(3);
    expect(within(notifications).getByText('Notification 1')).toBeVisible();
    expect(within(notifications).getByText('Body 1')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('3 of 8 notifications · 5 unread');
    expect(Object.fromEntries(inbox[0]!)).toEqual({ sort: '-created_at', limit: '50' });

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => {
      expect(within(notifications).getAllByRole('listitem')).toHaveLength(8);
    });
    expect(inbox.at(-1)?.get('cursor')).toBe('page-2');
    expect(screen.getByRole('status')).toHaveTextContent('8 of 8 notifications');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('keeps the unread filter in the address and sends it to the server', async () => {
    serveSession();
    const { inbox } = serveInbox();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await list();
    await user.click(screen.getByRole('radio', { name: 'Unread' }));
    await waitFor(() => {
      expect(inbox.at(-1)?.get('unread')).toBe('true');
    });
    expect(router.state.location.search).toEqual({ unread: true });
    await waitFor(() => {
      expect(screen.getByRole('status')).toHaveTextContent('3 of 5 notifications');
    });
  });

  it('opens the inbox filtered from a shared address', async () => {
    serveSession();
    const { inbox } = serveInbox();
    renderApp(`${PAGE}?unread=true`);
    await list();
    expect(inbox[0]?.get('unread')).toBe('true');
    expect(screen.getByRole('radio', { name: 'Unread' })).toBeChecked();
  });

  it('marks one read, and all read', async () => {
    serveSession();
    const { reads } = serveInbox();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const notifications = await list();
    await user.click(within(notifications).getByRole('button', { name: 'Mark as read: Notification 1' }));
    await waitFor(() => {
      expect(screen.getByRole('status')).toHaveTextContent('4 unread');
    });
    expect(reads).toEqual([note(1).id]);
    // A read notification has nothing to mark.
    expect(within(notifications).queryByRole('button', { name: 'Mark as read: Notification 1' })).toBeNull();
    expect(within(notifications).queryByRole('button', { name: 'Mark as read: Notification 2' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Mark all as read' }));
    await waitFor(() => {
      expect(screen.getByRole('status')).toHaveTextContent('0 unread');
    });
    expect(screen.getByRole('button', { name: 'Mark all as read' })).toBeDisabled();
  });

  it('opening a notification marks it read and goes where it leads', async () => {
    serveSession();
    const linked = note(11, { link: '/administration/audit-log' });
    const reads: string[] = [];
    server.use(
      http.get(apiUrl('/me/notifications'), () => HttpResponse.json(notificationListFixture([linked]))),
      http.post(apiUrl('/me/notifications/:id/read'), ({ params }) => {
        reads.push(String(params.id));
        return HttpResponse.json({ ...linked, read_at: '2026-11-22T11:00:00Z' });
      }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await user.click(within(await list()).getByRole('button', { name: /^Unread: Notification 11/ }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/administration/audit-log');
    });
    expect(reads).toEqual([linked.id]);
  });

  it('says when there is nothing, or nothing unread', async () => {
    serveSession();
    server.use(http.get(apiUrl('/me/notifications'), () => HttpResponse.json(notificationListFixture([]))));
    const user = userEvent.setup({ delay: null });
    const { unmount } = renderApp(PAGE);
    expect(await screen.findByText('No notifications')).toBeVisible();
    unmount();

    const second = renderApp(`${PAGE}?unread=true`);
    expect(await screen.findByText('Nothing unread')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Show all notifications' }));
    await waitFor(() => {
      expect(second.router.state.location.search).toEqual({});
    });
    expect(await screen.findByText('No notifications')).toBeVisible();
  });

  it('explains a failed load and tries again', async () => {
    serveSession();
    let fail = true;
    server.use(
      http.get(apiUrl('/me/notifications'), ({ request }) => {
        if (new URL(request.url).searchParams.get('limit') === '1') return HttpResponse.json(notificationListFixture([]));
        return fail
          ? problemResponse(problemFixture({ status: 503, title: 'Unavailable', detail: 'The database is restarting.' }))
          : HttpResponse.json(notificationListFixture([note(1)]));
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    expect(await screen.findByText('The database is restarting.')).toBeVisible();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(within(await list()).getByText('Notification 1')).toBeVisible();
  });
});
