import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { Me } from '../../lib/me';
import { meFixture, organizationFixture, problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';

// Whole-app renders (session start, /me, the organisation) can take more than a second on a busy machine.
configure({ asyncUtilTimeout: 5000 });
// Long forms typed field by field.
vi.setConfig({ testTimeout: 30_000 });

type Restriction = NonNullable<Me['restriction']>;

/**
 * A restricted session: /me says so until the restriction is lifted (`lift()`); every operation outside `allowed`
 * answers 403 with the restriction's problem type, and is recorded in `refused`.
 */
function serveRestricted(restriction: Restriction, allowed: string[]) {
  let restricted = true;
  const refused: string[] = [];
  serveSession({ me: () => meFixture({ restriction: restricted ? restriction : null }) });
  const guard = (operation: string, answer: () => Response) => () => {
    if (restricted && !allowed.includes(operation)) {
      refused.push(operation);
      return problemResponse(
        problemFixture({ status: 403, title: 'Forbidden', type: `https://opsdeck.dev/problems/${restriction}` }),
      );
    }
    return answer();
  };
  server.use(
    http.get(
      apiUrl('/organization'),
      guard('getOrganization', () =>
        HttpResponse.json(
          organizationFixture({
            settings: {
              ...organizationFixture().settings,
              terms_version: '2026.1',
              terms_url: 'https://acme-energy.example/terms',
            },
          }),
          { headers: { ETag: '"3"' } },
        ),
      ),
    ),
    http.get(apiUrl('/me/sessions'), guard('listMySessions', () => HttpResponse.json({ items: [], next_cursor: null, total: 0 }))),
    http.get(apiUrl('/me/api-tokens'), guard('listMyApiTokens', () => HttpResponse.json({ items: [], next_cursor: null, total: 0 }))),
    http.get(apiUrl('/audit-events'), guard('listAuditEvents', () => HttpResponse.json({ items: [], next_cursor: null, total: 0 }))),
  );
  return {
    refused,
    lift: () => {
      restricted = false;
    },
  };
}

describe('terms of use to accept', () => {
  it('blocks the app until the terms are accepted, then opens the page that was asked for', async () => {
    const server_ = serveRestricted('terms-acceptance-required', ['getOrganization', 'getMeta']);
    const accepted: unknown[] = [];
    server.use(
      http.post(apiUrl('/me/terms/accept'), async ({ request }) => {
        accepted.push(await request.json());
        server_.lift();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/about');

    expect(await screen.findByRole('heading', { level: 1, name: 'Terms of use' }, { timeout: 5000 })).toBeVisible();
    // Nothing else is offered: no navigation, no page.
    expect(screen.queryByRole('navigation', { name: 'Modules' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'About OpsDeck' })).toBeNull();
    expect(
      await screen.findByText(
        'Acme Energy asks its members to accept its terms of use before using OpsDeck, and again every year.',
      ),
    ).toBeVisible();
    const link = screen.getByRole('link', { name: /Read the terms of use/ });
    expect(link).toHaveAttribute('href', 'https://acme-energy.example/terms');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByTestId('terms-version')).toHaveTextContent('Version 2026.1');
    expect(screen.getByText('Signed in as Olivia Owner')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'I accept the terms of use' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'About OpsDeck' }, { timeout: 5000 })).toBeVisible();
    expect(screen.getByRole('navigation', { name: 'Modules' })).toBeVisible();
    expect(accepted).toEqual([{ version: '2026.1' }]);
    expect(server_.refused).toEqual([]);
  });

  it('shows a new version published meanwhile, to be read and accepted', async () => {
    serveRestricted('terms-acceptance-required', ['getOrganization', 'getMeta']);
    let version = '2026.1';
    server.use(
      http.get(apiUrl('/organization'), () =>
        HttpResponse.json(
          organizationFixture({
            settings: { ...organizationFixture().settings, terms_version: version, terms_url: 'https://acme-energy.example/terms' },
          }),
          { headers: { ETag: '"4"' } },
        ),
      ),
      http.post(apiUrl('/me/terms/accept'), () => {
        version = '2026.2';
        return problemResponse(
          problemFixture({
            status: 422,
            title: 'Unprocessable entity',
            errors: [{ field: 'version', code: 'stale', message: 'the current version is 2026.2' }],
          }),
        );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'I accept the terms of use' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The terms of use were updated in the meantime.');
    await waitFor(() => {
      expect(screen.getByTestId('terms-version')).toHaveTextContent('Version 2026.2');
    });
  });

  it('never links to a script address set as the terms URL', async () => {
    serveRestricted('terms-acceptance-required', ['getOrganization', 'getMeta']);
    server.use(
      http.get(apiUrl('/organization'), () =>
        HttpResponse.json(
          organizationFixture({
            settings: { ...organizationFixture().settings, terms_version: '1', terms_url: 'javascript:alert(1)' },
          }),
          { headers: { ETag: '"4"' } },
        ),
      ),
    );
    renderApp('/');
    expect(
      await screen.findByText('Your organisation has not published where to read its terms: ask your administrator.'),
    ).toBeVisible();
    expect(screen.queryByRole('link', { name: /Read the terms of use/ })).toBeNull();
  });

  it('lets the user sign out instead', async () => {
    serveRestricted('terms-acceptance-required', ['getOrganization', 'getMeta']);
    let loggedOut = 0;
    server.use(
      http.post(apiUrl('/auth/logout'), () => {
        loggedOut += 1;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/login');
    });
    expect(loggedOut).toBe(1);
  });
});

describe('temporary password to replace', () => {
  it('asks for a new password before anything else, without reading the organisation', async () => {
    const server_ = serveRestricted('password-change-required', ['getMeta']);
    const changes: unknown[] = [];
    server.use(
      http.post(apiUrl('/me/password'), async ({ request }) => {
        const body = (await request.json()) as { current_password: string; new_password: string };
        changes.push(body);
        if (body.current_password !== 'Temporary-Password-1') {
          return problemResponse(
            problemFixture({
              status: 422,
              title: 'Unprocessable entity',
              errors: [{ field: 'current_password', code: 'invalid', message: 'is not your current password' }],
            }),
          );
        }
        if (body.new_password.includes('olivia')) {
          return problemResponse(
            problemFixture({
              status: 422,
              title: 'Unprocessable entity',
              errors: [
                { field: 'new_password', code: 'contains_name', message: 'must not contain your name' },
                { field: 'new_password', code: 'reused', message: 'was used recently: choose a new one' },
              ],
            }),
          );
        }
        server_.lift();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/about');
    const form = await screen.findByRole('form', { name: 'Choose a new password' });
    expect(screen.queryByRole('navigation', { name: 'Modules' })).toBeNull();
    const current = within(form).getByLabelText(/^Current password/);
    const next = within(form).getByLabelText(/^New password/);
    const again = within(form).getByLabelText(/^Repeat the new password/);
    const submit = within(form).getByRole('button', { name: 'Change the password' });

    await user.type(current, 'wrong');
    await user.type(next, 'olivia lantern harbour');
    await user.type(again, 'olivia lantern harbour');
    await user.click(submit);
    expect(await within(form).findByText('This is not your current password.')).toBeVisible();
    expect(current).toHaveAttribute('aria-invalid', 'true');

    await user.clear(current);
    await user.type(current, 'Temporary-Password-1');
    await user.click(submit);
    expect(await within(form).findByText('The password must not contain your name.')).toBeVisible();
    expect(within(form).getByText('You used this password recently: choose a new one.')).toBeVisible();
    expect(next).toHaveAttribute('aria-invalid', 'true');

    await user.clear(next);
    await user.type(next, 'lantern harbour quartz');
    await user.clear(again);
    await user.type(again, 'lantern harbour quartz');
    await user.click(submit);

    expect(await screen.findByRole('heading', { level: 1, name: 'About OpsDeck' }, { timeout: 5000 })).toBeVisible();
    expect(changes).toHaveLength(3);
    expect(changes.at(-1)).toEqual({ current_password: 'Temporary-Password-1', new_password: 'lantern harbour quartz' });
    // getOrganization is refused in this state: the screen never asked.
    expect(server_.refused).toEqual([]);
  });

  it('checks the new password before sending', async () => {
    serveRestricted('password-change-required', ['getMeta']);
    let posts = 0;
    server.use(
      http.post(apiUrl('/me/password'), () => {
        posts += 1;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/');
    const form = await screen.findByRole('form', { name: 'Choose a new password' });
    await user.type(within(form).getByLabelText(/^Current password/), 'same password 1');
    await user.type(within(form).getByLabelText(/^New password/), 'same password 1');
    await user.type(within(form).getByLabelText(/^Repeat the new password/), 'same password 2');
    await user.click(within(form).getByRole('button', { name: 'Change the password' }));
    expect(await within(form).findByText('Choose a password different from the current one.')).toBeVisible();
    expect(within(form).getByText('The two passwords are not the same.')).toBeVisible();
    expect(posts).toBe(0);
  });
});

describe('profile — password', () => {
  it('changes the password and reloads the sessions (the others are signed out)', async () => {
    serveSession();
    let sessionReads = 0;
    const changes: unknown[] = [];
    server.use(
      http.get(apiUrl('/me/sessions'), () => {
        sessionReads += 1;
        return HttpResponse.json({ items: [], next_cursor: null, total: 0 });
      }),
      http.post(apiUrl('/me/password'), async ({ request }) => {
        changes.push(await request.json());
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/profile');
    const section = await screen.findByRole('region', { name: 'Password' });
    const form = within(section).getByRole('form', { name: 'Change your password' });
    await waitFor(() => {
      expect(sessionReads).toBe(1);
    });
    await user.type(within(form).getByLabelText(/^Current password/), 'old password 123');
    await user.type(within(form).getByLabelText(/^New password/), 'lantern harbour quartz');
    await user.type(within(form).getByLabelText(/^Repeat the new password/), 'lantern harbour quartz');
    await user.click(within(form).getByRole('button', { name: 'Change the password' }));
    expect(await screen.findByText('Your password is changed. Your other sessions are signed out.')).toBeVisible();
    expect(changes).toEqual([{ current_password: 'old password 123', new_password: 'lantern harbour quartz' }]);
    await waitFor(() => {
      expect(sessionReads).toBe(2);
    });
    // The form is emptied.
    expect(within(form).getByLabelText(/^Current password/)).toHaveValue('');
  });

  it('is not offered in a single sign-on session', async () => {
    serveSession({ me: meFixture({ sso: true }) });
    renderApp('/profile');
    expect(await screen.findByRole('region', { name: 'Two-step verification' })).toBeVisible();
    expect(screen.queryByRole('region', { name: 'Password' })).toBeNull();
  });
});
