import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { metaFixture, organizationFixture, problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';

function serve({ meta = metaFixture(), organization = organizationFixture() } = {}) {
  server.use(
    http.get(apiUrl('/meta'), () => HttpResponse.json(meta)),
    http.get(apiUrl('/organization'), () => HttpResponse.json(organization, { headers: { ETag: '"3"' } })),
  );
}

async function navigation() {
  const nav = await screen.findByRole('navigation', { name: 'Modules' });
  // Wait for the module entries (they need both /meta and /organization).
  await within(nav).findByRole('link', { name: 'Administration' });
  return nav;
}

describe('AppLayout', () => {
  it('shows only modules enabled on the deployment AND for the organisation', async () => {
    serve({
      meta: metaFixture({
        modules: [
          { slug: 'assets', enabled: true },
          { slug: 'risk', enabled: false },
          { slug: 'finance', enabled: true },
          { slug: 'administration', enabled: true },
        ],
      }),
      organization: organizationFixture({ enabled_modules: ['assets', 'risk', 'administration'] }),
    });
    renderApp('/');
    const nav = await navigation();
    const names = within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent);
    // (The development administrator is also a platform administrator: the platform entry comes last.)
    expect(names).toEqual(['Dashboards', 'Assets and inventory', 'Administration', 'Organisations']);
    // Risk: enabled for the organisation but not on the deployment. Finance: the other way round.
    expect(within(nav).queryByRole('link', { name: 'Risk' })).toBeNull();
    expect(within(nav).queryByRole('link', { name: 'Finance' })).toBeNull();
  });

  it('lists every module, in SPEC order, when all are enabled', async () => {
    serve();
    renderApp('/');
    const nav = await navigation();
    expect(within(nav).getAllByRole('link')).toHaveLength(21); // dashboards, 19 modules, platform
    expect(within(nav).getByRole('link', { name: 'User access reviews' })).toHaveAttribute('href', '/access-reviews');
  });

  it('names the organisation and the product in the banner, without tenancy on a single-organisation deployment', async () => {
    serve();
    renderApp('/');
    await navigation(); // meta and organisation both loaded
    const banner = await screen.findByRole('banner');
    expect(await within(banner).findByText('Acme Energy')).toBeVisible();
    expect(within(banner).getByText('OpsDeck')).toBeVisible();
    expect(within(banner).queryByText('Operator')).toBeNull();
    expect(await screen.findByRole('heading', { level: 2, name: 'Welcome to Acme Energy' })).toBeVisible();
  });

  it('shows the organisation kind on a multi-organisation deployment', async () => {
    serve({ meta: metaFixture({ multi_organization: true }) });
    renderApp('/');
    expect(await within(await screen.findByRole('banner')).findByText('Operator')).toBeVisible();
  });

  it('shows no module and says why when the organisation cannot be loaded', async () => {
    server.use(
      // (A 401 would mean that the session ended: the app would go to the sign-in page.)
      http.get(apiUrl('/organization'), () => problemResponse(problemFixture({ status: 403, title: 'Forbidden' }))),
    );
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Modules' });
    expect(await within(nav).findByText(/could not be loaded/)).toBeVisible();
    expect(within(nav).getAllByRole('link').map((link) => link.textContent)).toEqual(['Dashboards', 'Organisations']);
  });

  it('renders the 404 page inside the shell for an unknown route', async () => {
    serve();
    renderApp('/no/such/page');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Back to the dashboard' })).toHaveAttribute('href', '/');
    expect(screen.getByRole('navigation', { name: 'Modules' })).toBeInTheDocument();
  });

  it('gives a module without pages yet its placeholder page', async () => {
    serve();
    renderApp('/incidents');
    expect(await screen.findByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();
    expect(screen.getByText('This module arrives in a later release.')).toBeVisible();
  });

  it('explains that a disabled module is disabled when its address is opened directly', async () => {
    serve({ organization: organizationFixture({ enabled_modules: ['administration'] }) });
    renderApp('/incidents');
    expect(await screen.findByRole('heading', { level: 1, name: 'Module not enabled' })).toBeVisible();
    expect(screen.queryByText('This module arrives in a later release.')).toBeNull();
  });

  it('has a skip link to the main landmark', async () => {
    serve();
    renderApp('/');
    const skip = await screen.findByRole('link', { name: 'Skip to main content' });
    expect(skip).toHaveAttribute('href', '#main-content');
    expect(await screen.findByRole('main')).toHaveAttribute('id', 'main-content');
  });

  it('opens the navigation from the menu button (small screens) and closes it after navigating', async () => {
    serve();
    const user = userEvent.setup();
    const { router } = renderApp('/');
    const nav = await navigation();
    await user.click(await screen.findByRole('button', { name: 'Open navigation' }));
    const close = await screen.findByRole('button', { name: 'Close navigation' });
    expect(close).toHaveAttribute('aria-expanded', 'true');
    await user.click(within(nav).getByRole('link', { name: 'Incidents' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/incidents');
    });
    expect(await screen.findByRole('button', { name: 'Open navigation' })).toHaveAttribute('aria-expanded', 'false');
  });
});
