import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { meFixture, problemFixture } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { apiUrl, problemResponse, server } from '../../../test/server';
import { serveSession } from '../../../test/session';
import { roleFixture, ssoSettingsFixture, unconfiguredSsoFixture } from '../../platform/platformFixtures';
import type { SsoSettings } from './ssoSettings';

const EMPLOYEE = roleFixture();
const AUDITOR = roleFixture({ id: '0193a2b4-0000-7000-8000-00000000e002', name: 'Auditor', builtin_key: 'auditor' });

interface SeenPut {
  contentType: string | null;
  ifMatch: string | null;
  body: Record<string, unknown>;
}

/** Serves GET /organization/sso (`settings` with `etag`), /roles, and PUT with `answer`, recording what was sent. */
function serveSso({
  settings = ssoSettingsFixture(),
  etag = `"${String(settings.version)}"`,
  answer = (body: Record<string, unknown>) =>
    HttpResponse.json({ ...settings, ...body, configured: true, client_secret_set: true, version: settings.version + 1 }, {
      headers: { ETag: `"${String(settings.version + 1)}"` },
    }),
}: { settings?: SsoSettings; etag?: string; answer?: (body: Record<string, unknown>) => Response } = {}) {
  const puts: SeenPut[] = [];
  let gets = 0;
  server.use(
    http.get(apiUrl('/organization/sso'), () => {
      gets += 1;
      return HttpResponse.json(settings, { headers: { ETag: etag } });
    }),
    http.get(apiUrl('/roles'), () => HttpResponse.json({ items: [AUDITOR, EMPLOYEE], next_cursor: null, total: 2 })),
    http.put(apiUrl('/organization/sso'), async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      puts.push({ contentType: request.headers.get('Content-Type'), ifMatch: request.headers.get('If-Match'), body });
      return answer(body);
    }),
  );
  return { puts, gets: () => gets };
}

async function openForm() {
  const user = userEvent.setup();
  const result = renderApp('/administration/security/sso');
  const form = await screen.findByRole('form', { name: 'Single sign-on' }, { timeout: 5000 });
  return { user, form, ...result };
}

describe('SsoSettingsPage', () => {
  it('configures single sign-on for the first time with If-Match "0"', async () => {
    const { puts } = serveSso({ settings: unconfiguredSsoFixture(), etag: '"0"' });
    const { user, form } = await openForm();
    expect(screen.getByText(/Single sign-on is not configured yet/)).toBeVisible();
    expect(screen.getByText('Not configured')).toBeVisible();
    expect(within(form).queryByText('Stored')).toBeNull();

    await user.click(within(form).getByRole('switch', { name: 'Allow sign-in with this provider' }));
    await user.type(within(form).getByLabelText(/^Issuer URL/), 'https://login.acme-energy.example/realms/acme');
    await user.type(within(form).getByLabelText(/^Client ID/), 'opsdeck');
    await user.type(within(form).getByLabelText(/^Client secret/), 's3cret-value');
    await user.type(within(form).getByRole('combobox', { name: /^Allowed e-mail domains/ }), 'Acme-Energy.example{Enter}acme.example{Enter}');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => {
      expect(puts).toHaveLength(1);
    });
    expect(puts[0]).toEqual({
      contentType: expect.stringContaining('application/json') as string,
      ifMatch: '"0"',
      body: {
        enabled: true,
        issuer: 'https://login.acme-energy.example/realms/acme',
        client_id: 'opsdeck',
        client_secret: 's3cret-value',
        allowed_domains: ['acme-energy.example', 'acme.example'],
        auto_provision: false,
        default_role_id: null,
      },
    });
    expect(await screen.findByText('Single sign-on settings saved')).toBeVisible();
    // The saved version is the new baseline: the secret is stored, the field is empty again.
    expect(await screen.findByText('Stored')).toBeVisible();
    expect(screen.getByLabelText(/^Client secret/)).toHaveValue('');
    expect(screen.getByText('Enabled')).toBeVisible();
  });

  it('keeps the stored secret when its field is left empty, and sends the ETag of the version read', async () => {
    const { puts } = serveSso({ settings: ssoSettingsFixture({ version: 5 }), etag: '"5"' });
    const { user, form } = await openForm();
    expect(within(form).getByText('Stored')).toBeVisible();
    const secret = within(form).getByLabelText(/^Client secret/);
    expect(secret).toHaveValue('');
    expect(secret).toHaveAccessibleDescription(expect.stringContaining('Leave empty to keep it'));

    const clientId = within(form).getByLabelText(/^Client ID/);
    await user.clear(clientId);
    await user.type(clientId, 'opsdeck-prod');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => {
      expect(puts).toHaveLength(1);
    });
    expect(puts[0]?.ifMatch).toBe('"5"');
    expect(puts[0]?.body.client_id).toBe('opsdeck-prod');
    expect(puts[0]?.body).not.toHaveProperty('client_secret');
    expect(puts[0]?.body.allowed_domains).toEqual(['acme-energy.example']);
  });

  it('shows why the server refused the issuer (422: discovery document)', async () => {
    const detail =
      'The discovery document of https://login.acme-energy.example/realms/acme could not be fetched: 404 Not Found.';
    let answer = problemResponse(
      problemFixture({ status: 422, title: 'Unprocessable entity', detail, request_id: 'req-sso-1' }),
    );
    serveSso({ answer: () => answer });
    const { user, form } = await openForm();
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('Unprocessable entity');
    expect(alert).toHaveTextContent(detail);
    expect(alert).toHaveTextContent('Request ID: req-sso-1');

    // The same answer naming the field: the reason is on the issuer too.
    answer = problemResponse(
      problemFixture({
        status: 422,
        title: 'Unprocessable entity',
        detail: 'The provider names another issuer.',
        errors: [{ field: 'issuer', code: 'issuer_mismatch', message: 'the provider names https://idp.example as issuer' }],
      }),
    );
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => {
      expect(within(form).getByLabelText(/^Issuer URL/)).toHaveAccessibleDescription(
        expect.stringContaining('the provider names https://idp.example as issuer'),
      );
    });
    expect(within(form).getByRole('alert')).toHaveTextContent('The provider names another issuer.');
  });

  it('needs a default role to create members on first sign-in', async () => {
    const { puts } = serveSso();
    const { user, form } = await openForm();
    expect(within(form).queryByRole('combobox', { name: /^Default role/ })).toBeNull();
    await user.click(within(form).getByRole('switch', { name: 'Create members on first sign-in' }));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText('Choose the role that new members receive.')).toBeVisible();
    expect(puts).toHaveLength(0);

    await user.click(within(form).getByRole('combobox', { name: /^Default role/ }));
    const options = await screen.findAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['Auditor', 'Employee']);
    await user.click(screen.getByRole('option', { name: 'Employee' }));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => {
      expect(puts).toHaveLength(1);
    });
    expect(puts[0]?.body).toMatchObject({ auto_provision: true, default_role_id: EMPLOYEE.id });
  });

  it('checks the issuer and the domains before sending anything', async () => {
    const { puts } = serveSso({ settings: unconfiguredSsoFixture(), etag: '"0"' });
    const { user, form } = await openForm();
    await user.type(within(form).getByLabelText(/^Issuer URL/), 'login.acme-energy.example');
    await user.type(within(form).getByLabelText(/^Client ID/), 'opsdeck');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText('Enter a full URL starting with https:// or http://.')).toBeVisible();
    expect(within(form).getByText('Add at least one e-mail domain.')).toBeVisible();
    expect(puts).toHaveLength(0);
  });

  it('shows what to register at the provider, with copy buttons', async () => {
    serveSso();
    const { user, form } = await openForm();
    const redirect = within(form).getByLabelText(/^Redirect URI/);
    expect(redirect).toHaveValue('https://opsdeck.example/api/v1/auth/sso/callback');
    expect(redirect).toHaveAttribute('readonly');
    expect(within(form).getByLabelText(/^Start address/)).toHaveValue(
      'https://opsdeck.example/api/v1/auth/sso/acme-energy/start',
    );
    await user.click(within(form).getByRole('button', { name: 'Copy the redirect URI' }));
    await expect(navigator.clipboard.readText()).resolves.toBe('https://opsdeck.example/api/v1/auth/sso/callback');
    await user.click(within(form).getByRole('button', { name: 'Copy the start address' }));
    await expect(navigator.clipboard.readText()).resolves.toBe('https://opsdeck.example/api/v1/auth/sso/acme-energy/start');
  });

  it('on 412 says that someone else changed the settings and reloads the latest version', async () => {
    let current = ssoSettingsFixture({ version: 5 });
    const { puts } = serveSso({
      settings: current,
      answer: () => problemResponse(problemFixture({ status: 412, title: 'Precondition failed' })),
    });
    const { user, form } = await openForm();
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Someone else changed these settings')).toBeVisible();
    expect(within(form).getByRole('button', { name: 'Save changes' })).toBeDisabled();

    current = ssoSettingsFixture({ version: 6, client_id: 'changed-elsewhere' });
    server.use(http.get(apiUrl('/organization/sso'), () => HttpResponse.json(current, { headers: { ETag: '"6"' } })));
    await user.click(screen.getByRole('button', { name: 'Reload the latest version' }));
    await waitFor(() => {
      expect(screen.getByLabelText(/^Client ID/)).toHaveValue('changed-elsewhere');
    });
    expect(screen.queryByText('Someone else changed these settings')).toBeNull();
    expect(puts).toHaveLength(1);
  });

  it('is for administrators only: others get an explanation and nothing is read', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'write' }] }) });
    const sso = serveSso();
    renderApp('/administration/security/sso');
    expect(await screen.findByTestId('sso-forbidden', {}, { timeout: 5000 })).toHaveTextContent(
      'Configuring single sign-on needs the Administer level on Administration',
    );
    expect(screen.queryByRole('form', { name: 'Single sign-on' })).toBeNull();
    expect(sso.gets()).toBe(0);
  });

  it('is linked from the administration page for administrators, and not for others', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'write' }] }) });
    renderApp('/administration');
    expect(await screen.findByRole('link', { name: 'Audit log' }, { timeout: 5000 })).toBeVisible();
    expect(screen.queryByRole('link', { name: 'Single sign-on' })).toBeNull();
  });

  it('is linked from the administration page for an administrator', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'admin' }] }) });
    renderApp('/administration');
    expect(await screen.findByRole('link', { name: 'Single sign-on' }, { timeout: 5000 })).toHaveAttribute(
      'href',
      '/administration/security/sso',
    );
  });
});
