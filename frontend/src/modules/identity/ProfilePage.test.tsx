import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { toDateInput } from '../../lib/intl';
import { getSessionSnapshot } from '../../lib/session';
import {
  accessTokenFixture,
  apiTokenFixture,
  apiTokenListFixture,
  meFixture,
  problemFixture,
  tokenResponseFixture,
} from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import type { ApiToken } from './apiTokens';

const RECOVERY_CODES = Array.from({ length: 10 }, (_, index) => `RC${String(index).padStart(2, '0')}-ABCD-EFGH`);
// A 1×1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

function reauthenticationProblem() {
  return problemResponse(
    problemFixture({
      type: 'https://opsdeck.dev/problems/reauthentication-required',
      status: 403,
      title: 'Forbidden',
      detail: 'Sign in again: this action needs a sign-in within the last 10 minutes.',
    }),
  );
}

async function openProfile() {
  const user = userEvent.setup();
  const rendered = renderApp('/profile');
  expect(await screen.findByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
  return { user, ...rendered };
}

async function twoStep() {
  return screen.findByRole('region', { name: 'Two-step verification' });
}

async function apiTokens() {
  return screen.findByRole('region', { name: 'API tokens' });
}

describe('ProfilePage — account', () => {
  it('shows who is signed in, where, and with which rights', async () => {
    serveSession({
      me: meFixture({
        permissions: [
          { module: 'assets', level: 'write' },
          { module: 'policies', level: 'read' },
          { module: 'administration', level: 'admin' },
        ],
      }),
    });
    await openProfile();
    const account = await screen.findByRole('region', { name: 'Account' });
    expect(within(account).getByRole('rowheader', { name: 'E-mail address' })).toBeVisible();
    expect(within(account).getByText('owner@acme-energy.example')).toBeVisible();
    expect(within(account).getByText('Acme Energy (Operator)')).toBeVisible();
    const permissions = within(account).getByTestId('permissions');
    expect(permissions).toHaveTextContent('AdministerAdministration');
    expect(permissions).toHaveTextContent('EditAssets and inventory');
    expect(permissions).toHaveTextContent('ReadPolicies and knowledge');
  });

  it('in development without a sign-in, offers to sign in for the security settings', async () => {
    await openProfile();
    expect(await screen.findByText('Not signed in')).toBeVisible();
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Sign in' })).toHaveAttribute(
      'href',
      '/login?redirect=%2Fprofile',
    );
    expect(screen.queryByRole('region', { name: 'Two-step verification' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'API tokens' })).toBeNull();
  });
});

describe('ProfilePage — two-step verification', () => {
  it('enrols an authenticator app and shows the ten recovery codes once', async () => {
    serveSession();
    const verified: unknown[] = [];
    server.use(
      http.post(apiUrl('/me/mfa/totp'), () =>
        HttpResponse.json({
          secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
          otpauth_url: 'otpauth://totp/OpsDeck:owner@acme-energy.example?secret=JBSWY3DPEHPK3PXP&issuer=OpsDeck',
          qr_png: PNG,
        }),
      ),
      http.post(apiUrl('/me/mfa/totp/verify'), async ({ request }) => {
        const body = (await request.json()) as { code: string };
        verified.push(body);
        return body.code === '000000'
          ? problemResponse(
              problemFixture({
                status: 422,
                title: 'Unprocessable entity',
                errors: [{ field: 'code', code: 'invalid', message: 'does not match the authenticator app' }],
              }),
            )
          : HttpResponse.json({ recovery_codes: RECOVERY_CODES });
      }),
    );
    const { user } = await openProfile();
    const section = await twoStep();
    expect(within(section).getByTestId('two-step-status')).toHaveTextContent('Off');

    await user.click(within(section).getByRole('button', { name: 'Set up an authenticator app' }));
    const qr = await within(section).findByRole('img', { name: 'QR code to add OpsDeck to your authenticator app' });
    expect(qr).toHaveAttribute('src', `data:image/png;base64,${PNG}`);
    expect(within(section).getByTestId('totp-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');

    const form = within(section).getByRole('form', { name: 'Confirm the authenticator app' });
    const code = within(form).getByRole('textbox', { name: /^Code from the app/ });
    await user.type(code, '000000');
    await user.click(within(form).getByRole('button', { name: 'Verify and turn on' }));
    expect(await within(form).findByText('does not match the authenticator app')).toBeVisible();
    expect(code).toHaveAttribute('aria-invalid', 'true');

    await user.clear(code);
    await user.type(code, '123 456');
    await user.click(within(form).getByRole('button', { name: 'Verify and turn on' }));

    const codes = await within(section).findByRole('list', { name: 'Recovery codes' });
    expect(within(codes).getAllByRole('listitem').map((item) => item.textContent)).toEqual(RECOVERY_CODES);
    expect(within(section).getByText('Store these recovery codes now: they will not be shown again.')).toBeVisible();
    const download = within(section).getByRole('link', { name: 'Download' });
    expect(download).toHaveAttribute('download', 'opsdeck-recovery-codes.txt');
    expect(decodeURIComponent(download.getAttribute('href')!)).toContain(RECOVERY_CODES.join('\n'));
    expect(within(section).getByRole('button', { name: 'Copy the codes' })).toBeVisible();
    expect(verified).toEqual([{ code: '000000' }, { code: '123456' }]);
    expect(within(section).getByTestId('two-step-status')).toHaveTextContent('On');

    // Once stored, they are gone for good; the section offers to turn the second factor off instead.
    await user.click(within(section).getByRole('button', { name: 'I have stored them' }));
    expect(within(section).queryByRole('list', { name: 'Recovery codes' })).toBeNull();
    expect(screen.queryByText(RECOVERY_CODES[0]!)).toBeNull();
    expect(within(section).getByRole('form', { name: 'Turn off two-step verification' })).toBeVisible();
    expect(getSessionSnapshot().secondFactor).toBe(true);
  });

  it('asks to sign in again when the server wants a recent sign-in, and comes back here', async () => {
    serveSession();
    let loggedOut = 0;
    server.use(
      http.post(apiUrl('/me/mfa/totp'), () => reauthenticationProblem()),
      http.post(apiUrl('/auth/logout'), () => {
        loggedOut += 1;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, router } = await openProfile();
    const section = await twoStep();
    await user.click(within(section).getByRole('button', { name: 'Set up an authenticator app' }));

    const alert = await within(section).findByRole('alert');
    expect(alert).toHaveTextContent('Sign in again to continue');
    expect(alert).toHaveTextContent('needs a sign-in within the last 10 minutes');
    await user.click(within(alert).getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/login');
    });
    expect(router.state.location.search).toEqual({ redirect: '/profile' });
    expect(loggedOut).toBe(1);
  });

  it('learns from a 409 that an app is already active', async () => {
    serveSession();
    server.use(
      http.post(apiUrl('/me/mfa/totp'), () =>
        problemResponse(problemFixture({ status: 409, title: 'Conflict', detail: 'An authenticator app is already active' })),
      ),
    );
    const { user } = await openProfile();
    const section = await twoStep();
    await user.click(within(section).getByRole('button', { name: 'Set up an authenticator app' }));
    await waitFor(() => {
      expect(within(section).getByTestId('two-step-status')).toHaveTextContent('On');
    });
  });

  it('turns it off with the password', async () => {
    // Signed in with a second factor: the token's amr says so.
    serveSession({
      tokens: [{ ...tokenResponseFixture(), access_token: accessTokenFixture('with-otp', { amr: ['pwd', 'otp'] }) }],
    });
    const passwords: unknown[] = [];
    server.use(
      http.post(apiUrl('/me/mfa/totp/disable'), async ({ request }) => {
        const body = (await request.json()) as { password: string };
        passwords.push(body);
        return body.password === 'right one'
          ? new HttpResponse(null, { status: 204 })
          : problemResponse(
              problemFixture({
                status: 422,
                title: 'Unprocessable entity',
                errors: [{ field: 'password', code: 'invalid', message: 'is not your current password' }],
              }),
            );
      }),
    );
    const { user } = await openProfile();
    const section = await twoStep();
    expect(within(section).getByTestId('two-step-status')).toHaveTextContent('On');
    const form = within(section).getByRole('form', { name: 'Turn off two-step verification' });
    const password = within(form).getByLabelText(/^Current password/);
    await user.type(password, 'wrong one');
    await user.click(within(form).getByRole('button', { name: 'Turn off two-step verification' }));
    expect(await within(form).findByText('is not your current password')).toBeVisible();

    await user.clear(password);
    await user.type(password, 'right one');
    await user.click(within(form).getByRole('button', { name: 'Turn off two-step verification' }));
    await waitFor(() => {
      expect(within(section).getByTestId('two-step-status')).toHaveTextContent('Off');
    });
    expect(passwords).toEqual([{ password: 'wrong one' }, { password: 'right one' }]);
    expect(within(section).getByRole('button', { name: 'Set up an authenticator app' })).toBeVisible();
  });
});

describe('ProfilePage — API tokens', () => {
  const me = meFixture({
    permissions: [
      { module: 'assets', level: 'write' },
      { module: 'policies', level: 'read' },
    ],
  });

  it('creates a token within the user\u2019s rights and shows it once', async () => {
    serveSession({ me });
    let tokens: ApiToken[] = [];
    const created: unknown[] = [];
    const secret = 'odk_AbC12xYz_s3cr3t-value-shown-once';
    server.use(
      http.get(apiUrl('/me/api-tokens'), () => HttpResponse.json(apiTokenListFixture(tokens))),
      http.post(apiUrl('/me/api-tokens'), async ({ request }) => {
        created.push(await request.json());
        const token = apiTokenFixture({ name: 'CMDB sync', scopes: [{ module: 'assets', level: 'read' }] });
        tokens = [token];
        return HttpResponse.json({ token: secret, api_token: token }, { status: 201 });
      }),
    );
    const { user } = await openProfile();
    const section = await apiTokens();
    expect(await within(section).findByText('You have no API token yet.')).toBeVisible();

    await user.click(within(section).getByRole('button', { name: 'Create a token' }));
    const form = within(section).getByRole('form', { name: 'New API token' });
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'CMDB sync');

    // Only the modules the user has a permission on, and levels up to theirs.
    await user.click(within(form).getByRole('combobox', { name: /^Module/ }));
    const modules = await screen.findAllByRole('option');
    expect(modules.map((option) => option.textContent)).toEqual(['Assets and inventory', 'Policies and knowledge']);
    await user.click(screen.getByRole('option', { name: 'Policies and knowledge' }));
    await user.click(within(form).getByRole('combobox', { name: /^Level/ }));
    expect((await screen.findAllByRole('option')).map((option) => option.textContent)).toEqual(['Read']);
    await user.keyboard('{Escape}');
    await user.click(within(form).getByRole('combobox', { name: /^Module/ }));
    await user.click(await screen.findByRole('option', { name: 'Assets and inventory' }));
    await user.click(within(form).getByRole('combobox', { name: /^Level/ }));
    expect((await screen.findAllByRole('option')).map((option) => option.textContent)).toEqual(['Read', 'Edit']);
    await user.click(screen.getByRole('option', { name: 'Read' }));

    // Ninety days by default, a year at most.
    const expires = within(form).getByLabelText(/^Expires on/);
    const in90Days = new Date();
    in90Days.setDate(in90Days.getDate() + 90);
    expect(expires).toHaveValue(toDateInput(in90Days));
    const in365Days = new Date();
    in365Days.setDate(in365Days.getDate() + 365);
    expect(expires).toHaveAttribute('max', toDateInput(in365Days));

    await user.click(within(form).getByRole('button', { name: 'Create the token' }));

    const shown = await within(section).findByTestId('new-api-token');
    expect(shown).toHaveTextContent(secret);
    expect(within(section).getByText('Copy it now and store it safely: it will not be shown again.')).toBeVisible();
    expect(within(section).getByRole('button', { name: 'Copy the token' })).toBeVisible();
    expect(created).toHaveLength(1);
    const body = created[0] as { name: string; scopes: unknown; expires_at: string };
    expect(body.name).toBe('CMDB sync');
    expect(body.scopes).toEqual([{ module: 'assets', level: 'read' }]);
    const days = (new Date(body.expires_at).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90.1);

    // The list shows the new token by its prefix only.
    const table = await within(section).findByRole('table', { name: 'Your API tokens' });
    expect(within(table).getByText('odk_AbC12xYz')).toBeVisible();
    expect(within(table).getByText('Assets and inventory: Read')).toBeVisible();
    expect(within(table).getByText('Never used')).toBeVisible();

    await user.click(within(section).getByRole('button', { name: 'Done' }));
    expect(within(section).queryByTestId('new-api-token')).toBeNull();
    expect(document.body.textContent).not.toContain(secret);
  });

  it('puts the server\u2019s scope errors on the right row', async () => {
    serveSession({ me });
    server.use(
      http.post(apiUrl('/me/api-tokens'), () =>
        problemResponse(
          problemFixture({
            status: 422,
            title: 'Unprocessable entity',
            errors: [{ field: 'scopes.0', code: 'exceeds_rights', message: 'you have read on policies' }],
          }),
        ),
      ),
    );
    const { user } = await openProfile();
    const section = await apiTokens();
    await user.click(within(section).getByRole('button', { name: 'Create a token' }));
    const form = within(section).getByRole('form', { name: 'New API token' });
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Sync');
    await user.click(within(form).getByRole('combobox', { name: /^Module/ }));
    await user.click(await screen.findByRole('option', { name: 'Policies and knowledge' }));
    await user.click(within(form).getByRole('button', { name: 'Create the token' }));
    const level = within(form).getByRole('combobox', { name: /^Level/ });
    await waitFor(() => {
      expect(level).toHaveAttribute('aria-invalid', 'true');
    });
    expect(within(form).getByText('you have read on policies')).toBeVisible();
  });

  it('refuses an expiry more than a year away before sending', async () => {
    serveSession({ me });
    let posts = 0;
    server.use(
      http.post(apiUrl('/me/api-tokens'), () => {
        posts += 1;
        return HttpResponse.json({});
      }),
    );
    const { user } = await openProfile();
    const section = await apiTokens();
    await user.click(within(section).getByRole('button', { name: 'Create a token' }));
    const form = within(section).getByRole('form', { name: 'New API token' });
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Sync');
    await user.click(within(form).getByRole('combobox', { name: /^Module/ }));
    await user.click(await screen.findByRole('option', { name: 'Assets and inventory' }));
    const tooLate = new Date();
    tooLate.setDate(tooLate.getDate() + 400);
    fireEvent.change(within(form).getByLabelText(/^Expires on/), { target: { value: toDateInput(tooLate) } });
    await user.click(within(form).getByRole('button', { name: 'Create the token' }));
    expect(await within(form).findByText('Choose a day between tomorrow and 365 days from today.')).toBeVisible();
    expect(posts).toBe(0);
  });

  it('revokes a token after confirmation', async () => {
    serveSession({ me });
    let token = apiTokenFixture({ last_used_at: '2026-11-23T08:00:00Z', last_used_ip: '192.0.2.7' });
    const revoked: string[] = [];
    server.use(
      http.get(apiUrl('/me/api-tokens'), () => HttpResponse.json(apiTokenListFixture([token]))),
      http.post(apiUrl('/me/api-tokens/:id/revoke'), ({ params }) => {
        revoked.push(String(params.id));
        token = { ...token, status: 'revoked', revoked_at: '2026-11-24T08:00:00Z' };
        return HttpResponse.json(token);
      }),
    );
    const { user } = await openProfile();
    const section = await apiTokens();
    const table = await within(section).findByRole('table', { name: 'Your API tokens' });
    expect(within(table).getByText('192.0.2.7')).toBeVisible();
    expect(within(table).getByText('Active')).toBeVisible();

    await user.click(within(table).getByRole('button', { name: 'Revoke the token “CMDB sync”' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke this token?' });
    expect(dialog).toHaveTextContent('Integrations that use “CMDB sync” stop working at once.');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(revoked).toEqual([]);

    await user.click(within(table).getByRole('button', { name: 'Revoke the token “CMDB sync”' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Revoke the token' }));
    await waitFor(() => {
      expect(within(table).getByText('Revoked')).toBeVisible();
    });
    expect(revoked).toEqual([token.id]);
    expect(within(table).queryByRole('button', { name: /^Revoke the token/ })).toBeNull();
  });
});

describe('ProfilePage — second factor required by the organisation', () => {
  it('sends the user to enrol, hides what the API refuses, and asks to sign in again afterwards', async () => {
    serveSession({ me: meFixture({ restriction: 'mfa-enrolment-required' }) });
    server.use(
      http.get(apiUrl('/organization'), () =>
        problemResponse(
          problemFixture({
            status: 403,
            title: 'Forbidden',
            type: 'https://opsdeck.dev/problems/mfa-enrolment-required',
          }),
        ),
      ),
      http.post(apiUrl('/me/mfa/totp'), () =>
        HttpResponse.json({ secret: 'JBSWY3DPEHPK3PXP', otpauth_url: 'otpauth://x', qr_png: PNG }),
      ),
      http.post(apiUrl('/me/mfa/totp/verify'), () => HttpResponse.json({ recovery_codes: RECOVERY_CODES })),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/administration');
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/profile');
    });
    expect(await screen.findByTestId('mfa-required')).toHaveTextContent('Your organisation requires a second factor');
    const nav = screen.getByRole('navigation', { name: 'Modules' });
    expect(within(nav).getAllByRole('link').map((link) => link.textContent)).toEqual(['Dashboards']);
    expect(within(nav).getByText(/Modules appear once two-step verification is set up/)).toBeVisible();
    expect(screen.queryByRole('region', { name: 'API tokens' })).toBeNull();

    const section = await twoStep();
    await user.click(within(section).getByRole('button', { name: 'Set up an authenticator app' }));
    const form = await within(section).findByRole('form', { name: 'Confirm the authenticator app' });
    await user.type(within(form).getByRole('textbox', { name: /^Code from the app/ }), '123456');
    await user.click(within(form).getByRole('button', { name: 'Verify and turn on' }));
    await user.click(await within(section).findByRole('button', { name: 'I have stored them' }));
    expect(within(section).getByRole('alert')).toHaveTextContent('Sign in again with your authenticator app');
    expect(within(section).getByRole('button', { name: 'Sign in again' })).toBeVisible();
  });
});

