import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { getSessionSnapshot } from '../../lib/session';
import { meFixture, problemFixture, sessionFixture, sessionListFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import type { UserSession } from './sessions';

// Whole-app renders (session start, /me, the organisation) can take more than a second on a busy machine.
configure({ asyncUtilTimeout: 5000 });

const CURRENT = sessionFixture({
  id: '0193a2b4-0000-7000-8000-0000000005c0',
  current: true,
  client_ip: '198.51.100.7',
  user_agent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  methods: ['pwd', 'otp'],
});
const OTHER = sessionFixture();

/** GET /me/sessions answers `sessions` (recording each query string); revoking removes one. */
function serveSessions(initial: UserSession[]) {
  let sessions = initial;
  const queries: string[] = [];
  const revoked: string[] = [];
  server.use(
    http.get(apiUrl('/me/sessions'), ({ request }) => {
      queries.push(new URL(request.url).search);
      return HttpResponse.json(sessionListFixture(sessions));
    }),
    http.post(apiUrl('/me/sessions/:id/revoke'), ({ params }) => {
      revoked.push(String(params.id));
      sessions = sessions.filter((session) => session.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return { queries, revoked };
}

async function openSessions() {
  const user = userEvent.setup({ delay: null });
  const rendered = renderApp('/profile');
  const section = await screen.findByRole('region', { name: 'Active sessions' });
  const table = await within(section).findByRole('table', { name: 'Your active sessions' });
  return { user, section, table, ...rendered };
}

describe('Profile — active sessions', () => {
  it('lists the sessions with device, IP, times and methods, marking this device', async () => {
    serveSession();
    const log = serveSessions([CURRENT, OTHER]);
    const { section, table } = await openSessions();

    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [current, other] = rows as [HTMLElement, HTMLElement];
    expect(within(current).getByText('Chrome 131 on macOS')).toBeVisible();
    expect(within(current).getByText('This device')).toBeVisible();
    expect(current).toHaveAttribute('aria-current', 'true');
    expect(within(current).getByText('198.51.100.7')).toBeVisible();
    expect(within(current).getByText('Password')).toBeVisible();
    expect(within(current).getByText('Authenticator app')).toBeVisible();
    // The full user agent stays at hand.
    expect(within(current).getByTitle(CURRENT.user_agent)).toBeInTheDocument();

    expect(within(other).getByText('Firefox 128 on Windows')).toBeVisible();
    expect(within(other).queryByText('This device')).toBeNull();
    expect(within(other).getByText('192.0.2.44')).toBeVisible();
    expect(within(section).getByTestId('sessions-count')).toHaveTextContent('2 active sessions');
    expect(log.queries[0]).toContain('sort=-created_at');
  });

  it('orders by last use on request', async () => {
    serveSession();
    const log = serveSessions([CURRENT, OTHER]);
    const { user, section } = await openSessions();
    await user.click(within(section).getByRole('combobox', { name: 'Order' }));
    await user.click(await screen.findByRole('option', { name: 'Most recently used first' }));
    await waitFor(() => {
      expect(log.queries.at(-1)).toContain('sort=-last_used_at');
    });
  });

  it('signs out another session after confirmation', async () => {
    serveSession();
    const log = serveSessions([CURRENT, OTHER]);
    const { user, table } = await openSessions();
    const button = within(table).getByRole('button', { name: 'Sign out the session on Firefox 128 on Windows' });

    await user.click(button);
    let dialog = await screen.findByRole('dialog', { name: 'Sign out this session?' });
    expect(dialog).toHaveTextContent('The session on Firefox 128 on Windows (IP address 192.0.2.44) ends at once');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(log.revoked).toEqual([]);

    await user.click(button);
    dialog = await screen.findByRole('dialog', { name: 'Sign out this session?' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign out the session' }));
    await waitFor(() => {
      expect(within(table).queryByText('Firefox 128 on Windows')).toBeNull();
    });
    expect(log.revoked).toEqual([OTHER.id]);
    expect(await screen.findByText('The session on Firefox 128 on Windows is signed out.')).toBeVisible();
    expect(getSessionSnapshot().status).toBe('signed-in');
  });

  it('signing out this device is signing out: back to the sign-in page', async () => {
    serveSession();
    const log = serveSessions([CURRENT, OTHER]);
    server.use(http.post(apiUrl('/auth/logout'), () => new HttpResponse(null, { status: 204 })));
    const { user, table, router } = await openSessions();
    await user.click(within(table).getByRole('button', { name: 'Sign out this device' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign out this device?' });
    expect(dialog).toHaveTextContent('This is the session you are using');
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/login');
    });
    expect(log.revoked).toEqual([CURRENT.id]);
    expect(getSessionSnapshot()).toMatchObject({ status: 'signed-out', ended: 'signed-out' });
  });

  it('shows a refusal with its request id', async () => {
    serveSession();
    serveSessions([OTHER]);
    server.use(
      http.post(apiUrl('/me/sessions/:id/revoke'), () =>
        problemResponse(
          problemFixture({ status: 409, title: 'Conflict', detail: 'This session is being renewed.', request_id: 'req-sess-1' }),
        ),
      ),
    );
    const { user, table } = await openSessions();
    await user.click(within(table).getByRole('button', { name: /^Sign out the session on/ }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out the session' }),
    );
    expect(await screen.findByText('This session is being renewed.')).toBeVisible();
    expect(screen.getByText('Request ID: req-sess-1')).toBeVisible();
  });

  it('says so when the list cannot be loaded, with a way to try again', async () => {
    serveSession();
    let calls = 0;
    server.use(
      http.get(apiUrl('/me/sessions'), () => {
        calls += 1;
        return calls === 1
          ? problemResponse(problemFixture({ status: 500, title: 'Internal error', detail: 'Database unavailable.' }))
          : HttpResponse.json(sessionListFixture([OTHER]));
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/profile');
    const section = await screen.findByRole('region', { name: 'Active sessions' });
    expect(await within(section).findByText('Database unavailable.')).toBeVisible();
    await user.click(within(section).getByRole('button', { name: 'Try again' }));
    expect(await within(section).findByText('Firefox 128 on Windows')).toBeVisible();
  });

  it('is not offered while the organisation requires a second factor first', async () => {
    serveSession({ me: meFixture({ restriction: 'mfa-enrolment-required' }) });
    server.use(
      http.get(apiUrl('/organization'), () => problemResponse(problemFixture({ status: 403, title: 'Forbidden' }))),
    );
    renderApp('/profile');
    expect(await screen.findByTestId('mfa-required')).toBeVisible();
    expect(screen.queryByRole('region', { name: 'Active sessions' })).toBeNull();
  });
});
