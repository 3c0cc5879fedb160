import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { OrganizationMembership } from '../../lib/me';
import { getSessionSnapshot } from '../../lib/session';
import {
  ACME_ID,
  meFixture,
  NCA_ID,
  organizationFixture,
  tokenResponseFixture,
} from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, server } from '../../test/server';
import { serveSession } from '../../test/session';

const nca: OrganizationMembership = {
  id: NCA_ID,
  name: 'National Cyber Authority',
  slug: 'national-cyber-authority',
  kind: 'regulator',
};
const acme: OrganizationMembership = { id: ACME_ID, name: 'Acme Energy', slug: 'acme-energy', kind: 'operator' };

async function navigation() {
  const nav = await screen.findByRole('navigation', { name: 'Modules' });
  await within(nav).findByRole('link', { name: 'Dashboards' });
  return nav;
}

describe('navigation by permission', () => {
  it('hides the modules the user has no permission on, Administration included', async () => {
    serveSession({
      me: meFixture({
        name: 'Emma Employee',
        permissions: [
          { module: 'policies', level: 'read' },
          { module: 'training', level: 'read' },
        ],
      }),
    });
    renderApp('/');
    const nav = await navigation();
    await waitFor(() => {
      expect(within(nav).getAllByRole('link').map((link) => link.textContent)).toEqual([
        'Dashboards',
        'Policies and knowledge',
        'Training',
      ]);
    });
    expect(within(nav).queryByRole('link', { name: 'Administration' })).toBeNull();
  });

  it('shows Administration from the read level on', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    renderApp('/');
    const nav = await navigation();
    expect(await within(nav).findByRole('link', { name: 'Administration' })).toBeVisible();
    expect(within(nav).getAllByRole('link')).toHaveLength(2);
  });

  it('says so when a module is opened without a permission on it', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'policies', level: 'read' }] }) });
    renderApp('/administration/audit-log');
    expect(await screen.findByRole('heading', { level: 1, name: 'No access to this module' })).toBeVisible();
    expect(screen.queryByRole('table', { name: 'Audit events' })).toBeNull();
  });
});

describe('organisation switcher', () => {
  it('is not there for a member of one organisation', async () => {
    serveSession({ me: meFixture({ organizations: [acme] }) });
    renderApp('/');
    await navigation();
    const banner = screen.getByRole('banner');
    expect(await within(banner).findByRole('button', { name: /^Account menu/ })).toBeVisible();
    expect(within(banner).queryByRole('button', { name: /Switch organisation/ })).toBeNull();
    expect(within(banner).getByTestId('organization-name')).toHaveTextContent('Acme Energy');
  });

  it('switches organisation with a refresh, then reloads every answer', async () => {
    let active = acme;
    const log = serveSession({
      me: () => meFixture({ organizations: [acme, nca], active_organization_id: active.id }),
      tokens: [tokenResponseFixture('acme'), tokenResponseFixture('nca')],
    });
    server.use(
      http.post(apiUrl('/auth/refresh'), async ({ request }) => {
        const body = await request.text();
        log.refreshes.push(body);
        if (body.includes(NCA_ID)) active = nca;
        return HttpResponse.json(tokenResponseFixture(active.slug));
      }),
      http.get(apiUrl('/organization'), () =>
        HttpResponse.json(organizationFixture({ id: active.id, name: active.name, kind: active.kind }), {
          headers: { ETag: '"3"' },
        }),
      ),
    );
    const user = userEvent.setup();
    renderApp('/');
    const banner = await screen.findByRole('banner');
    const switcher = await within(banner).findByRole('button', { name: /^Switch organisation:\s*Acme Energy$/ });
    await user.click(switcher);
    const options = await screen.findAllByRole('menuitem');
    expect(options.map((option) => option.textContent)).toEqual([
      'Acme EnergyOperator',
      'National Cyber AuthorityRegulator',
    ]);
    expect(options[0]).toHaveAttribute('aria-current', 'true');
    await user.click(screen.getByRole('menuitem', { name: /National Cyber Authority/ }));

    expect(
      await within(banner).findByRole('button', { name: /^Switch organisation:\s*National Cyber Authority$/ }),
    ).toBeVisible();
    expect(log.refreshes.at(-1)).toBe(JSON.stringify({ organization_id: NCA_ID }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Welcome to National Cyber Authority' })).toBeVisible();
  });
});

describe('development bootstrap', () => {
  it('says that nobody signed in, with a way to sign in', async () => {
    // Default handlers: no session, /me answers the bootstrap administrator.
    renderApp('/');
    await navigation();
    const banner = screen.getByRole('banner');
    expect(await within(banner).findByText('Development: not signed in')).toBeInTheDocument();
    expect(within(banner).getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
    expect(within(banner).queryByRole('button', { name: /^Account menu/ })).toBeNull();
  });

  it('is not shown once signed in', async () => {
    serveSession();
    renderApp('/');
    await navigation();
    const banner = screen.getByRole('banner');
    await within(banner).findByRole('button', { name: /^Account menu/ });
    expect(within(banner).queryByText('Development: not signed in')).toBeNull();
  });
});

describe('user menu', () => {
  it('names the user and leads to the profile and to signing out', async () => {
    serveSession();
    let loggedOut = 0;
    server.use(
      http.post(apiUrl('/auth/logout'), () => {
        loggedOut += 1;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Account menu of Olivia Owner' }));
    expect(await screen.findByText('owner@acme-energy.example')).toBeVisible();
    expect(screen.getByRole('menuitem', { name: 'Profile' })).toHaveAttribute('href', '/profile');

    await user.click(screen.getByRole('menuitem', { name: 'Sign out' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/login');
    });
    expect(router.state.location.search).toEqual({});
    expect(loggedOut).toBe(1);
    expect(getSessionSnapshot().status).toBe('signed-out');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  });
});
