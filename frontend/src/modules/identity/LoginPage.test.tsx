import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
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
import { loadPage } from './browserNavigation';
import { safeRedirect, validateLoginSearch } from './loginSearch';

// Whole-app renders (session start, /me, the organisation) can take more than a second on a busy machine.
configure({ asyncUtilTimeout: 5000 });

// jsdom cannot load another page: record where single sign-on would send the browser.
vi.mock('./browserNavigation', () => ({ loadPage: vi.fn() }));

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

describe('LoginPage — what the address may not do', () => {
  it('ignores a redirect to another site and unknown notices', async () => {
    serveSignIn({ login: () => HttpResponse.json(tokenResponseFixture('signed-in')) });
    const { user, form, router } = await openLogin('/login?redirect=%2F%2Fevil.example%2Fphish&notice=hacked');
    expect(screen.queryByRole('status')).toBeNull();
    await typeCredentials(user, form);
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));
    await waitFor(() => {
      expect(router.state.location.href).toBe('/');
    });
  });
});

describe('LoginPage — password reset and notices', () => {
  it('leads to the password reset page', async () => {
    serveNoSession();
    const { user, router } = await openLogin('/');
    await user.click(screen.getByRole('link', { name: 'Forgot your password?' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/forgot-password');
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  });

  it('confirms that the password was set', async () => {
    serveNoSession();
    renderApp('/login?notice=password_set');
    expect(await screen.findByRole('status')).toHaveTextContent('Your password is set. Sign in with it.');
  });
});

describe('LoginPage — single sign-on', () => {
  beforeEach(() => {
    vi.mocked(loadPage).mockClear();
  });

  it('asks for the organisation, then sends the browser to its provider, coming back where the user was heading', async () => {
    serveNoSession();
    const { user } = await openLogin('/administration/organization?tab=1');
    await user.click(screen.getByRole('button', { name: 'Sign in with single sign-on' }));

    const form = await screen.findByRole('form', { name: 'Single sign-on' });
    expect(screen.getByRole('heading', { level: 1, name: 'Single sign-on' })).toBeVisible();
    const organization = within(form).getByRole('textbox', { name: /^Organisation identifier/ });
    await user.type(organization, 'acme energy!');
    await user.click(within(form).getByRole('button', { name: 'Continue to the identity provider' }));
    expect(
      await within(form).findByText('Use lower-case letters, digits and hyphens, starting with a letter or digit.'),
    ).toBeVisible();
    expect(loadPage).not.toHaveBeenCalled();

    await user.clear(organization);
    await user.type(organization, ' Acme-Energy ');
    await user.click(within(form).getByRole('button', { name: 'Continue to the identity provider' }));
    await waitFor(() => {
      expect(loadPage).toHaveBeenCalledWith(
        '/api/v1/auth/sso/acme-energy/start?redirect=%2Fadministration%2Forganization%3Ftab%3D1',
      );
    });
    // Remembered for next time (not a secret).
    expect(window.localStorage.getItem('opsdeck.sso-organization')).toBe('acme-energy');
  });

  it('comes back to the password form, and offers the remembered organisation next time', async () => {
    serveNoSession();
    window.localStorage.setItem('opsdeck.sso-organization', 'national-cyber-authority');
    const { user } = await openLogin('/');
    await user.click(screen.getByRole('button', { name: 'Sign in with single sign-on' }));
    const form = await screen.findByRole('form', { name: 'Single sign-on' });
    expect(within(form).getByRole('textbox', { name: /^Organisation identifier/ })).toHaveValue('national-cyber-authority');
    await user.click(within(form).getByRole('button', { name: 'Continue to the identity provider' }));
    await waitFor(() => {
      expect(loadPage).toHaveBeenCalledWith('/api/v1/auth/sso/national-cyber-authority/start?redirect=%2F');
    });
    await user.click(screen.getByRole('button', { name: 'Sign in with a password instead' }));
    expect(await screen.findByRole('form', { name: 'Sign in' })).toBeVisible();
  });

  it.each([
    ['cancelled', 'The sign-in was cancelled at the identity provider.'],
    ['invalid_state', 'This sign-in attempt expired or was started in another browser window.'],
    ['provider_error', 'The identity provider reported an error.'],
    ['email_not_verified', 'The identity provider has not verified your e-mail address.'],
    ['domain_not_allowed', 'Your e-mail address is not in a domain allowed for this organisation.'],
    ['not_a_member', 'Your account is not a member of this organisation in OpsDeck.'],
    ['account_inactive', 'Your account is suspended or archived.'],
    ['disabled', 'Single sign-on is not enabled for this organisation.'],
    ['unknown_organization', 'No organisation with this identifier uses single sign-on.'],
    ['provider_unavailable', 'The organisation\'s identity provider cannot be reached right now.'],
    ['something_new', 'Single sign-on failed. Try again, or sign in with your e-mail address and password.'],
  ])('explains the failure %s', async (code, text) => {
    serveNoSession();
    renderApp(`/login?sso_error=${code}&redirect=%2Fprofile`);
    const alert = await screen.findByTestId('sso-error');
    expect(alert).toHaveTextContent('Single sign-on did not succeed');
    expect(alert).toHaveTextContent(text);
    // The password form is still there.
    expect(screen.getByRole('form', { name: 'Sign in' })).toBeVisible();
  });
});

describe('LoginPage — first-run setup', () => {
  it('sends a new deployment without any user to setup', async () => {
    serveNoSession();
    server.use(http.get(apiUrl('/setup'), () => HttpResponse.json({ required: true })));
    const { router } = renderApp('/');
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/setup');
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Set up OpsDeck' })).toBeVisible();
  });

  it('shows the sign-in page when the setup status cannot be read', async () => {
    serveNoSession();
    server.use(
      http.get(apiUrl('/setup'), () => problemResponse(problemFixture({ status: 500, title: 'Internal error' }))),
    );
    const { router } = renderApp('/login');
    expect(await screen.findByRole('form', { name: 'Sign in' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/login');
  });
});

describe('validateLoginSearch', () => {
  it('keeps what it knows and drops the rest', () => {
    expect(
      validateLoginSearch({ redirect: '/profile', sso_error: 'not_a_member', notice: 'password_set', other: 'x' }),
    ).toEqual({ redirect: '/profile', sso_error: 'not_a_member', notice: 'password_set' });
    expect(validateLoginSearch({ redirect: '//evil.example', sso_error: 'weird', notice: 'hacked' })).toEqual({
      sso_error: 'unknown',
    });
    expect(validateLoginSearch({ sso_error: '', notice: 42 })).toEqual({});
  });
});
