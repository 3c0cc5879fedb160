import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { organizationQueryKey } from '../../lib/deployment';
import {
  auditEventFixture,
  auditEventListFixture,
  meFixture,
  organizationFixture,
  problemFixture,
} from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';

interface SeenPatch {
  contentType: string | null;
  ifMatch: string | null;
  body: unknown;
}

/** Serves PATCH /organization with `answer`, recording what the SPA sent. */
function onPatch(answer: () => Response) {
  const seen: SeenPatch[] = [];
  server.use(
    http.patch(apiUrl('/organization'), async ({ request }) => {
      seen.push({
        contentType: request.headers.get('Content-Type'),
        ifMatch: request.headers.get('If-Match'),
        body: await request.json(),
      });
      return answer();
    }),
  );
  return seen;
}

async function openForm() {
  const user = userEvent.setup();
  const { queryClient } = renderApp('/administration/organization');
  const form = await screen.findByRole('form', { name: 'Organisation settings' });
  await waitFor(() => {
    expect(within(form).getByLabelText(/^Name/)).toHaveValue('Acme Energy');
  });
  return { user, form, queryClient };
}

describe('OrganizationSettingsPage', () => {
  it('sends only what changed, as a merge patch with the ETag of the edited version', async () => {
    const saved = organizationFixture({ name: 'Acme Power', version: 4 });
    const seen = onPatch(() => HttpResponse.json(saved, { headers: { ETag: '"4"' } }));
    const { user, form } = await openForm();

    const name = within(form).getByLabelText(/^Name/);
    await user.clear(name);
    await user.type(name, 'Acme Power');
    const days = within(form).getByLabelText(/Audit log retention/);
    await user.clear(days);
    await user.type(days, '3650');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Organisation settings saved')).toBeVisible();
    expect(seen).toEqual([
      {
        contentType: 'application/merge-patch+json',
        ifMatch: '"3"',
        body: { name: 'Acme Power', settings: { retention: { audit_log_days: 3650 } } },
      },
    ]);
    // The answer is the new baseline: the form shows it and a further save would send If-Match "4".
    await waitFor(() => {
      expect(screen.getByRole('banner')).toHaveTextContent('Acme Power');
    });
  });

  it('puts a 400 problem on the time zone field and the rest in a notification with the request id', async () => {
    onPatch(() =>
      problemResponse(
        problemFixture({
          request_id: 'req-tz-1',
          errors: [
            { field: 'settings.timezone', code: 'invalid', message: 'not a known IANA time zone' },
            { field: 'settings.sla_hours', code: 'unknown_field', message: 'unknown field' },
          ],
        }),
      ),
    );
    const { user, form } = await openForm();
    await user.type(within(form).getByLabelText(/^Legal name/), ' Group');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    const timezone = within(form).getByRole('combobox', { name: /^Time zone/ });
    await waitFor(() => {
      expect(timezone).toHaveAttribute('aria-invalid', 'true');
    });
    expect(within(form).getByText('not a known IANA time zone')).toBeVisible();
    expect(timezone).toHaveAccessibleDescription(expect.stringContaining('not a known IANA time zone'));
    // Fields the server accepted stay clean.
    expect(within(form).getByLabelText(/^Legal name/)).not.toHaveAttribute('aria-invalid', 'true');
    // What has no field on the form is notified, with the request id to quote.
    expect(await screen.findByText('Request ID: req-tz-1')).toBeVisible();
    expect(screen.getByText('settings.sla_hours')).toBeVisible();
  });

  it('on 412 says that someone else changed the organisation and reloads the latest version', async () => {
    const seen = onPatch(() =>
      problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'stale version' })),
    );
    const { user, form } = await openForm();
    await user.type(within(form).getByLabelText(/^Tax identifier/), '0');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    const alert = (await screen.findByText('Someone else changed this organisation')).closest<HTMLElement>('[role="alert"]');
    expect(alert).not.toBeNull();
    expect(seen).toHaveLength(1);
    expect(within(form).getByRole('button', { name: 'Save changes' })).toBeDisabled();

    // Someone else's version 7 is what the server now has.
    const reloaded = vi.fn(() =>
      HttpResponse.json(organizationFixture({ name: 'Acme by someone else', version: 7 }), { headers: { ETag: '"7"' } }),
    );
    server.use(http.get(apiUrl('/organization'), reloaded));
    await user.click(within(alert!).getByRole('button', { name: 'Reload the latest version' }));

    await waitFor(() => {
      expect(screen.getByLabelText(/^Name/)).toHaveValue('Acme by someone else');
    });
    expect(reloaded).toHaveBeenCalled();
    expect(screen.queryByText('Someone else changed this organisation')).toBeNull();
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeEnabled();
  });

  it('keeps what the user typed when a background refetch brings a newer version, and offers to reload', async () => {
    const { user, form, queryClient } = await openForm();
    const legalName = within(form).getByLabelText(/^Legal name/);
    await user.clear(legalName);
    await user.type(legalName, 'Acme Holding SA');

    server.use(
      http.get(apiUrl('/organization'), () =>
        HttpResponse.json(organizationFixture({ name: 'Acme by someone else', version: 5 }), { headers: { ETag: '"5"' } }),
      ),
    );
    await queryClient.invalidateQueries({ queryKey: organizationQueryKey });

    expect(await screen.findByText('A newer version exists')).toBeVisible();
    expect(legalName).toHaveValue('Acme Holding SA');
    expect(within(form).getByLabelText(/^Name/)).toHaveValue('Acme Energy');
    // The top bar follows the cache.
    expect(screen.getByRole('banner')).toHaveTextContent('Acme by someone else');
  });

  it('checks the contract rules before sending anything', async () => {
    const seen = onPatch(() => HttpResponse.json(organizationFixture()));
    const { user, form } = await openForm();
    const identifier = within(form).getByLabelText(/^Identifier/);
    await user.clear(identifier);
    await user.type(identifier, '-x');
    const appetite = within(form).getByLabelText(/^Risk appetite/);
    await user.clear(appetite);
    await user.type(appetite, '30');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await within(form).findByText(/2 to 16 capital letters/)).toBeVisible();
    expect(within(form).getByText('Must not exceed likelihood levels × impact levels (25).')).toBeVisible();
    expect(identifier).toHaveValue('-X');
    expect(seen).toHaveLength(0);
  });

  it('shows the history of the organisation below the form, and the new event after a save', async () => {
    const organization = organizationFixture();
    const creation = auditEventFixture({
      id: 'ev-1',
      seq: 1,
      action: 'create',
      actor: { type: 'bootstrap', id: 'bootstrap', name: '' },
      entity_id: organization.id,
      changes: { name: [null, 'Acme Energy'] },
    });
    const rename = auditEventFixture({ id: 'ev-2', seq: 2, entity_id: organization.id, changes: { name: ['Acme Energy', 'Acme Power'] } });
    let events = [creation];
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(apiUrl('/audit-events'), ({ request }) => {
        seen.push(new URL(request.url).searchParams);
        return HttpResponse.json(auditEventListFixture(events));
      }),
    );
    onPatch(() => HttpResponse.json(organizationFixture({ name: 'Acme Power', version: 4 }), { headers: { ETag: '"4"' } }));
    const { user, form } = await openForm();

    const history = await screen.findByRole('list', { name: 'History of the organisation' });
    expect(screen.getByRole('heading', { level: 2, name: 'History' })).toBeVisible();
    expect(within(history).getAllByRole('listitem')).toHaveLength(1);
    expect(within(history).getByText('Created')).toBeVisible();
    expect(within(history).getByText('Bootstrap')).toBeVisible();
    expect(seen[0]?.get('entity_type')).toBe('organization');
    expect(seen[0]?.get('entity_id')).toBe(organization.id);

    events = [rename, creation];
    const name = within(form).getByLabelText(/^Name/);
    await user.clear(name);
    await user.type(name, 'Acme Power');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => {
      expect(within(history).getAllByRole('listitem')).toHaveLength(2);
    });
    expect(within(within(history).getAllByRole('listitem')[0]!).getByText('Updated')).toBeVisible();
  });

  it('lets a user below administration:admin read the settings but not save them, and says why', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    const seen = onPatch(() => HttpResponse.json(organizationFixture()));
    renderApp('/administration/organization');
    const form = await screen.findByRole('form', { name: 'Organisation settings' });
    await waitFor(() => {
      expect(within(form).getByLabelText(/^Name/)).toHaveValue('Acme Energy');
    });
    expect(within(form).getByTestId('read-only-notice')).toHaveTextContent(
      'Changing them needs the Administer level on Administration',
    );
    expect(within(form).queryByRole('button', { name: 'Save changes' })).toBeNull();
    expect(within(form).getByLabelText(/^Name/)).toBeDisabled();
    expect(within(form).getByLabelText(/^Tax identifier/)).toBeDisabled();
    expect(within(form).getByRole('switch', { name: 'Require two-step verification for all members' })).toBeDisabled();
    expect(within(form).queryByRole('link', { name: 'Single sign-on' })).toBeNull();
    expect(seen).toHaveLength(0);
  });

  it('requires two-step verification and terms of use through the security section', async () => {
    const seen = onPatch(() =>
      HttpResponse.json(
        organizationFixture({
          version: 4,
          settings: {
            ...organizationFixture().settings,
            require_mfa: true,
            terms_version: '2026-01',
            terms_url: 'https://acme-energy.example/terms',
          },
        }),
        { headers: { ETag: '"4"' } },
      ),
    );
    const { user, form } = await openForm();
    const security = within(form).getByRole('group', { name: 'Security' });
    const requireMfa = within(security).getByRole('switch', { name: 'Require two-step verification for all members' });
    expect(requireMfa).not.toBeChecked();
    expect(requireMfa).toHaveAccessibleDescription(expect.stringContaining('authenticator app'));
    await user.click(requireMfa);
    // What turning it on does, said before saving; the signed-in user has no authenticator app either.
    expect(within(security).getByRole('status')).toHaveTextContent('stopped at their next request');
    expect(within(security).getByRole('status')).toHaveTextContent('This includes you');

    const version = within(security).getByLabelText(/^Terms of use version/);
    expect(version).toHaveAccessibleDescription(expect.stringContaining('asks every member to accept the terms again'));
    await user.type(version, '2026-01');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    // A version needs the address where the terms can be read.
    expect(await within(security).findByText('Give the address of the terms that members are asked to accept.')).toBeVisible();
    expect(seen).toHaveLength(0);

    await user.type(within(security).getByLabelText(/^Terms of use address/), 'https://acme-energy.example/terms');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => {
      expect(seen).toHaveLength(1);
    });
    expect(seen.map((patch) => patch.body)).toEqual([
      { settings: { require_mfa: true, terms_version: '2026-01', terms_url: 'https://acme-energy.example/terms' } },
    ]);
    // Saved: the requirement is the new baseline, no more warning about turning it on.
    await waitFor(() => {
      expect(screen.queryByText(/stopped at their next request/)).toBeNull();
    });
    expect(screen.getByRole('switch', { name: 'Require two-step verification for all members' })).toBeChecked();
  });

  it('shows the server’s complaint about the terms version on its field', async () => {
    onPatch(() =>
      problemResponse(
        problemFixture({ status: 422, errors: [{ field: 'settings.terms_version', code: 'pattern', message: 'not a version' }] }),
      ),
    );
    const { user, form } = await openForm();
    await user.type(within(form).getByLabelText(/^Terms of use version/), 'v2');
    await user.type(within(form).getByLabelText(/^Terms of use address/), 'https://acme-energy.example/terms');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => {
      expect(within(form).getByLabelText(/^Terms of use version/)).toHaveAccessibleDescription(
        expect.stringContaining('not a version'),
      );
    });
  });

  it('links to the single sign-on settings for administrators only', async () => {
    const { form } = await openForm();
    expect(within(form).getByRole('link', { name: 'Single sign-on' })).toHaveAttribute('href', '/administration/security/sso');
  });

  it('offers Save to an administrator', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'admin' }] }) });
    const { form } = await openForm();
    expect(within(form).getByRole('button', { name: 'Save changes' })).toBeEnabled();
    expect(within(form).queryByTestId('read-only-notice')).toBeNull();
    expect(within(form).getByLabelText(/^Name/)).toBeEnabled();
  });
});
