import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { meFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, server } from '../../test/server';
import { serveSession } from '../../test/session';
import type { FrameworkCreate } from './complianceApi';
import { frameworkFixture, ISO_ID, POLICY_ID, policyFramework, serveFramework, serveFrameworkList } from './complianceFixtures';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

const iso = frameworkFixture();

describe('FrameworksPage', () => {
  it('lists the frameworks with their counts and sends search and origin to the server', async () => {
    serveSession();
    const seen = serveFrameworkList([iso], { nextCursor: 'next-page', total: 2 });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/compliance');
    expect(await screen.findByRole('heading', { level: 1, name: 'Frameworks' })).toBeVisible();
    const table = await screen.findByRole('table', { name: 'Frameworks' });
    const row = within(table).getByText('ISO/IEC 27001:2022 Annex A').closest('tr')!;
    expect(within(row).getByRole('link', { name: 'ISO/IEC 27001:2022 Annex A' })).toHaveAttribute(
      'href',
      `/compliance/frameworks/${ISO_ID}`,
    );
    expect(within(row).getByText('Built-in')).toBeVisible();
    expect(within(row).getByText('Active')).toBeVisible();
    expect(within(row).getByText('2022')).toBeVisible();
    expect(within(row).getByText('93')).toBeVisible();
    expect(within(row).getByText('90')).toBeVisible();
    expect(within(row).getByText('3')).toBeVisible();
    expect(screen.getByText('1 of 2 frameworks')).toBeVisible();
    expect(screen.getByRole('link', { name: 'Browse the library' })).toHaveAttribute('href', '/compliance/library');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('Internal security policy')).toBeVisible();
    expect(seen.at(-1)?.get('cursor')).toBe('next-page');

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'iso');
    await user.click(screen.getByRole('combobox', { name: 'Origin' }));
    await user.click(await screen.findByRole('option', { name: 'Custom' }));
    await waitFor(() => {
      const last = seen.filter((query) => !query.has('cursor')).at(-1)!;
      expect([...last.entries()]).toEqual([
        ['q', 'iso'],
        ['origin', 'custom'],
        ['sort', 'name'],
        ['limit', '50'],
      ]);
    });
    expect(router.state.location.search).toEqual({ q: 'iso', origin: ['custom'] });
  });

  it('reads its filters from the address', async () => {
    serveSession();
    const seen = serveFrameworkList([policyFramework]);
    renderApp('/compliance?origin=%5B%22custom%22%2C%22imported%22%5D&include_archived=true&origin_bogus=1');
    await screen.findByRole('table', { name: 'Frameworks' });
    expect(seen.at(-1)?.getAll('origin')).toEqual(['custom', 'imported']);
    expect(seen.at(-1)?.get('include_archived')).toBe('true');
  });

  it('adds a custom framework and opens it', async () => {
    serveSession();
    serveFrameworkList([iso]);
    serveFramework({ framework: policyFramework, controls: [] });
    const bodies: FrameworkCreate[] = [];
    server.use(
      http.post(apiUrl('/frameworks'), async ({ request }) => {
        const body = (await request.json()) as FrameworkCreate;
        bodies.push(body);
        return HttpResponse.json({ ...policyFramework, ...body, id: POLICY_ID }, { status: 201 });
      }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/compliance');
    await screen.findByRole('table', { name: 'Frameworks' });
    await user.click(screen.getByRole('button', { name: 'New framework' }));
    const form = await screen.findByRole('form', { name: 'New custom framework' });
    await user.click(within(form).getByRole('button', { name: 'Add the framework' }));
    expect(await within(form).findByText('Enter a name.')).toBeVisible();
    expect(bodies).toHaveLength(0);
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Internal security policy');
    await user.type(within(form).getByRole('textbox', { name: /^Edition/ }), 'v4');
    await user.click(within(form).getByRole('button', { name: 'Add the framework' }));
    expect(await screen.findByText('Framework Internal security policy added.')).toBeVisible();
    expect(bodies).toEqual([{ name: 'Internal security policy', edition: 'v4', active: true }]);
    await waitFor(() => {
      expect(router.state.location.pathname).toBe(`/compliance/frameworks/${POLICY_ID}`);
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Internal security policy' })).toBeVisible();
  });

  it('offers no new framework to a reader', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'compliance', level: 'read' }] }) });
    serveFrameworkList([iso]);
    renderApp('/compliance');
    await screen.findByRole('table', { name: 'Frameworks' });
    expect(screen.queryByRole('button', { name: 'New framework' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Browse the library' })).toBeVisible();
  });
});
