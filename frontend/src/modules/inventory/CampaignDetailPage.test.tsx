import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { meFixture, problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import {
  CAMPAIGN_ID,
  campaignFixture,
  chargerItem,
  LAPTOP_ID,
  laptopItem,
  MONITOR_ID,
  monitorItem,
  phoneItem,
  serveCampaign,
} from './inventoryFixtures';

configure({ asyncUtilTimeout: 10_000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 60_000 });

const PAGE = `/assets/inventory/${CAMPAIGN_ID}`;

function fresh() {
  return { campaign: campaignFixture(), items: [laptopItem, phoneItem, monitorItem, chargerItem].map((item) => ({ ...item })) };
}

async function itemsTable() {
  return screen.findByRole('table', { name: 'Assets of Brussels HQ spot check' });
}

describe('CampaignDetailPage', () => {
  it('shows the counts, the progress and every asset with its result', async () => {
    serveSession();
    serveCampaign(fresh());
    renderApp(PAGE);
    expect(await screen.findByRole('heading', { level: 1, name: 'Brussels HQ spot check' })).toBeVisible();
    expect(screen.getByTestId('count-total')).toHaveTextContent('4Assets');
    expect(screen.getByTestId('count-pending')).toHaveTextContent('2Pending');
    expect(screen.getByTestId('count-flagged')).toHaveTextContent('1Flagged');
    const bar = screen.getByRole('progressbar', { name: 'Progress of Brussels HQ spot check' });
    expect(bar).toHaveAttribute('aria-valuenow', '50');
    expect(bar).toHaveAttribute('aria-valuetext', '2 of 4 assets seen');
    const table = await itemsTable();
    const monitor = within(table).getByText('UltraSharp U2723QE 003').closest('tr')!;
    expect(within(monitor).getByText('Flagged')).toBeVisible();
    expect(within(monitor).getByText('Found in meeting room 2.14')).toBeVisible();
    const laptop = within(table).getByText('Latitude 7440 001').closest('tr')!;
    expect(within(laptop).getByText('AC-01001')).toBeVisible();
    expect(within(laptop).getByText('Ann Martin')).toBeVisible();
    expect(within(laptop).getByText('Not yet')).toBeVisible();
  });

  it('sends the result chips and the search to the server', async () => {
    serveSession();
    const { itemQueries } = serveCampaign(fresh());
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await itemsTable();
    const chips = screen.getByRole('group', { name: 'Result' });
    // "Missing" only exists once a campaign is completed.
    expect(within(chips).queryByRole('checkbox', { name: /Missing/ })).toBeNull();
    await user.click(within(chips).getByRole('checkbox', { name: 'Pending (2)' }));
    await user.click(within(chips).getByRole('checkbox', { name: 'Flagged (1)' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search the assets' }), 'ultra');
    await waitFor(() => {
      const last = itemQueries.at(-1)!;
      expect(last.getAll('result')).toEqual(['pending', 'flagged']);
      expect(last.get('q')).toBe('ultra');
    });
    expect(router.state.location.search).toEqual({ result: ['pending', 'flagged'], q: 'ultra' });
    const table = await itemsTable();
    await waitFor(() => {
      expect(within(table).getAllByRole('row')).toHaveLength(2);
    });
    expect(within(table).getByText('UltraSharp U2723QE 003')).toBeVisible();
  });

  it('verifies an asset with one click and reads the counts again', async () => {
    serveSession();
    const { sent } = serveCampaign(fresh());
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const table = await itemsTable();
    await user.click(within(table).getByRole('button', { name: 'Verify Latitude 7440 001' }));
    await waitFor(() => {
      expect(sent).toEqual([{ method: 'POST', path: `items/${LAPTOP_ID}`, ifMatch: null, body: { result: 'verified' } }]);
    });
    expect(await screen.findByText('Latitude 7440 001 verified.')).toBeVisible();
    await waitFor(() => {
      expect(screen.getByTestId('count-verified')).toHaveTextContent('2Verified');
    });
    const row = within(await itemsTable()).getByText('Latitude 7440 001').closest('tr')!;
    await waitFor(() => {
      expect(within(row).getByRole('button', { name: 'Verify Latitude 7440 001' })).toBeDisabled();
    });
  });

  it('flags an asset with a note, which is required', async () => {
    serveSession();
    const { sent } = serveCampaign(fresh());
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const table = await itemsTable();
    await user.click(within(table).getByRole('button', { name: 'Flag Latitude 7440 001' }));
    const form = await screen.findByRole('form', { name: 'Flag Latitude 7440 001' });
    const note = within(form).getByRole('textbox', { name: /What is wrong/ });
    expect(note).toHaveFocus();
    await user.click(within(form).getByRole('button', { name: 'Flag' }));
    expect(await within(form).findByText('Say what is wrong to flag an asset.')).toBeVisible();
    expect(sent).toEqual([]);

    await user.type(note, 'Screen cracked');
    // Ctrl+Enter sends from the keyboard.
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => {
      expect(sent).toEqual([
        { method: 'POST', path: `items/${LAPTOP_ID}`, ifMatch: null, body: { result: 'flagged', note: 'Screen cracked' } },
      ]);
    });
    expect(await screen.findByText('Latitude 7440 001 flagged.')).toBeVisible();
    await waitFor(() => {
      expect(screen.queryByRole('form', { name: 'Flag Latitude 7440 001' })).toBeNull();
    });
  });

  it('shows the server’s refusal of a flag on the note field', async () => {
    serveSession();
    serveCampaign(fresh());
    server.use(
      http.post(apiUrl('/inventory-campaigns/:id/items/:assetId'), () =>
        problemResponse(
          problemFixture({
            status: 422,
            title: 'Unprocessable entity',
            errors: [{ field: 'note', code: 'invalid', message: 'describe the problem in words' }],
          }),
        ),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const table = await itemsTable();
    await user.click(within(table).getByRole('button', { name: 'Flag Latitude 7440 001' }));
    const form = await screen.findByRole('form', { name: 'Flag Latitude 7440 001' });
    await user.type(within(form).getByRole('textbox', { name: /What is wrong/ }), '??');
    await user.click(within(form).getByRole('button', { name: 'Flag' }));
    expect(await within(form).findByText('describe the problem in words')).toBeVisible();
    expect(within(form).getByRole('textbox', { name: /What is wrong/ })).toHaveAttribute('aria-invalid', 'true');
  });

  it('verifies the one asset a scanned tag matches, the exact tag winning over partial matches', async () => {
    serveSession();
    const { sent, itemQueries } = serveCampaign(fresh());
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await itemsTable();
    const scan = screen.getByRole('textbox', { name: 'Asset tag or serial' });
    // AC-01001 is in three tags (AC-01001, AC-01001X, AC-010010): the exact one is meant.
    await user.type(scan, 'ac-01001{Enter}');
    expect(await screen.findByText('Latitude 7440 001 verified.', { selector: 'p' })).toBeVisible();
    expect(itemQueries.some((query) => query.get('q') === 'ac-01001')).toBe(true);
    expect(sent).toEqual([{ method: 'POST', path: `items/${LAPTOP_ID}`, ifMatch: null, body: { result: 'verified' } }]);
    expect(scan).toHaveValue('');
    expect(scan).toHaveFocus();

    // Several partial matches and no exact one: nothing is verified.
    await user.type(scan, 'AC-0100{Enter}');
    expect(await screen.findByText('4 assets match “AC-0100”: type the whole tag or serial, or use the table.')).toBeVisible();
    // None.
    await user.clear(scan);
    await user.type(scan, 'ZZ-404{Enter}');
    expect(await screen.findByText('No asset of this campaign matches “ZZ-404”.')).toBeVisible();
    // A serial, of an asset already checked: said, not re-stamped.
    await user.clear(scan);
    await user.type(scan, 'AP00000002{Enter}');
    expect(await screen.findByText('iPhone 15 002 is already checked (Verified); use the table to change it.')).toBeVisible();
    expect(sent).toHaveLength(1);
  });

  it('completes after a confirmation that says the pending assets become missing', async () => {
    serveSession();
    const { sent } = serveCampaign(fresh());
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await itemsTable();
    await user.click(screen.getByRole('button', { name: 'Complete the campaign' }));
    const dialog = await screen.findByRole('dialog', { name: 'Complete Brussels HQ spot check?' });
    expect(within(dialog).getByText('2 assets are still pending: they will be recorded as missing.')).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));
    await waitFor(() => {
      expect(sent).toEqual([{ method: 'POST', path: 'complete', ifMatch: '"3"', body: null }]);
    });
    expect(await screen.findByTestId('completed-notice')).toHaveTextContent(
      'This campaign is completed and read-only; 2 assets were not found and are recorded as missing.',
    );
    // Read-only now: no scan box, no check buttons, no completion.
    expect(screen.queryByRole('textbox', { name: 'Asset tag or serial' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Complete the campaign' })).toBeNull();
    const table = await itemsTable();
    await waitFor(() => {
      expect(within(table).queryByRole('button', { name: /^Verify / })).toBeNull();
    });
    expect(screen.getByRole('group', { name: 'Result' })).toContainElement(screen.getByRole('checkbox', { name: 'Missing (2)' }));
  });

  it('shows the conflict when the campaign changed meanwhile (412), and completes nothing', async () => {
    serveSession();
    const state = fresh();
    const { sent } = serveCampaign(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await itemsTable();
    // Someone renames the campaign after this page read it.
    state.campaign = { ...state.campaign, name: 'Brussels HQ spot check', version: 4 };
    await user.click(screen.getByRole('button', { name: 'Complete the campaign' }));
    const dialog = await screen.findByRole('dialog', { name: 'Complete Brussels HQ spot check?' });
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this campaign meanwhile, so it was not completed.');
    expect(sent).toEqual([{ method: 'POST', path: 'complete', ifMatch: '"3"', body: null }]);
    expect(screen.queryByTestId('completed-notice')).toBeNull();
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() => {
      expect(screen.queryByRole('alert')).toBeNull();
    });
    await user.click(screen.getByRole('button', { name: 'Complete the campaign' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Complete' }));
    expect(await screen.findByTestId('completed-notice')).toBeVisible();
    expect(sent.at(-1)).toEqual({ method: 'POST', path: 'complete', ifMatch: '"4"', body: null });
  });

  it('edits the name and clears the due date with a merge patch and If-Match; a stale version shows the conflict', async () => {
    serveSession();
    const state = fresh();
    const { sent } = serveCampaign(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await itemsTable();
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    let form = await screen.findByRole('form', { name: 'Edit Brussels HQ spot check' });
    // The scope is fixed once the campaign is open.
    expect(within(form).queryByRole('combobox', { name: /^Location/ })).toBeNull();
    const name = within(form).getByRole('textbox', { name: /^Name/ });
    await user.clear(name);
    await user.type(name, 'HQ Q4 check');
    await user.clear(within(form).getByLabelText('Due date'));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Campaign HQ Q4 check saved.')).toBeVisible();
    expect(sent).toEqual([{ method: 'PATCH', path: '', ifMatch: '"3"', body: { name: 'HQ Q4 check', due_on: null } }]);
    expect(await screen.findByRole('heading', { level: 1, name: 'HQ Q4 check' })).toBeVisible();

    // Someone else saves meanwhile: 412, shown with a reload.
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    form = await screen.findByRole('form', { name: 'Edit HQ Q4 check' });
    state.campaign = { ...state.campaign, version: state.campaign.version + 1 };
    await user.type(within(form).getByRole('textbox', { name: 'Notes' }), ' Bring the scanner.');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/Someone else changed this campaign meanwhile. Reload it/)).toBeVisible();
    expect(sent.at(-1)?.ifMatch).toBe('"4"');
  });

  it('is read-only for a viewer', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'assets', level: 'read' }] }) });
    serveCampaign(fresh());
    renderApp(PAGE);
    const table = await itemsTable();
    expect(within(table).queryByRole('button', { name: /^Verify / })).toBeNull();
    expect(within(table).queryByRole('button', { name: /^Flag / })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Asset tag or serial' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Complete the campaign' })).toBeNull();
    expect(screen.getByText(/You can view this campaign but not check assets/)).toBeVisible();
    expect(within(table).getByText('UltraSharp U2723QE 003').closest('tr')).toHaveAttribute('data-asset-id', MONITOR_ID);
  });
});
