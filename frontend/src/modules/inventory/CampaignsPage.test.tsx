import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { AWS_ID, BRUSSELS_ID } from '../assets/assetFixtures';
import type { CampaignCreate } from './inventoryApi';
import { campaignFixture, serveCampaign } from './inventoryFixtures';

configure({ asyncUtilTimeout: 10_000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 60_000 });

const PAGE = '/assets/inventory';
const NEW_ID = '0193a2b4-0000-7000-8000-00000000c0ff';
const completed = campaignFixture({
  id: '0193a2b4-0000-7000-8000-00000000c002',
  name: 'Full physical inventory Q3 2026',
  location_id: null,
  location_name: null,
  status: 'completed',
  total: 320,
  pending: 0,
  verified: 292,
  flagged: 14,
  missing: 14,
  completed_at: '2026-09-30T16:00:00Z',
  completed_by_name: 'Demo Auditor',
});

describe('CampaignsPage', () => {
  it('lists the campaigns with their progress and status, and sends the filters to the server', async () => {
    serveSession();
    const { campaignQueries } = serveCampaign({ campaign: campaignFixture(), items: [], campaigns: [campaignFixture(), completed] });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    const table = await screen.findByRole('table', { name: 'Inventory campaigns' });
    const open = within(table).getByRole('link', { name: 'Brussels HQ spot check' }).closest('tr')!;
    expect(within(open).getByRole('link', { name: 'Brussels HQ spot check' })).toHaveAttribute(
      'href',
      `/assets/inventory/${campaignFixture().id}`,
    );
    expect(within(open).getByText('Open')).toBeVisible();
    expect(within(open).getByText('Brussels HQ')).toBeVisible();
    expect(within(open).getByRole('progressbar', { name: 'Progress of Brussels HQ spot check' })).toHaveAttribute(
      'aria-valuenow',
      '50',
    );
    expect(within(open).getByText('2/4 (50 %)')).toBeVisible();
    const done = within(table).getByRole('link', { name: 'Full physical inventory Q3 2026' }).closest('tr')!;
    expect(within(done).getByText('Completed')).toBeVisible();
    expect(within(done).getByText('All sites')).toBeVisible();
    expect(within(done).getByText('306/320 (96 %)')).toBeVisible();
    expect(within(done).getByText('14 / 14')).toBeVisible();

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'brussels');
    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Open' }));
    await user.click(screen.getByRole('switch', { name: 'Show archived campaigns' }));
    await user.click(screen.getByRole('combobox', { name: 'Sort by' }));
    await user.click(await screen.findByRole('option', { name: 'Due date (soonest first)' }));
    await waitFor(() => {
      expect(Object.fromEntries(campaignQueries.at(-1)!)).toEqual({
        q: 'brussels',
        status: 'open',
        include_archived: 'true',
        sort: 'due_on',
        limit: '50',
      });
    });
    expect(router.state.location.search).toEqual({ q: 'brussels', status: 'open', include_archived: true, sort: 'due_on' });
  });

  it('opens a campaign over a chosen location, showing the server’s field errors, then goes to it', async () => {
    serveSession();
    serveCampaign({ campaign: campaignFixture({ id: NEW_ID, name: 'Antwerp DC annual', total: 0, pending: 0, verified: 0, flagged: 0 }), items: [] });
    const bodies: CampaignCreate[] = [];
    server.use(
      http.post(apiUrl('/inventory-campaigns'), async ({ request }) => {
        const body = (await request.json()) as CampaignCreate;
        bodies.push(body);
        if (body.location_id === AWS_ID) {
          return problemResponse(
            problemFixture({
              status: 422,
              title: 'Unprocessable entity',
              errors: [{ field: 'location_id', code: 'not_found', message: 'is not an active location of this organisation' }],
            }),
          );
        }
        return HttpResponse.json(
          campaignFixture({ id: NEW_ID, name: body.name, total: 42, pending: 42, verified: 0, flagged: 0 }),
          { status: 201 },
        );
      }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await screen.findByRole('table', { name: 'Inventory campaigns' });
    await user.click(screen.getByRole('button', { name: 'New campaign' }));
    const form = await screen.findByRole('form', { name: 'New inventory campaign' });
    await user.click(within(form).getByRole('button', { name: 'Open the campaign' }));
    expect(await within(form).findByText('This field is required.')).toBeVisible();
    expect(bodies).toEqual([]);

    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Year-end 2026');
    await user.click(within(form).getByRole('combobox', { name: /^Location/ }));
    await user.click(await screen.findByRole('option', { name: 'AWS eu-west-1' }));
    await user.type(within(form).getByLabelText('Due date'), '2026-12-31');
    await user.click(within(form).getByRole('button', { name: 'Open the campaign' }));
    expect(await within(form).findByText('is not an active location of this organisation')).toBeVisible();

    await user.click(within(form).getByRole('combobox', { name: /^Location/ }));
    await user.click(await screen.findByRole('option', { name: 'Brussels HQ' }));
    await user.click(within(form).getByRole('button', { name: 'Open the campaign' }));
    expect(await screen.findByText('Campaign Year-end 2026 opened with 42 assets to check.')).toBeVisible();
    expect(bodies.at(-1)).toEqual({ name: 'Year-end 2026', location_id: BRUSSELS_ID, due_on: '2026-12-31' });
    await waitFor(() => {
      expect(router.state.location.pathname).toBe(`/assets/inventory/${NEW_ID}`);
    });
  });

  it('says when there is no campaign yet', async () => {
    serveSession();
    serveCampaign({ campaign: campaignFixture(), items: [], campaigns: [] });
    renderApp(PAGE);
    expect(await screen.findByText('No inventory campaigns yet')).toBeVisible();
  });
});
