import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { meFixture, problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { serveReferenceData } from '../assets/assetFixtures';
import type { SoftwareList } from './softwareApi';
import {
  expiredLicence,
  licenceFixture,
  licenceListFixture,
  M365_ID,
  serveSoftwareReference,
  slack,
  softwareFixture,
  softwareListFixture,
  WORKPLACE_GROUP_ID,
} from './softwareFixtures';

configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });

const m365 = softwareFixture();

function serveCatalogue(answer: (query: URLSearchParams) => SoftwareList = () => softwareListFixture([m365, slack])) {
  const seen: URLSearchParams[] = [];
  serveSoftwareReference();
  server.use(
    http.get(apiUrl('/software'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      return HttpResponse.json(answer(query));
    }),
  );
  return seen;
}

describe('SoftwarePage', () => {
  it('lists the catalogue with owners and licence counts, and sends filters and sort to the server', async () => {
    serveSession();
    serveReferenceData();
    const seen = serveCatalogue();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/assets/software');
    const table = await screen.findByRole('table', { name: 'Software' });
    const row = within(table).getByRole('link', { name: 'Microsoft 365' }).closest('tr')!;
    expect(within(row).getByText('Productivity')).toBeVisible();
    expect(within(row).getByText('Ann Lee')).toBeVisible();
    expect(within(row).getByText('Workplace IT')).toBeVisible();
    expect(within(row).getByText('2')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('2 of 2 products');
    expect(Object.fromEntries(seen[0]!)).toEqual({ sort: 'name', limit: '50' });

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'micro');
    await waitFor(() => {
      expect(seen.at(-1)?.get('q')).toBe('micro');
    });
    await user.click(screen.getByRole('combobox', { name: 'Category' }));
    await user.click(await screen.findByRole('option', { name: 'Security' }));
    await user.click(await screen.findByRole('option', { name: 'Productivity' }));
    await waitFor(() => {
      expect(seen.at(-1)?.getAll('category')).toEqual(['security', 'productivity']);
    });
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('combobox', { name: 'Owning team' }));
    await user.click(await screen.findByRole('option', { name: 'Workplace IT' }));
    await waitFor(() => {
      expect(seen.at(-1)?.get('owner_group_id')).toBe(WORKPLACE_GROUP_ID);
    });
    await user.click(screen.getByRole('switch', { name: 'Show archived software' }));
    await user.click(within(screen.getByRole('columnheader', { name: /^Publisher/ })).getByRole('button'));
    await user.click(within(screen.getByRole('columnheader', { name: /^Publisher/ })).getByRole('button'));
    await waitFor(() => {
      expect(seen.at(-1)?.get('sort')).toBe('-publisher');
    });
    expect(router.state.location.search).toEqual({
      q: 'micro',
      category: ['security', 'productivity'],
      owner_group_id: WORKPLACE_GROUP_ID,
      include_archived: true,
      sort: '-publisher',
    });
    expect(Object.fromEntries([...seen.at(-1)!.keys()].map((key) => [key, seen.at(-1)!.getAll(key)]))).toEqual({
      q: ['micro'],
      category: ['security', 'productivity'],
      owner_group_id: [WORKPLACE_GROUP_ID],
      include_archived: ['true'],
      sort: ['-publisher'],
      limit: ['50'],
    });
  });

  it('puts the server’s refusals of a new software on the right fields', async () => {
    serveSession();
    serveReferenceData();
    serveCatalogue();
    const bodies: unknown[] = [];
    server.use(
      http.post(apiUrl('/software'), async ({ request }) => {
        bodies.push(await request.json());
        return bodies.length === 1
          ? problemResponse(
              problemFixture({
                status: 422,
                title: 'Unprocessable entity',
                errors: [{ field: 'owner_group_id', code: 'not_found', message: 'is not an active group of this organisation' }],
              }),
            )
          : problemResponse(
              problemFixture({
                status: 409,
                title: 'Conflict',
                detail: 'Another active software already has this name.',
                errors: [{ field: 'name', code: 'taken', message: 'is already used' }],
              }),
            );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/assets/software');
    await screen.findByRole('table', { name: 'Software' });
    await user.click(screen.getByRole('button', { name: 'New software' }));
    const form = await screen.findByRole('form', { name: 'New software' });
    await user.type(within(form).getByRole('textbox', { name: /^Website/ }), 'ftp://x');
    await user.click(within(form).getByRole('button', { name: 'Add the software' }));
    expect(await within(form).findByText('This field is required.')).toBeVisible();
    expect(within(form).getByText('Enter an address starting with http:// or https://.')).toBeVisible();
    expect(bodies).toHaveLength(0);

    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), ' Slack ');
    await user.clear(within(form).getByRole('textbox', { name: /^Website/ }));
    await user.type(within(form).getByRole('textbox', { name: /^Website/ }), 'https://slack.com');
    await user.click(within(form).getByRole('combobox', { name: 'Category' }));
    await user.click(await screen.findByRole('option', { name: 'Communication' }));
    await user.click(within(form).getByRole('combobox', { name: 'Owning team' }));
    await user.click(await screen.findByRole('option', { name: 'Workplace IT' }));
    await user.click(within(form).getByRole('button', { name: 'Add the software' }));
    expect(await within(form).findByText('is not an active group of this organisation')).toBeVisible();
    expect(within(form).getByRole('combobox', { name: 'Owning team' })).toHaveAttribute('aria-invalid', 'true');
    expect(bodies[0]).toEqual({ name: 'Slack', category: 'communication', website: 'https://slack.com', owner_group_id: WORKPLACE_GROUP_ID });

    await user.click(within(form).getByRole('button', { name: 'Add the software' }));
    expect(await within(form).findByText('is already used')).toBeVisible();
    expect(within(form).getByRole('textbox', { name: /^Name/ })).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows a product with its licences, and keeps a reader to reading', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'assets', level: 'read' }] }) });
    serveReferenceData();
    serveCatalogue();
    const licenceQueries: URLSearchParams[] = [];
    server.use(
      http.get(apiUrl('/software/:id'), () => HttpResponse.json(m365, { headers: { ETag: '"1"' } })),
      http.get(apiUrl('/licences'), ({ request }) => {
        licenceQueries.push(new URL(request.url).searchParams);
        return HttpResponse.json(licenceListFixture([licenceFixture(), expiredLicence]));
      }),
    );
    renderApp(`/assets/software/${M365_ID}?tab=licences`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Microsoft 365' })).toBeVisible();
    const table = await screen.findByRole('table', { name: 'Licences' });
    expect(within(table).getByText('Expired')).toBeVisible();
    expect(licenceQueries[0]?.get('software_id')).toBe(M365_ID);
    expect(licenceQueries[0]?.get('include_archived')).toBe('true');
    expect(screen.getByText(/Changing it needs the write permission on assets/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'New licence' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });
});
