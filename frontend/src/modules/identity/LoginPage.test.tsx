import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { getAccessToken, getSessionSnapshot } from '../../lib/session';
import {
  mfaChallengeFixture,
  organizationFixture,
  problemFixture,
  storedText,
  tokenResponseFixture,
} from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveNoSession, serveSession } from '../../test/session';
import { safeRedirect } from './loginSearch';

interface Seen {
  login: unknown[];
  mfa: unknown[];
  /** Authorization header of every GET /organization. */
  organization: (string | null)[];
}

/** No session at first; /auth/login and /auth/mfa answer with `login` and `mfa`. */
function serveSignIn({ login, mfa }: { login: () => Response; mfa?: () => Response }): Seen {
  serveNoSession();
  const seen: Seen = { login: [], mfa: [], organization: [] };
  server.use(
    http.post(apiUrl('/auth/login'), async ({ request }) => {
      seen.login.push(await request.json());
      return login();
    }),
    http.post(apiUrl('/auth/mfa'), async ({ request }) => {
      seen.mfa.push(await request.json());
      return mfa ? mfa() : HttpResponse.json(tokenResponseFixture('after-mfa'));
    }),
    http.get(apiUrl('/organization'), ({ request }) => {
      seen.organization.push(request.headers.get('Authorization'));
      return request.headers.get('Authorization')
        ? HttpResponse.json(organizationFixture(), { headers: { ETag: '"3"' } })
        : problemResponse(problemFixture({ status: 401, title: 'Unauthorized' }));
    }),
  );
  return seen;
}

async function openLogin(path = '/administration/organization') {
  const user = userEvent.setup();
  const rendered = renderApp(path);
  const form = await screen.findByRole('form', { name: 'Sign in' });
  return { user, form, ...rendered };
}

async function typeCredentials(user: ReturnType<typeof userEvent.setup>, form: HTMLElement, password = 'correct horse') {
  await user.type(within(form).getByLabelText(/^E-mail address/), 'owner@acme-energy.example');
  await user.type(within(form).getByLabelText(/^Password/), password);
}

describe('LoginPage', () => {
  it('is where every page leads without a session, and brings the user back after signing in', async () => {
    const seen = serveSignIn({ login: () => HttpResponse.json(tokenResponseFixture('signed-in')) });
    const { user, form, router } = await openLogin('/administration/organization?tab=1');
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toEqual({ redirect: '/administration/organization?tab=1' });
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    // Outside the shell: no navigation, no development badge.
    expect(screen.queryByRole('navigation', { name: 'Modules' })).toBeNull();

    await typeCredentials(user, form);
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));

    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/administration/organization');
    });
    expect(seen.login).toEqual([{ email: 'owner@acme-energy.example', password: 'correct horse' }]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Organisation settings' })).toBeVisible();
    // Every API call now carries the token, which lives in memory only.
    await waitFor(() => {
      expect(seen.organization).toContain(`Bearer ${tokenResponseFixture('signed-in').access_token}`);
    });
    expect(getSessionSnapshot().status).toBe('signed-in');
    expect(storedText()).not.toContain(getAccessToken()!);
    // The user menu names who signed in.
    expect(await screen.findByRole('button', { name: 'Account menu of Olivia Owner' })).toBeVisible();
  });

  it('sends someone already signed in on to where they were heading', async () => {
    serveSession();
    const { router } = renderApp('/login?redirect=%2Fabout');
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/about');
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'About OpsDeck' })).toBeVisible();
  });

  it('shows wrong credentials on the form, without leaving the page', async () => {
    const seen = serveSignIn({
      login: () =>
        problemResponse(
          problemFixture({ status: 401, title: 'Unauthorized', detail: 'E-mail or password is not correct.' }),
        ),
    });
    const { user, form, router } = await openLogin();
    await typeCredentials(user, form, 'wrong password');
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The e-mail address or the password is not correct.');
    expect(within(form).getByLabelText(/^Password/)).toHaveValue('');
    expect(within(form).getByLabelText(/^E-mail address/)).toHaveValue('owner@acme-energy.example');
    expect(router.state.location.pathname).toBe('/login');
    expect(seen.login).toHaveLength(1);
    expect(getSessionSnapshot().status).toBe('signed-out');
  });

  it('puts field errors of the problem on the fields', async () => {
    serveSignIn({
      login: () =>
        problemResponse(
          problemFixture({ errors: [{ field: 'email', code: 'invalid', message: 'must be an e-mail address' }] }),
        ),
    });
    const { user, form } = await openLogin();
    await typeCredentials(user, form);
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));
    const email = within(form).getByLabelText(/^E-mail address/);
    await waitFor(() => {
      expect(email).toHaveAttribute('aria-invalid', 'true');
    });
    expect(email).toHaveAccessibleDescription(expect.stringContaining('must be an e-mail address'));
  });

  it('checks the form before sending anything', async () => {
    const seen = serveSignIn({ login: () => HttpResponse.json(tokenResponseFixture()) });
    const { user, form } = await openLogin();
    await user.type(within(form).getByLabelText(/^E-mail address/), 'not-an-address');
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));
    expect(await within(form).findByText('Enter an e-mail address, for example name@example.com.')).toBeVisible();
    expect(within(form).getByText('This field is required.')).toBeVisible();
    expect(seen.login).toHaveLength(0);
  });

  it('says how long a lockout lasts (Retry-After) and holds the button until then', async () => {
    serveSignIn({
      login: () =>
        problemResponse(problemFixture({ status: 429, title: 'Too many requests' }), { 'Retry-After': '30' }),
    });
    const { user, form } = await openLogin();
    await typeCredentials(user, form);
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many failed attempts: sign-in is locked. Try again in 30 seconds.',
    );
    expect(within(form).getByRole('button', { name: 'Sign in' })).toBeDisabled();
    expect(within(form).getByText(/You can try again in \d+ seconds?\./)).toBeVisible();
  });

  it('asks for the second factor after a 202, then signs in with the code', async () => {
    let mfaAnswers = 0;
    const seen = serveSignIn({
      login: () => HttpResponse.json(mfaChallengeFixture(), { status: 202 }),
      mfa: () => {
        mfaAnswers += 1;
        return mfaAnswers === 1
          ? problemResponse(problemFixture({ status: 401, title: 'Unauthorized', detail: 'The code is not correct.' }))
          : HttpResponse.json(tokenResponseFixture('after-mfa'));
      },
    });
    const { user, form, router } = await openLogin('/');
    await typeCredentials(user, form);
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));

    const step = await screen.findByRole('form', { name: 'Two-step verification' });
    expect(screen.getByRole('heading', { level: 1, name: 'Two-step verification' })).toBeVisible();
    expect(getSessionSnapshot().status).toBe('signed-out');
    const code = within(step).getByRole('textbox', { name: /^Authentication code/ });
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(code).toHaveAttribute('inputmode', 'numeric');

    // Not six digits: refused before sending.
    await user.type(code, '12345');
    await user.click(within(step).getByRole('button', { name: 'Verify' }));
    expect(await within(step).findByText('Enter the 6 digits shown by your authenticator app.')).toBeVisible();
    expect(seen.mfa).toHaveLength(0);

    // A wrong code: said so, and the input is emptied for another try.
    await user.clear(code);
    await user.type(code, '111 111');
    await user.click(within(step).getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This code was not accepted.');
    expect(code).toHaveValue('');

    await user.type(code, '123 456');
    await user.click(within(step).getByRole('button', { name: 'Verify' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/');
    });
    expect(seen.mfa).toEqual([
      { mfa_token: 'mfa_challenge123', code: '111111' },
      { mfa_token: 'mfa_challenge123', code: '123456' },
    ]);
    expect(getSessionSnapshot()).toMatchObject({ status: 'signed-in', secondFactor: true });
    expect(getAccessToken()).toBe(tokenResponseFixture('after-mfa').access_token);
  });

  it('takes a recovery code instead of the app code', async () => {
    const seen = serveSignIn({ login: () => HttpResponse.json(mfaChallengeFixture(), { status: 202 }) });
    const { user, form, router } = await openLogin('/');
    await typeCredentials(user, form);
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('form', { name: 'Two-step verification' });

    await user.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));
    const step = screen.getByRole('form', { name: 'Two-step verification' });
    expect(within(step).queryByRole('textbox', { name: /^Authentication code/ })).toBeNull();
    await user.type(within(step).getByRole('textbox', { name: /^Recovery code/ }), 'ABCD-EFGH-1234');
    await user.click(within(step).getByRole('button', { name: 'Verify' }));

    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/');
    });
    expect(seen.mfa).toEqual([{ mfa_token: 'mfa_challenge123', recovery_code: 'ABCD-EFGH-1234' }]);
    // And back: the app code is the default again after starting over.
    expect(screen.queryByRole('button', { name: 'Use the authenticator app instead' })).toBeNull();
  });

  it('goes back to e-mail and password on "Start over"', async () => {
    serveSignIn({ login: () => HttpResponse.json(mfaChallengeFixture(), { status: 202 }) });
    const { user, form } = await openLogin('/');
    await typeCredentials(user, form);
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('form', { name: 'Two-step verification' });
    await user.click(screen.getByRole('button', { name: 'Start over' }));
    expect(await screen.findByRole('form', { name: 'Sign in' })).toBeVisible();
  });
});

describe('safeRedirect', () => {
  it.each([
    ['/administration/audit-log?entity_type=organization', '/administration/audit-log?entity_type=organization'],
    ['/', '/'],
    ['//evil.example/path', undefined],
    ['/\\evil.example', undefined],
    ['https://evil.example/', undefined],
    ['/login?redirect=%2F', undefined],
    ['/login', undefined],
    [42, undefined],
  ])('%s → %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});
