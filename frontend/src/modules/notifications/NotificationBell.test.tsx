import { focusManager } from '@tanstack/react-query';
import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { meFixture, problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { notificationFixture, notificationListFixture } from './notificationFixtures';
import type { Notification, NotificationList } from './notificationsApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const failed = notificationFixture();
const assigned = notificationFixture({
  id: '0193a2b4-0000-7000-8000-0000000e0002',
  event: 'risk.assigned',
  title: 'Risk assigned to you',
  body: 'R-12 Ransomware on OT network',
  link: '/administration/audit-log?action=update',
  created_at: new Date(Date.now() - 3 * 3_600_000).toISOString(),
});
const old = notificationFixture({
  id: '0193a2b4-0000-7000-8000-0000000e0003',
  title: 'Welcome to OpsDeck',
  body: '',
  link: null,
  created_at: new Date(Date.now() - 3 * 86_400_000).toISOString(),
  read_at: '2026-11-20T10:00:00Z',
});

/** A server holding `items` (and an unread count derived from them unless given), recording every list request. */
function serveNotifications(state: { items: Notification[]; unread?: number }) {
  const lists: URLSearchParams[] = [];
  const reads: string[] = [];
  let readAll = 0;
  const list = (): NotificationList => notificationListFixture(state.items, state.unread === undefined ? {} : { unread: state.unread });
  server.use(
    http.get(apiUrl('/me/notifications'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      lists.push(query);
      const limit = Number(query.get('limit') ?? 50);
      const answer = list();
      return HttpResponse.json({ ...answer, items: answer.items.slice(0, limit) });
    }),
    http.post(apiUrl('/me/notifications/:id/read'), ({ params }) => {
      const id = String(params.id);
      reads.push(id);
      state.items = state.items.map((item) => (item.id === id ? { ...item, read_at: '2026-11-22T11:00:00Z' } : item));
      state.unread = undefined;
      return HttpResponse.json(state.items.find((item) => item.id === id));
    }),
    http.post(apiUrl('/me/notifications/read-all'), () => {
      readAll += 1;
      const updated = state.items.filter((item) => item.read_at === null).length;
      state.items = state.items.map((item) => ({ ...item, read_at: item.read_at ?? '2026-11-22T11:00:00Z' }));
      state.unread = undefined;
      return HttpResponse.json({ updated });
    }),
  );
  return {
    lists,
    reads,
    readAll: () => readAll,
    /** Requests for the badge (one row). */
    countRequests: () => lists.filter((query) => query.get('limit') === '1').length,
  };
}

async function bell(name: string | RegExp = /^Notifications/) {
  const banner = await screen.findByRole('banner');
  return within(banner).findByRole('button', { name });
}

afterEach(() => {
  vi.useRealTimers();
  focusManager.setFocused(undefined);
});

describe('NotificationBell', () => {
  it('shows how many notifications are unread, asking for one row only', async () => {
    serveSession();
    const log = serveNotifications({ items: [failed, assigned, old] });
    renderApp('/');
    const button = await bell('Notifications, 2 unread');
    expect(button).toBeVisible();
    expect(screen.getByTestId('notification-badge')).toHaveTextContent('2');
    expect(log.lists[0]?.get('limit')).toBe('1');
    expect(log.lists[0]?.has('unread')).toBe(false);
  });

  it('shows 99+ beyond 99, and no badge when nothing is unread', async () => {
    serveSession();
    serveNotifications({ items: [failed], unread: 250 });
    const { unmount } = renderApp('/');
    expect(await bell('Notifications, 250 unread')).toBeVisible();
    expect(screen.getByTestId('notification-badge')).toHaveTextContent('99+');
    unmount();

    serveNotifications({ items: [old] });
    renderApp('/');
    const button = await bell('Notifications');
    expect(button).toBeVisible();
    expect(screen.getByTestId('notification-badge')).not.toHaveTextContent(/\d/);
  });

  it('is not there while a restriction must be lifted, nor without an active organisation', async () => {
    serveSession({ me: meFixture({ restriction: 'mfa-enrolment-required' }) });
    const log = serveNotifications({ items: [failed] });
    const { unmount } = renderApp('/profile');
    const banner = await screen.findByRole('banner');
    await within(banner).findByRole('button', { name: /^Account menu/ });
    expect(within(banner).queryByRole('button', { name: /^Notifications/ })).toBeNull();
    unmount();

    serveSession({ me: meFixture({ organizations: [], active_organization_id: null, platform_level: 'admin' }) });
    server.use(http.get(apiUrl('/platform/organizations'), () => HttpResponse.json({ items: [], next_cursor: null, total: 0 })));
    renderApp('/profile');
    const banner2 = await screen.findByRole('banner');
    await within(banner2).findByRole('button', { name: /^Account menu/ });
    expect(within(banner2).queryByRole('button', { name: /^Notifications/ })).toBeNull();
    expect(log.lists).toHaveLength(0);
  });

  it('lists the latest notifications, marks one read and follows its link', async () => {
    serveSession();
    const log = serveNotifications({ items: [failed, assigned, old] });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/');
    await user.click(await bell('Notifications, 2 unread'));

    const list = await screen.findByRole('list', { name: 'Latest notifications' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(within(items[0]!).getByText('Export failed')).toBeVisible();
    expect(within(items[0]!).getByText('The audit export stopped after 3 attempts.')).toBeVisible();
    expect(within(items[0]!).getByText('5 minutes ago')).toBeVisible();
    expect(within(items[1]!).getByText('3 hours ago')).toBeVisible();
    expect(within(items[2]!).getByText('3 days ago')).toBeVisible();
    // Unread ones say so to screen readers; a read one does not.
    expect(within(items[0]!).getByRole('button', { name: /^Unread: Export failed/ })).toBeVisible();
    expect(within(items[2]!).getByRole('button', { name: /^Welcome to OpsDeck/ })).toBeVisible();
    expect(log.lists.some((query) => query.get('limit') === '8')).toBe(true);

    await user.click(within(items[1]!).getByRole('button', { name: /Risk assigned to you/ }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/administration/audit-log');
    });
    expect(router.state.location.search).toEqual({ action: 'update' });
    expect(log.reads).toEqual([assigned.id]);
    // The popover closed, and the badge follows.
    expect(screen.queryByRole('list', { name: 'Latest notifications' })).toBeNull();
    expect(await bell('Notifications, 1 unread')).toBeVisible();
  });

  it('marks a read notification without a link as nothing, and stays open', async () => {
    serveSession();
    const log = serveNotifications({ items: [old] });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/');
    await user.click(await bell('Notifications'));
    await user.click(await screen.findByRole('button', { name: /Welcome to OpsDeck/ }));
    expect(router.state.location.pathname).toBe('/');
    expect(log.reads).toEqual([]);
    expect(screen.getByRole('list', { name: 'Latest notifications' })).toBeVisible();
  });

  it('marks all read', async () => {
    serveSession();
    const log = serveNotifications({ items: [failed, assigned, old] });
    const user = userEvent.setup({ delay: null });
    renderApp('/');
    await user.click(await bell('Notifications, 2 unread'));
    await screen.findByRole('list', { name: 'Latest notifications' });
    await user.click(screen.getByRole('button', { name: 'Mark all as read' }));
    expect(await bell('Notifications')).toBeVisible();
    expect(log.readAll()).toBe(1);
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Mark all as read' })).toBeDisabled();
    });
    expect(screen.queryByRole('button', { name: /^Unread:/ })).toBeNull();
  });

  it('shows a refusal to mark read', async () => {
    serveSession();
    serveNotifications({ items: [failed] });
    server.use(
      http.post(apiUrl('/me/notifications/read-all'), () =>
        problemResponse(problemFixture({ status: 409, title: 'Conflict', detail: 'Notifications are being archived.' })),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/');
    await user.click(await bell('Notifications, 1 unread'));
    await screen.findByRole('list', { name: 'Latest notifications' });
    await user.click(screen.getByRole('button', { name: 'Mark all as read' }));
    expect(await screen.findByText('Notifications are being archived.')).toBeVisible();
    expect(await bell('Notifications, 1 unread')).toBeVisible();
  });

  it('explains a failed load in the popover, and says when there is nothing', async () => {
    serveSession();
    server.use(
      http.get(apiUrl('/me/notifications'), ({ request }) =>
        new URL(request.url).searchParams.get('limit') === '1'
          ? HttpResponse.json(notificationListFixture([], { unread: 0 }))
          : problemResponse(problemFixture({ status: 500, title: 'Internal error', detail: 'Database unavailable.' })),
      ),
    );
    const user = userEvent.setup({ delay: null });
    const { unmount } = renderApp('/');
    await user.click(await bell('Notifications'));
    expect(await screen.findByText('Database unavailable.')).toBeVisible();
    unmount();

    serveNotifications({ items: [] });
    renderApp('/');
    await user.click(await bell('Notifications'));
    expect(await screen.findByText('You are all caught up.')).toBeVisible();
  });

  it('leads to the inbox', async () => {
    serveSession();
    serveNotifications({ items: [failed] });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/');
    await user.click(await bell('Notifications, 1 unread'));
    await user.click(await screen.findByRole('link', { name: 'See all notifications' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/notifications');
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  });

  it('asks again every minute and when the window gets the focus back', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    serveSession();
    const state = { items: [failed] as Notification[] };
    const log = serveNotifications(state);
    renderApp('/');
    await bell('Notifications, 1 unread');
    const first = log.countRequests();

    state.items = [assigned, failed];
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(await bell('Notifications, 2 unread')).toBeVisible();
    expect(log.countRequests()).toBe(first + 1);

    state.items = [notificationFixture({ id: '0193a2b4-0000-7000-8000-0000000e0009' }), assigned, failed];
    act(() => {
      focusManager.setFocused(false);
      focusManager.setFocused(true);
    });
    expect(await bell('Notifications, 3 unread')).toBeVisible();
  });
});
