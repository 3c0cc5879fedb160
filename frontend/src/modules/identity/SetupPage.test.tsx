import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { getAccessToken, getSessionSnapshot } from '../../lib/session';
import { meFixture, problemFixture, tokenResponseFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, noSessionResponse, problemResponse, server } from '../../test/server';
import { serveNoSession } from '../../test/session';
import { slugify, toSetupRequest } from './setup';

// Whole-app renders (session start, /me, the organisation) can take more than a second on a busy machine.
configure({ asyncUtilTimeout: 5000 });
// Long forms typed field by field.
vi.setConfig({ testTimeout: 30_000 });

type User = ReturnType<typeof userEvent.setup>;

/** A new deployment: /setup says required until POST /setup answers `answer` (201 by default). */
function serveNewDeployment(answer?: () => Response) {
  let required = true;
  const requests: unknown[] = [];
  const logins: unknown[] = [];
  serveNoSession();
  server.use(
    http.get(apiUrl('/setup'), () => HttpResponse.json({ required })),
    http.post(apiUrl('/setup'), async ({ request }) => {
      requests.push(await request.json());
      if (answer) return answer();
      required = false;
      return HttpResponse.json({ user_id: 'u-1', organization_id: 'o-1' }, { status: 201 });
    }),
    http.post(apiUrl('/auth/login'), async ({ request }) => {
      logins.push(await request.json());
      return HttpResponse.json(tokenResponseFixture('first-admin'));
    }),
    http.get(apiUrl('/me'), ({ request }) =>
      request.headers.get('Authorization')
        ? HttpResponse.json(meFixture({ name: 'Ada Admin', email: 'ada@acme-energy.example', platform_level: 'admin' }))
        : noSessionResponse(),
    ),
  );
  return { requests, logins };
}

async function openSetup() {
  const user = userEvent.setup({ delay: null });
  const rendered = renderApp('/setup');
  const form = await screen.findByRole('form', { name: 'Set up OpsDeck' });
  return { user, form, ...rendered };
}

async function fill(user: User, form: HTMLElement, { code = 'K7Q2-9XMF-4TZA', password = 'lantern harbour quartz' } = {}) {
  const field = (label: RegExp) => within(form).getByLabelText(label);
  await user.type(field(/^Setup code/), code);
  await user.type(field(/^Your name/), 'Ada Admin');
  await user.type(field(/^E-mail address/), 'ada@acme-energy.example');
  await user.type(field(/^Password/), password);
  await user.type(field(/^Repeat the new password/), password);
  await user.type(field(/^Organisation name/), 'Énergie Acme SA');
  await user.type(field(/^Reference code/), 'acme');
}

describe('SetupPage', () => {
  it('creates the administrator and the first organisation, then signs in and opens the app', async () => {
    const log = serveNewDeployment();
    const { user, form, router } = await openSetup();
    expect(router.state.location.pathname).toBe('/setup');
    expect(screen.queryByRole('navigation', { name: 'Modules' })).toBeNull();
    // Where the code is.
    expect(form).toHaveTextContent('The setup code is printed in the server’s log when opsdeck serve starts');

    await fill(user, form);
    // The slug follows the name; the reference code is upper case.
    expect(within(form).getByLabelText(/^Organisation identifier/)).toHaveValue('energie-acme-sa');
    expect(within(form).getByLabelText(/^Reference code/)).toHaveValue('ACME');
    await user.click(within(form).getByRole('radio', { name: /^Regulator/ }));
    await user.type(within(form).getByLabelText(/^Country/), 'be');

    await user.click(within(form).getByRole('button', { name: 'Set up and sign in' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/');
    });
    expect(log.requests).toEqual([
      {
        setup_code: 'K7Q2-9XMF-4TZA',
        name: 'Ada Admin',
        email: 'ada@acme-energy.example',
        password: 'lantern harbour quartz',
        organization: { name: 'Énergie Acme SA', slug: 'energie-acme-sa', kind: 'regulator', identifier: 'ACME', country: 'BE' },
      },
    ]);
    expect(log.logins).toEqual([{ email: 'ada@acme-energy.example', password: 'lantern harbour quartz' }]);
    expect(getSessionSnapshot().status).toBe('signed-in');
    expect(getAccessToken()).toBe(tokenResponseFixture('first-admin').access_token);
    expect(await screen.findByRole('button', { name: 'Account menu of Ada Admin' })).toBeVisible();
  });

  it('keeps a slug the user typed, and checks every field before sending', async () => {
    const log = serveNewDeployment();
    const { user, form } = await openSetup();
    const slug = within(form).getByLabelText(/^Organisation identifier/);
    await user.type(slug, 'Acme_');
    await user.type(within(form).getByLabelText(/^Organisation name/), 'Acme Energy');
    expect(slug).toHaveValue('Acme_');
    await user.type(within(form).getByLabelText(/^Password/), 'short');
    await user.click(within(form).getByRole('button', { name: 'Set up and sign in' }));

    expect(
      await within(form).findByText('Lower-case letters, digits and hyphens, starting and ending with a letter or digit.'),
    ).toBeVisible();
    expect(within(form).getByText('Use at least 12 characters.')).toBeVisible();
    expect(within(form).getByLabelText(/^Setup code/)).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByLabelText(/^Reference code/)).toHaveAccessibleDescription(
      expect.stringContaining('This field is required.'),
    );
    expect(log.requests).toHaveLength(0);

    // Emptied, the slug follows the name again.
    await user.clear(slug);
    await user.type(within(form).getByLabelText(/^Organisation name/), ' Group');
    expect(slug).toHaveValue('acme-energy-group');
  });

  it('says so on a wrong setup code', async () => {
    serveNewDeployment(() =>
      problemResponse(problemFixture({ status: 403, title: 'Forbidden', detail: 'The setup code is not correct.' })),
    );
    const { user, form } = await openSetup();
    await fill(user, form, { code: 'WRONG-CODE' });
    await user.click(within(form).getByRole('button', { name: 'Set up and sign in' }));
    const code = within(form).getByLabelText(/^Setup code/);
    await waitFor(() => {
      expect(code).toHaveAttribute('aria-invalid', 'true');
    });
    expect(code).toHaveAccessibleDescription(expect.stringContaining('This setup code is not correct.'));
    expect(getSessionSnapshot().status).not.toBe('signed-in');
  });

  it('puts the server\u2019s field errors on the fields, every password rule included', async () => {
    serveNewDeployment(() =>
      problemResponse(
        problemFixture({
          status: 422,
          title: 'Unprocessable entity',
          errors: [
            { field: 'organization.slug', code: 'taken', message: 'is already used by another organisation' },
            { field: 'password', code: 'common', message: 'is too common' },
            { field: 'password', code: 'contains_email', message: 'must not contain your e-mail address' },
          ],
        }),
      ),
    );
    const { user, form } = await openSetup();
    await fill(user, form);
    await user.click(within(form).getByRole('button', { name: 'Set up and sign in' }));
    expect(await within(form).findByText('is already used by another organisation')).toBeVisible();
    expect(
      within(form).getByText('This password is too common: it appears in lists of leaked passwords.'),
    ).toBeVisible();
    expect(within(form).getByText('The password must not contain your e-mail address.')).toBeVisible();
    expect(within(form).getByLabelText(/^Organisation identifier/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('says when setup was completed meanwhile, and leads to sign-in', async () => {
    serveNewDeployment(() =>
      problemResponse(problemFixture({ status: 409, title: 'Conflict', detail: 'Setup is already complete.' })),
    );
    const { user, form, router } = await openSetup();
    await fill(user, form);
    await user.click(within(form).getByRole('button', { name: 'Set up and sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('OpsDeck is already set up');
    await user.click(screen.getByRole('link', { name: 'Go to sign-in' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/login');
    });
    expect(await screen.findByRole('form', { name: 'Sign in' })).toBeVisible();
  });

  it('shows other failures with their request id', async () => {
    serveNewDeployment(() =>
      problemResponse(
        problemFixture({ status: 500, title: 'Internal error', detail: 'Something broke.', request_id: 'req-setup-1' }),
      ),
    );
    const { user, form } = await openSetup();
    await fill(user, form);
    await user.click(within(form).getByRole('button', { name: 'Set up and sign in' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('Something broke.');
    expect(alert).toHaveTextContent('Request ID: req-setup-1');
  });

  it('is not there once the deployment is set up: the sign-in page instead', async () => {
    serveNoSession();
    const { router } = renderApp('/setup');
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/login');
    });
    expect(await screen.findByRole('form', { name: 'Sign in' })).toBeVisible();
  });
});

describe('setup helpers', () => {
  it.each([
    ['Acme Energy', 'acme-energy'],
    ['Société Générale — Énergie', 'societe-generale-energie'],
    ['  --Ørsted A/S-- ', 'orsted-a-s'],
    ['Straße Æbeltoft', 'strasse-aebeltoft'],
    ['NCA (Belgium)', 'nca-belgium'],
    ['', ''],
  ])('slugify(%j) = %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('keeps the slug within 63 characters, without a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(62)} b`);
    expect(slug.length).toBeLessThanOrEqual(63);
    expect(slug.endsWith('-')).toBe(false);
  });

  it('leaves an empty country and the confirmation out of the request', () => {
    expect(
      toSetupRequest({
        setup_code: 'C',
        name: 'N',
        email: 'e@x.example',
        password: 'p',
        confirmation: 'p',
        organization: { name: 'O', slug: 'o', kind: 'operator', identifier: 'OO', country: '' },
      }),
    ).toEqual({
      setup_code: 'C',
      name: 'N',
      email: 'e@x.example',
      password: 'p',
      organization: { name: 'O', slug: 'o', kind: 'operator', identifier: 'OO' },
    });
  });
});
