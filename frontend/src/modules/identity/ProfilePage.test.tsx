import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { toDateInput } from '../../lib/intl';
import { getAccessToken, getSessionSnapshot } from '../../lib/session';
import {
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

// Whole-app renders (session start, /me, the organisation) can take more than a second on a busy machine.
configure({ asyncUtilTimeout: 5000 });
// Long forms typed field by field.
vi.setConfig({ testTimeout: 30_000 });

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
    let enrolled = false;
    serveSession({ me: () => meFixture({ mfa_enrolled: enrolled }) });
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
        if (body.code === '000000') {
          return problemResponse(
            problemFixture({
              status: 422,
              title: 'Unprocessable entity',
              errors: [{ field: 'code', code: 'invalid', message: 'does not match the authenticator app' }],
            }),
          );
        }
        enrolled = true;
        return HttpResponse.json({ recovery_codes: RECOVERY_CODES });
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
  });

  it('asks for the password again when the server wants a recent sign-in, then retries the action', async () => {
    const log = serveSession({ tokens: [tokenResponseFixture('session')] });
    const reauthenticated = tokenResponseFixture('reauthenticated');
    const proofs: { body: unknown; authorization: string | null }[] = [];
    let starts = 0;
    server.use(
      http.post(apiUrl('/me/mfa/totp'), ({ request }) => {
        starts += 1;
        // Recent enough only with the token of the re-authentication.
        return request.headers.get('Authorization') === `Bearer ${reauthenticated.access_token}`
          ? HttpResponse.json({ secret: 'JBSWY3DPEHPK3PXP', otpauth_url: 'otpauth://x', qr_png: PNG })
          : reauthenticationProblem();
      }),
      http.post(apiUrl('/auth/reauthenticate'), async ({ request }) => {
        const body = (await request.json()) as { password: string };
        proofs.push({ body, authorization: request.headers.get('Authorization') });
        return body.password === 'correct horse'
          ? HttpResponse.json(reauthenticated)
          : problemResponse(
              problemFixture({
                status: 422,
                title: 'Unprocessable entity',
                detail: 'The password is not correct.',
                errors: [{ field: 'password', code: 'invalid', message: 'is not your password' }],
              }),
            );
      }),
    );
    const { user } = await openProfile();
    const section = await twoStep();
    await user.click(within(section).getByRole('button', { name: 'Set up an authenticator app' }));

    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    expect(dialog).toHaveTextContent('You will not be asked again for 10 minutes.');
    // No authenticator app on the account: the password only.
    expect(within(dialog).queryByRole('textbox', { name: /^Authentication code/ })).toBeNull();
    const password = within(dialog).getByLabelText(/^Password/);
    expect(password).toHaveAttribute('autocomplete', 'current-password');

    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByText('This field is required.')).toBeVisible();
    expect(proofs).toHaveLength(0);

    await user.type(password, 'wrong horse');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByText('This password is not correct.')).toBeVisible();
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(starts).toBe(1);

    await user.clear(password);
    await user.type(password, 'correct horse');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));

    // The action is retried with the new token: the enrolment starts.
    expect(
      await within(section).findByRole('img', { name: 'QR code to add OpsDeck to your authenticator app' }),
    ).toBeVisible();
    await waitFor(() => {
      expect(screen.queryByRole('dialog', { name: 'Confirm it’s you' })).toBeNull();
    });
    expect(starts).toBe(2);
    expect(proofs).toEqual([
      { body: { password: 'wrong horse' }, authorization: `Bearer ${tokenResponseFixture('session').access_token}` },
      { body: { password: 'correct horse' }, authorization: `Bearer ${tokenResponseFixture('session').access_token}` },
    ]);
    expect(getAccessToken()).toBe(reauthenticated.access_token);
    // Same session: no sign-in, no refresh.
    expect(log.refreshes).toHaveLength(1);
    expect(getSessionSnapshot().status).toBe('signed-in');
  });

  it('asks for the authenticator code too when the account has one, and can be cancelled', async () => {
    let enrolled = true;
    serveSession({ me: () => meFixture({ mfa_enrolled: enrolled }) });
    let recent = false;
    const proofs: unknown[] = [];
    const disables: unknown[] = [];
    server.use(
      http.post(apiUrl('/me/mfa/totp/disable'), async ({ request }) => {
        disables.push(await request.json());
        if (!recent) return reauthenticationProblem();
        enrolled = false;
        return new HttpResponse(null, { status: 204 });
      }),
      http.post(apiUrl('/auth/reauthenticate'), async ({ request }) => {
        const body = (await request.json()) as { code?: string };
        proofs.push(body);
        if (body.code !== '654321') {
          return problemResponse(
            problemFixture({
              status: 422,
              title: 'Unprocessable entity',
              errors: [{ field: 'code', code: 'invalid', message: 'is not the current code' }],
            }),
          );
        }
        recent = true;
        return HttpResponse.json(tokenResponseFixture('reauthenticated'));
      }),
    );
    const { user } = await openProfile();
    const section = await twoStep();
    expect(within(section).getByTestId('two-step-status')).toHaveTextContent('On');
    const form = within(section).getByRole('form', { name: 'Turn off two-step verification' });
    await user.type(within(form).getByLabelText(/^Current password/), 'my password');
    await user.click(within(form).getByRole('button', { name: 'Turn off two-step verification' }));

    // Cancelling closes the dialog and does nothing more.
    let dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog', { name: 'Confirm it’s you' })).toBeNull();
    });
    expect(disables).toHaveLength(1);

    await user.click(within(form).getByRole('button', { name: 'Turn off two-step verification' }));
    dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    expect(dialog).toHaveTextContent('a code from your authenticator app');
    const code = within(dialog).getByRole('textbox', { name: /^Authentication code/ });
    await user.type(within(dialog).getByLabelText(/^Password/), 'my password');
    await user.type(code, '123');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByText('Enter the 6 digits shown by your authenticator app.')).toBeVisible();
    expect(proofs).toHaveLength(0);

    await user.clear(code);
    await user.type(code, '111 111');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByText('This code was not accepted. Enter the code the app shows now.')).toBeVisible();
    expect(code).toHaveValue('');

    await user.type(code, '654 321');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => {
      expect(within(section).getByTestId('two-step-status')).toHaveTextContent('Off');
    });
    expect(proofs).toEqual([
      { password: 'my password', code: '111111' },
      { password: 'my password', code: '654321' },
    ]);
    // Retried with the same password.
    expect(disables).toEqual([{ password: 'my password' }, { password: 'my password' }, { password: 'my password' }]);
  });

  it('says when re-authentication is locked out', async () => {
    serveSession();
    server.use(
      http.post(apiUrl('/me/mfa/totp'), () => reauthenticationProblem()),
      http.post(apiUrl('/auth/reauthenticate'), () =>
        problemResponse(problemFixture({ status: 429, title: 'Too many requests' }), { 'Retry-After': '60' }),
      ),
    );
    const { user } = await openProfile();
    await user.click(within(await twoStep()).getByRole('button', { name: 'Set up an authenticator app' }));
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    await user.type(within(dialog).getByLabelText(/^Password/), 'whatever');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Try again in 60 seconds.');
    expect(within(dialog).getByRole('button', { name: 'Confirm' })).toBeDisabled();
  });

  it('in a single sign-on session, asks to sign in again instead, and comes back here', async () => {
    serveSession({ me: meFixture({ sso: true }) });
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
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.click(within(alert).getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/login');
    });
    expect(router.state.location.search).toEqual({ redirect: '/profile' });
    expect(loggedOut).toBe(1);
  });

  it('learns from a 409 that an app is already active (enrolled elsewhere meanwhile)', async () => {
    let reads = 0;
    serveSession({
      me: () => {
        reads += 1;
        return meFixture({ mfa_enrolled: reads > 1 });
      },
    });
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
    let enrolled = true;
    serveSession({ me: () => meFixture({ mfa_enrolled: enrolled }) });
    const passwords: unknown[] = [];
    server.use(
      http.post(apiUrl('/me/mfa/totp/disable'), async ({ request }) => {
        const body = (await request.json()) as { password: string };
        passwords.push(body);
        if (body.password === 'right one') {
          enrolled = false;
          return new HttpResponse(null, { status: 204 });
        }
        return problemResponse(
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

  it('creates the token once the user confirmed who they are, when the server wants a recent sign-in', async () => {
    serveSession({ me });
    let recent = false;
    const created: unknown[] = [];
    server.use(
      http.post(apiUrl('/me/api-tokens'), async ({ request }) => {
        created.push(await request.json());
        if (!recent) return reauthenticationProblem();
        return HttpResponse.json({ token: 'odk_new_secret', api_token: apiTokenFixture({ name: 'Sync' }) }, { status: 201 });
      }),
      http.post(apiUrl('/auth/reauthenticate'), () => {
        recent = true;
        return HttpResponse.json(tokenResponseFixture('reauthenticated'));
      }),
    );
    const { user } = await openProfile();
    const section = await apiTokens();
    await user.click(within(section).getByRole('button', { name: 'Create a token' }));
    const form = within(section).getByRole('form', { name: 'New API token' });
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Sync');
    await user.click(within(form).getByRole('combobox', { name: /^Module/ }));
    await user.click(await screen.findByRole('option', { name: 'Assets and inventory' }));
    await user.click(within(form).getByRole('button', { name: 'Create the token' }));

    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    await user.type(within(dialog).getByLabelText(/^Password/), 'correct horse');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(section).findByTestId('new-api-token')).toHaveTextContent('odk_new_secret');
    expect(created).toHaveLength(2);
    // The same form, sent again (the expiry moment is computed at each send).
    expect(created[1]).toMatchObject({ name: 'Sync', scopes: [{ module: 'assets', level: 'read' }] });
    expect(created[0]).toMatchObject({ name: 'Sync', scopes: [{ module: 'assets', level: 'read' }] });
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

