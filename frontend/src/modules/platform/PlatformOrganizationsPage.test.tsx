import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { meFixture, organizationFixture, problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import type { OrganizationList } from './organizations';
import { administratorCreatedFixture, NCA_ORGANIZATION, organizationListFixture } from './platformFixtures';

/** Serves GET /organizations with `answer`, recording the query of every request. */
function serveOrganizations(answer: (query: URLSearchParams) => OrganizationList | Response = () => organizationListFixture()) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/organizations'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      const result = answer(query);
      return result instanceof Response ? result : HttpResponse.json(result);
    }),
  );
  return seen;
}

async function findTable() {
  return screen.findByRole('table', { name: 'Organisations of this deployment' }, { timeout: 5000 });
}

function rowNames(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]!.textContent);
}

describe('PlatformOrganizationsPage: the list', () => {
  it('lists the organisations the server returns, sorted by name by default', async () => {
    const seen = serveOrganizations();
    renderApp('/platform/organizations');
    const table = await findTable();
    expect(screen.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
    expect(rowNames(table)).toEqual(['Acme Energy', 'National Cyber Authority']);
    const nca = within(table).getAllByRole('row')[2]!;
    expect(within(nca).getByText('nca')).toBeVisible();
    expect(within(nca).getByText('Regulator')).toBeVisible();
    expect(within(nca).getByText('France')).toBeVisible();
    expect(within(nca).getByText('2 of 19')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('2 of 2 organisations');
    expect(seen[0]?.get('sort')).toBe('name');
    expect(seen[0]?.get('limit')).toBe('50');
    expect(seen[0]?.has('q')).toBe(false);
    expect(within(table).getByRole('columnheader', { name: /^Name/ })).toHaveAttribute('aria-sort', 'ascending');
  });

  it('sends the filters of the address, and puts new ones in the address', async () => {
    const seen = serveOrganizations(() => organizationListFixture([NCA_ORGANIZATION]));
    const user = userEvent.setup();
    const { router } = renderApp('/platform/organizations?kind=regulator&q=cyber');
    await findTable();
    expect(seen[0]?.get('kind')).toBe('regulator');
    expect(seen[0]?.get('q')).toBe('cyber');
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('cyber');

    // Sorting by a column header: ascending first, then descending.
    await user.click(screen.getByRole('button', { name: /^Created/ }));
    await waitFor(() => {
      expect(router.state.location.search).toEqual({ kind: 'regulator', q: 'cyber', sort: 'created_at' });
    });
    await user.click(screen.getByRole('button', { name: /^Created/ }));
    await waitFor(() => {
      expect(seen.at(-1)?.get('sort')).toBe('-created_at');
    });
    expect(screen.getByRole('columnheader', { name: /^Created/ })).toHaveAttribute('aria-sort', 'descending');

    const search = screen.getByRole('searchbox', { name: 'Search' });
    await user.clear(search);
    await user.type(search, 'authority{Enter}');
    await waitFor(() => {
      expect(router.state.location.search).toEqual({ kind: 'regulator', q: 'authority', sort: '-created_at' });
    });
    expect(seen.at(-1)?.get('q')).toBe('authority');

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => {
      expect(router.state.location.search).toEqual({ sort: '-created_at' });
    });
    expect(seen.at(-1)?.has('kind')).toBe(false);
  });

  it('loads the next page with the cursor of the previous one', async () => {
    const seen = serveOrganizations((query) =>
      query.get('cursor') === 'page-2'
        ? organizationListFixture([NCA_ORGANIZATION], { total: 2 })
        : organizationListFixture([organizationFixture()], { next_cursor: 'page-2', total: 2 }),
    );
    const user = userEvent.setup();
    renderApp('/platform/organizations');
    const table = await findTable();
    expect(rowNames(table)).toEqual(['Acme Energy']);
    expect(screen.getByRole('status')).toHaveTextContent('1 of 2 organisations');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => {
      expect(rowNames(table)).toEqual(['Acme Energy', 'National Cyber Authority']);
    });
    expect(seen.at(-1)?.get('cursor')).toBe('page-2');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says when nothing matches the filters, and offers to clear them', async () => {
    serveOrganizations((query) => organizationListFixture(query.has('q') ? [] : undefined));
    const user = userEvent.setup();
    const { router } = renderApp('/platform/organizations?q=nothing');
    expect(await screen.findByText('No organisation matches these filters', {}, { timeout: 5000 })).toBeVisible();
    const clear = screen.getAllByRole('button', { name: 'Clear filters' });
    await user.click(clear.at(-1)!);
    await waitFor(() => {
      expect(router.state.location.search).toEqual({});
    });
    expect(rowNames(await findTable())).toHaveLength(2);
  });

  it('invites to create the first organisation of an empty deployment', async () => {
    serveOrganizations(() => organizationListFixture([]));
    const user = userEvent.setup();
    renderApp('/platform/organizations');
    expect(await screen.findByText('No organisations yet', {}, { timeout: 5000 })).toBeVisible();
    const buttons = screen.getAllByRole('button', { name: 'New organisation' });
    expect(buttons).toHaveLength(2);
    await user.click(buttons[1]!);
    expect(await screen.findByRole('form', { name: 'New organisation' })).toBeVisible();
  });

  it('explains a failed load with the request id, and tries again', async () => {
    let fail = true;
    serveOrganizations(() =>
      fail
        ? problemResponse(problemFixture({ status: 500, title: 'Internal error', detail: 'database unavailable', request_id: 'req-org-9' }))
        : organizationListFixture(),
    );
    const user = userEvent.setup();
    renderApp('/platform/organizations');
    expect(await screen.findByText('database unavailable', {}, { timeout: 5000 })).toBeVisible();
    expect(screen.getByText('Request ID: req-org-9')).toBeVisible();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(rowNames(await findTable())).toHaveLength(2);
  });
});

describe('PlatformOrganizationsPage: creating an organisation', () => {
  it('derives the slug from the name until it is edited, and sends the whole form', async () => {
    serveOrganizations();
    const posted: unknown[] = [];
    server.use(
      http.post(apiUrl('/organizations'), async ({ request }) => {
        posted.push(await request.json());
        return HttpResponse.json(NCA_ORGANIZATION, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/platform/organizations');
    await findTable();
    await user.click(screen.getByRole('button', { name: 'New organisation' }));
    const form = await screen.findByRole('form', { name: 'New organisation' });

    await user.type(within(form).getByLabelText(/^Name/), 'Autorité Nationale de Cybersécurité');
    const slug = within(form).getByLabelText(/^Slug/);
    expect(slug).toHaveValue('autorite-nationale-de-cybersecurite');
    await user.clear(slug);
    await user.type(slug, 'NCA');
    expect(slug).toHaveValue('nca');
    // The edited slug no longer follows the name.
    await user.type(within(form).getByLabelText(/^Name/), ' (FR)');
    expect(slug).toHaveValue('nca');

    await user.click(within(form).getByRole('combobox', { name: /^Kind/ }));
    await user.click(await screen.findByRole('option', { name: 'Regulator' }));
    await user.type(within(form).getByLabelText(/^Identifier/), 'nca');
    expect(within(form).getByLabelText(/^Identifier/)).toHaveValue('NCA');
    await user.type(within(form).getByLabelText(/^Country/), 'fr');

    const modules = within(form).getByRole('group', { name: /^Enabled modules/ });
    expect(within(modules).getAllByRole('checkbox').filter((box) => (box as HTMLInputElement).checked)).toHaveLength(19);
    await user.click(within(modules).getByRole('button', { name: 'Select none' }));
    await user.click(within(modules).getByRole('checkbox', { name: 'Incidents' }));
    expect(within(form).getByText(/Without the Administration module/)).toBeVisible();
    await user.click(within(modules).getByRole('checkbox', { name: 'Administration' }));
    await user.click(within(modules).getByRole('checkbox', { name: 'Regulatory notifications' }));
    await user.click(within(form).getByRole('button', { name: 'Create the organisation' }));

    // The next step opens by itself: the new organisation's first administrator.
    expect(await screen.findByRole('form', { name: 'First administrator of National Cyber Authority' })).toBeVisible();
    expect(screen.getByText('Organisation “National Cyber Authority” created.')).toBeVisible();
    expect(posted).toEqual([
      {
        name: 'Autorité Nationale de Cybersécurité (FR)',
        slug: 'nca',
        kind: 'regulator',
        identifier: 'NCA',
        country: 'FR',
        enabled_modules: ['incidents', 'notifications_regulatory', 'administration'],
      },
    ]);
  });

  it('checks the form before sending it', async () => {
    serveOrganizations();
    let posts = 0;
    server.use(
      http.post(apiUrl('/organizations'), () => {
        posts += 1;
        return HttpResponse.json(NCA_ORGANIZATION, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/platform/organizations');
    await findTable();
    await user.click(screen.getByRole('button', { name: 'New organisation' }));
    const form = await screen.findByRole('form', { name: 'New organisation' });
    await user.click(within(form).getByRole('button', { name: 'Select none' }));
    await user.click(within(form).getByRole('button', { name: 'Create the organisation' }));

    expect(await within(form).findAllByText('This field is required.')).toHaveLength(3);
    expect(within(form).getByText('Enable at least one module.')).toBeVisible();
    expect(within(form).getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(posts).toBe(0);
  });

  it('puts a conflict on the slug field, and a problem without field errors in the form', async () => {
    serveOrganizations();
    let answer = problemResponse(
      problemFixture({
        status: 409,
        title: 'Conflict',
        errors: [{ field: 'slug', code: 'taken', message: 'already used by another organisation' }],
      }),
    );
    server.use(http.post(apiUrl('/organizations'), () => answer));
    const user = userEvent.setup();
    renderApp('/platform/organizations');
    await findTable();
    await user.click(screen.getByRole('button', { name: 'New organisation' }));
    const form = await screen.findByRole('form', { name: 'New organisation' });
    await user.type(within(form).getByLabelText(/^Name/), 'Acme Energy');
    await user.type(within(form).getByLabelText(/^Identifier/), 'ACME2');
    await user.click(within(form).getByRole('button', { name: 'Create the organisation' }));

    const slug = within(form).getByLabelText(/^Slug/);
    await waitFor(() => {
      expect(slug).toHaveAttribute('aria-invalid', 'true');
    });
    expect(slug).toHaveAccessibleDescription(expect.stringContaining('already used by another organisation'));
    // Everything the server said is on the field: no other message.
    expect(within(form).queryByRole('alert')).toBeNull();

    answer = problemResponse(problemFixture({ status: 403, title: 'Forbidden', detail: 'Platform admin level needed.', request_id: 'req-p-1' }));
    await user.clear(slug);
    await user.type(slug, 'acme-2');
    await user.click(within(form).getByRole('button', { name: 'Create the organisation' }));
    await waitFor(() => {
      expect(within(form).getByRole('alert')).toHaveTextContent('Platform admin level needed.');
    });
    expect(within(form).getByRole('alert')).toHaveTextContent('Request ID: req-p-1');
  });
});

describe('PlatformOrganizationsPage: first administrator', () => {
  async function openAdministratorForm() {
    serveOrganizations();
    const user = userEvent.setup();
    renderApp('/platform/organizations');
    await findTable();
    await user.click(screen.getByRole('button', { name: 'Add first administrator to National Cyber Authority' }));
    const form = await screen.findByRole('form', { name: 'First administrator of National Cyber Authority' });
    return { user, form };
  }

  it('shows the one-time password of a new account once, with a copy button', async () => {
    const posted: { id: string | readonly string[] | undefined; body: unknown }[] = [];
    server.use(
      http.post(apiUrl('/organizations/:id/administrators'), async ({ request, params }) => {
        posted.push({ id: params.id, body: await request.json() });
        return HttpResponse.json(administratorCreatedFixture(), { status: 201 });
      }),
    );
    const { user, form } = await openAdministratorForm();
    await user.type(within(form).getByLabelText(/^Full name/), 'Claire Dubois');
    await user.type(within(form).getByLabelText(/^E-mail address/), ' ciso@nca.example ');
    await user.click(within(form).getByRole('button', { name: 'Add the administrator' }));

    const password = await screen.findByTestId('one-time-password');
    expect(password).toHaveTextContent('Tmp-7gQ2-kX9p-Lm4w');
    expect(screen.getByText('Account created for ciso@nca.example')).toBeVisible();
    expect(screen.getByText(/It is shown only once/)).toBeVisible();
    expect(posted).toEqual([
      { id: NCA_ORGANIZATION.id, body: { name: 'Claire Dubois', email: 'ciso@nca.example' } },
    ]);

    await user.click(screen.getByRole('button', { name: 'Copy the password' }));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeVisible();
    await expect(navigator.clipboard.readText()).resolves.toBe('Tmp-7gQ2-kX9p-Lm4w');

    // Once closed, it is gone: opening the dialog again starts a new form.
    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => {
      expect(screen.queryByTestId('one-time-password')).toBeNull();
    });
    await user.click(screen.getByRole('button', { name: 'Add first administrator to National Cyber Authority' }));
    const again = await screen.findByRole('form', { name: 'First administrator of National Cyber Authority' });
    expect(within(again).getByLabelText(/^Full name/)).toHaveValue('');
    expect(screen.queryByText('Tmp-7gQ2-kX9p-Lm4w')).toBeNull();
  });

  it('says so when an existing account was made owner (no password to hand over)', async () => {
    server.use(
      http.post(apiUrl('/organizations/:id/administrators'), () =>
        HttpResponse.json(administratorCreatedFixture({ created: false, one_time_password: null }), { status: 201 }),
      ),
    );
    const { user, form } = await openAdministratorForm();
    await user.type(within(form).getByLabelText(/^Full name/), 'Claire Dubois');
    await user.type(within(form).getByLabelText(/^E-mail address/), 'ciso@nca.example');
    await user.click(within(form).getByRole('button', { name: 'Add the administrator' }));
    expect(
      await screen.findByText(
        'The existing account ciso@nca.example is now an Owner of National Cyber Authority. They sign in with their current password.',
      ),
    ).toBeVisible();
    expect(screen.queryByTestId('one-time-password')).toBeNull();
  });

  it('puts the server’s complaint about the e-mail on the e-mail field', async () => {
    server.use(
      http.post(apiUrl('/organizations/:id/administrators'), () =>
        problemResponse(
          problemFixture({ status: 422, errors: [{ field: 'email', code: 'invalid', message: 'this domain does not accept mail' }] }),
        ),
      ),
    );
    const { user, form } = await openAdministratorForm();
    await user.type(within(form).getByLabelText(/^Full name/), 'Claire Dubois');
    await user.type(within(form).getByLabelText(/^E-mail address/), 'ciso@nca.example');
    await user.click(within(form).getByRole('button', { name: 'Add the administrator' }));
    const email = within(form).getByLabelText(/^E-mail address/);
    await waitFor(() => {
      expect(email).toHaveAccessibleDescription(expect.stringContaining('this domain does not accept mail'));
    });
    expect(screen.queryByTestId('one-time-password')).toBeNull();
  });
});

describe('platform access', () => {
  it('shows the list but no action to a platform reader', async () => {
    serveSession({ me: meFixture({ platform_level: 'read' }) });
    serveOrganizations();
    renderApp('/platform/organizations');
    const table = await findTable();
    expect(rowNames(table)).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'New organisation' })).toBeNull();
    expect(within(table).queryByRole('button', { name: /Add first administrator/ })).toBeNull();
  });

  it('keeps everyone else out without asking the server for the list', async () => {
    serveSession({ me: meFixture({ platform_level: 'none' }) });
    const seen = serveOrganizations();
    renderApp('/platform/organizations');
    expect(await screen.findByRole('heading', { level: 1, name: 'Platform administration' }, { timeout: 5000 })).toBeVisible();
    expect(screen.getByText(/your account has no platform role/)).toBeVisible();
    expect(screen.queryByRole('table')).toBeNull();
    expect(seen).toHaveLength(0);
  });

  it('shows the platform entry in the navigation and the user menu of a platform administrator only', async () => {
    serveSession({ me: meFixture({ platform_level: 'admin' }) });
    serveOrganizations();
    const user = userEvent.setup();
    const { router } = renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Modules' }, { timeout: 5000 });
    const entry = await within(nav).findByRole('link', { name: 'Organisations' }, { timeout: 5000 });
    expect(entry).toHaveAttribute('href', '/platform/organizations');

    await user.click(await screen.findByRole('button', { name: 'Account menu of Olivia Owner' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Platform administration' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/platform/organizations');
    });
    expect(await findTable()).toBeVisible();
  });

  it('shows no platform entry to a member without a platform role', async () => {
    serveSession({ me: meFixture({ platform_level: 'none' }) });
    const user = userEvent.setup();
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Modules' }, { timeout: 5000 });
    await within(nav).findByRole('link', { name: 'Administration' }, { timeout: 5000 });
    expect(within(nav).queryByRole('link', { name: 'Organisations' })).toBeNull();
    await user.click(await screen.findByRole('button', { name: 'Account menu of Olivia Owner' }));
    expect(await screen.findByRole('menuitem', { name: 'Profile' })).toBeVisible();
    expect(screen.queryByRole('menuitem', { name: 'Platform administration' })).toBeNull();
  });

  it('brings a platform administrator without an organisation to the platform page, not an empty home', async () => {
    serveSession({ me: meFixture({ platform_level: 'admin', organizations: [], active_organization_id: null }) });
    server.use(
      http.get(apiUrl('/organization'), () =>
        problemResponse(problemFixture({ status: 403, title: 'Forbidden', detail: 'No organisation.' })),
      ),
    );
    serveOrganizations();
    const { router } = renderApp('/');
    expect(await findTable()).toBeVisible();
    expect(router.state.location.pathname).toBe('/platform/organizations');
    const nav = screen.getByRole('navigation', { name: 'Modules' });
    // No module, and no alarm about the organisation that this user does not have.
    expect(within(nav).queryByText(/could not be loaded/)).toBeNull();
    expect(within(nav).getByRole('link', { name: 'Organisations' })).toBeVisible();
  });
});
