import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveNoSession } from '../../test/session';
import { validateSetPasswordSearch } from './setPasswordSearch';

// Whole-app renders (session start, /me, the organisation) can take more than a second on a busy machine.
configure({ asyncUtilTimeout: 5000 });

const TOKEN = 'act_Q2hhbmdlTWVQbGVhc2UxMjM0NTY3ODkw';

function policyProblem(errors: { code: string; message: string }[], field = 'password') {
  return problemResponse(
    problemFixture({
      status: 422,
      title: 'Unprocessable entity',
      detail: 'The password does not meet the policy.',
      errors: errors.map((error) => ({ field, ...error })),
    }),
  );
}

describe('ForgotPasswordPage', () => {
  it('asks for a link and answers the same whether or not the account exists', async () => {
    const requests: unknown[] = [];
    server.use(
      http.post(apiUrl('/auth/password-reset'), async ({ request }) => {
        requests.push(await request.json());
        return new HttpResponse(null, { status: 202 });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/forgot-password');
    const form = await screen.findByRole('form', { name: 'Reset your password' });
    // Outside the shell.
    expect(screen.queryByRole('navigation', { name: 'Modules' })).toBeNull();

    await user.click(within(form).getByRole('button', { name: 'Send the link' }));
    expect(await within(form).findByText('This field is required.')).toBeVisible();
    expect(requests).toHaveLength(0);

    await user.type(within(form).getByLabelText(/^E-mail address/), 'someone@acme-energy.example');
    await user.click(within(form).getByRole('button', { name: 'Send the link' }));

    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('Check your e-mail');
    expect(status).toHaveTextContent(
      'If an account exists for someone@acme-energy.example, a link to choose a new password is on its way.',
    );
    expect(status).toHaveTextContent('The link works once, for 30 minutes.');
    expect(requests).toEqual([{ email: 'someone@acme-energy.example' }]);
    expect(screen.getByRole('link', { name: 'Back to sign-in' })).toHaveAttribute('href', '/login');

    await user.click(screen.getByRole('button', { name: 'Send another link' }));
    expect(await screen.findByRole('form', { name: 'Reset your password' })).toBeVisible();
  });

  it('says how long to wait when too many links were asked for', async () => {
    server.use(
      http.post(apiUrl('/auth/password-reset'), () =>
        problemResponse(problemFixture({ status: 429, title: 'Too many requests' }), { 'Retry-After': '120' }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/forgot-password');
    const form = await screen.findByRole('form', { name: 'Reset your password' });
    await user.type(within(form).getByLabelText(/^E-mail address/), 'someone@acme-energy.example');
    await user.click(within(form).getByRole('button', { name: 'Send the link' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Try again in 120 seconds.');
    expect(within(form).getByRole('button', { name: 'Send the link' })).toBeDisabled();
  });

  it('puts the server\u2019s field errors on the field', async () => {
    server.use(
      http.post(apiUrl('/auth/password-reset'), () =>
        problemResponse(
          problemFixture({ errors: [{ field: 'email', code: 'invalid', message: 'must be an e-mail address' }] }),
        ),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/forgot-password');
    const form = await screen.findByRole('form', { name: 'Reset your password' });
    const email = within(form).getByLabelText(/^E-mail address/);
    await user.type(email, 'a@b');
    await user.click(within(form).getByRole('button', { name: 'Send the link' }));
    await waitFor(() => {
      expect(email).toHaveAttribute('aria-invalid', 'true');
    });
    expect(email).toHaveAccessibleDescription(expect.stringContaining('must be an e-mail address'));
  });
});

describe('SetPasswordPage', () => {
  async function openSetPassword(path = `/set-password?token=${TOKEN}`) {
    const user = userEvent.setup({ delay: null });
    const rendered = renderApp(path);
    const form = await screen.findByRole('form', { name: 'Choose your password' });
    return { user, form, ...rendered };
  }

  async function choose(user: ReturnType<typeof userEvent.setup>, form: HTMLElement, password: string, again = password) {
    const first = within(form).getByLabelText(/^New password/);
    const second = within(form).getByLabelText(/^Repeat the new password/);
    await user.clear(first);
    await user.type(first, password);
    await user.clear(second);
    await user.type(second, again);
    await user.click(within(form).getByRole('button', { name: 'Set the password' }));
    return { first, second };
  }

  it('sets the password, then asks to sign in with it', async () => {
    serveNoSession();
    const sent: unknown[] = [];
    server.use(
      http.post(apiUrl('/auth/set-password'), async ({ request }) => {
        sent.push(await request.json());
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, form, router } = await openSetPassword();
    const first = within(form).getByLabelText(/^New password/);
    expect(first).toHaveAttribute('autocomplete', 'new-password');
    expect(first).toHaveAccessibleDescription(expect.stringContaining('At least 12 characters.'));

    await choose(user, form, 'lantern harbour quartz', 'lantern harbour quartZ');
    expect(await within(form).findByText('The two passwords are not the same.')).toBeVisible();
    await choose(user, form, 'too short');
    expect(await within(form).findByText('Use at least 12 characters.')).toBeVisible();
    expect(sent).toHaveLength(0);

    await choose(user, form, 'lantern harbour quartz');
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/login');
    });
    expect(router.state.location.search).toEqual({ notice: 'password_set' });
    expect(sent).toEqual([{ token: TOKEN, password: 'lantern harbour quartz' }]);
    expect(await screen.findByRole('status')).toHaveTextContent('Your password is set. Sign in with it.');
  });

  it('shows every policy problem the server names', async () => {
    server.use(
      http.post(apiUrl('/auth/set-password'), () =>
        policyProblem([
          { code: 'common', message: 'is too common: it appears in lists of leaked passwords' },
          { code: 'contains_name', message: 'must not contain your name' },
          { code: 'new_rule', message: 'must please the new rule' },
        ]),
      ),
    );
    const { user, form } = await openSetPassword();
    const { first } = await choose(user, form, 'olivia password 1');
    await waitFor(() => {
      expect(first).toHaveAttribute('aria-invalid', 'true');
    });
    const description = first.getAttribute('aria-describedby') ?? '';
    const error = document.getElementById(description.split(' ').find((id) => id.endsWith('-error')) ?? '');
    expect(error).toHaveTextContent('This password is too common: it appears in lists of leaked passwords.');
    expect(error).toHaveTextContent('The password must not contain your name.');
    // A rule this version does not know: the server's own words.
    expect(error).toHaveTextContent('must please the new rule');
    expect(screen.queryByRole('alert', { name: /Unprocessable/ })).toBeNull();
  });

  it('says when the link has expired or was used, and offers a new one', async () => {
    server.use(
      http.post(apiUrl('/auth/set-password'), () =>
        problemResponse(
          problemFixture({ status: 401, title: 'Unauthorized', detail: 'This link is not valid any more: ask for a new one.' }),
        ),
      ),
    );
    const { user, form } = await openSetPassword();
    await choose(user, form, 'lantern harbour quartz');
    expect(await screen.findByRole('alert')).toHaveTextContent('This link has expired or was already used.');
    expect(screen.queryByRole('form', { name: 'Choose your password' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password');
  });

  it('says when the link is incomplete, without a form', async () => {
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/set-password?token=act_');
    expect(await screen.findByRole('alert')).toHaveTextContent('The link is incomplete');
    expect(screen.queryByRole('form', { name: 'Choose your password' })).toBeNull();
    await user.click(screen.getByRole('link', { name: 'Ask for a new link' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/forgot-password');
    });
  });

  it('shows other refusals with their request id', async () => {
    server.use(
      http.post(apiUrl('/auth/set-password'), () =>
        problemResponse(
          problemFixture({ status: 409, title: 'Conflict', detail: 'The account is archived.', request_id: 'req-set-9' }),
        ),
      ),
    );
    const { user, form } = await openSetPassword();
    await choose(user, form, 'lantern harbour quartz');
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('The account is archived.');
    expect(alert).toHaveTextContent('Request ID: req-set-9');
  });
});

describe('validateSetPasswordSearch', () => {
  it('keeps a well-formed token only', () => {
    expect(validateSetPasswordSearch({ token: TOKEN })).toEqual({ token: TOKEN });
    expect(validateSetPasswordSearch({ token: 'act_' })).toEqual({});
    expect(validateSetPasswordSearch({ token: 'act_abc<script>' })).toEqual({});
    expect(validateSetPasswordSearch({ token: `act_${'a'.repeat(200)}` })).toEqual({});
    expect(validateSetPasswordSearch({})).toEqual({});
  });
});
