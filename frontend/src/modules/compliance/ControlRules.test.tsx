import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { meFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { serveSession } from '../../test/session';
import {
  CONTROL_51_ID,
  controlFixture,
  GROUP_5_ID,
  inventoryRule,
  isoTree,
  RULE_INVENTORY_ID,
  RULE_MAINTENANCE_ID,
  ruleFixture,
  serveControl,
  serveRules,
} from './complianceFixtures';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

const PAGE = `/compliance/controls/${CONTROL_51_ID}?tab=rules`;
const group5 = isoTree()[0]!;

function rowOf(table: HTMLElement, name: string): HTMLElement {
  return within(table).getByText(name).closest('tr')!;
}

async function rulesTable() {
  const table = await screen.findByRole('table', { name: 'Rules of this control' });
  // Target labels come from the registry, read alongside.
  await within(table).findByText('Maintenance done');
  return table;
}

describe('Control rules', () => {
  it('lists each rule with what it watches, its criteria, scope, frequency and live status', async () => {
    serveSession();
    serveControl({ control: controlFixture() }, group5);
    serveRules({ rules: [ruleFixture(), inventoryRule] });
    renderApp(PAGE);
    const table = await rulesTable();
    expect(within(table).getAllByRole('row')).toHaveLength(3);

    const maintenance = rowOf(table, 'Maintenance done');
    expect(within(maintenance).getByText('Quarterly preventive maintenance of the laptops.')).toBeVisible();
    expect(within(maintenance).getByText('Type of maintenance: preventive')).toBeVisible();
    expect(within(maintenance).getByText('Linked as evidence')).toBeVisible();
    expect(within(maintenance).getByText('Every 90 days')).toBeVisible();
    expect(within(maintenance).getByText('15 days of grace')).toBeVisible();
    expect(within(maintenance).getByText('Non-compliant').closest('[data-state]')).toHaveAttribute('data-state', 'non_compliant');
    expect(within(maintenance).getByText(/2026/, { selector: 'time[datetime="2026-06-01T08:00:00Z"]' })).toBeVisible();
    expect(within(maintenance).getByText('Aug 30, 2026')).toBeVisible();

    const inventory = rowOf(table, 'Physical inventory campaign completed');
    expect(within(inventory).getByText('Any record')).toBeVisible();
    expect(within(inventory).getByText('Any of the organisation')).toBeVisible();
    expect(within(inventory).getByText('Every 365 days')).toBeVisible();
    expect(within(inventory).getByText('No grace period')).toBeVisible();
    expect(within(inventory).getByText('Not evaluated')).toBeVisible();
    expect(within(inventory).getByText('Disabled')).toBeVisible();
    expect(within(inventory).getByText('None')).toBeVisible();
  });

  it('adds a rule whose criteria are the target’s, and puts the server’s refusal (422) on the criterion', async () => {
    serveSession();
    serveControl({ control: controlFixture() }, group5);
    const sent = serveRules({ rules: [] });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    expect(await screen.findByText(/^No rules yet/)).toBeVisible();
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Add rule' })).toBeEnabled();
    });
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    const form = await screen.findByRole('form', { name: 'Add a rule' });

    // Required: what it watches and how often.
    await user.click(within(form).getByRole('button', { name: 'Add the rule' }));
    expect(await within(form).findByText('Choose what the rule watches.')).toBeVisible();
    expect(within(form).getByText('Enter a whole number of days from 1 to 3660.')).toBeVisible();

    // The criteria fields are the target's.
    await user.click(within(form).getByRole('combobox', { name: /^Watches/ }));
    await user.click(await screen.findByRole('option', { name: 'Data erasure performed' }));
    expect(await within(form).findByRole('combobox', { name: /NIST SP 800-88 method/ })).toBeVisible();
    await user.click(within(form).getByRole('combobox', { name: /^Watches/ }));
    await user.click(await screen.findByRole('option', { name: 'Maintenance done' }));
    expect(within(form).queryByRole('combobox', { name: /NIST SP 800-88 method/ })).toBeNull();
    const criterion = within(form).getByRole('combobox', { name: /Type of maintenance/ });
    await user.click(criterion);
    await user.click(await screen.findByRole('option', { name: 'preventive' }));
    await user.click(await screen.findByRole('option', { name: 'calibration' }));

    await user.type(within(form).getByRole('textbox', { name: /^Frequency \(days\)/ }), '30');
    const grace = within(form).getByRole('textbox', { name: /^Grace period \(days\)/ });
    await user.clear(grace);
    await user.type(grace, '5');
    await user.click(within(form).getByRole('radio', { name: /^Linked as evidence/ }));
    await user.click(within(form).getByRole('button', { name: 'Add the rule' }));
    expect(await within(form).findByText('values must be among preventive, corrective, inspection')).toBeVisible();
    expect(criterion).toHaveAttribute('aria-invalid', 'true');

    await user.click(criterion);
    await user.click(await screen.findByRole('option', { name: 'calibration' }));
    await user.click(within(form).getByRole('button', { name: 'Add the rule' }));
    expect(await screen.findByText('Rule Maintenance done added.')).toBeVisible();
    const posted = sent.filter((request) => request.method === 'POST').map((request) => request.body);
    expect(posted).toEqual([
      {
        target: 'maintenance_done',
        criteria: { type: ['preventive', 'calibration'] },
        scope: 'linked',
        frequency_days: 30,
        grace_days: 5,
        enabled: true,
      },
      { target: 'maintenance_done', criteria: { type: ['preventive'] }, scope: 'linked', frequency_days: 30, grace_days: 5, enabled: true },
    ]);
    const table = await rulesTable();
    expect(within(rowOf(table, 'Maintenance done')).getByText('Every 30 days')).toBeVisible();
  });

  it('changes a rule with If-Match; when someone changed it meanwhile (412) it says so and reloads their version', async () => {
    serveSession();
    serveControl({ control: controlFixture() }, group5);
    const state = { rules: [ruleFixture()] };
    const sent = serveRules(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const table = await rulesTable();
    await user.click(within(table).getByRole('button', { name: 'Edit the rule Maintenance done' }));
    const form = await screen.findByRole('form', { name: 'Edit the rule Maintenance done' });
    expect(within(form).getByRole('combobox', { name: /^Watches/ })).toBeDisabled();
    expect(within(form).getByRole('textbox', { name: /^Frequency \(days\)/ })).toHaveValue('90');

    // Someone else saves a new version meanwhile.
    state.rules = [{ ...state.rules[0]!, frequency_days: 60, version: 3 }];
    const grace = within(form).getByRole('textbox', { name: /^Grace period \(days\)/ });
    await user.clear(grace);
    await user.type(grace, '10');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    const message = await screen.findByText(/Someone changed this rule after you opened it/);
    expect(sent.filter((request) => request.method === 'PATCH')).toEqual([
      { method: 'PATCH', path: `rules/${RULE_MAINTENANCE_ID}`, body: { grace_days: 10 }, ifMatch: '"2"' },
    ]);
    expect(within(form).getByRole('button', { name: 'Save changes' })).toBeDisabled();
    await user.click(within(message.closest<HTMLElement>('[role="alert"]')!).getByRole('button', { name: /Reload/ }));
    await waitFor(() => {
      expect(within(form).getByRole('textbox', { name: /^Frequency \(days\)/ })).toHaveValue('60');
    });

    await user.clear(grace);
    await user.type(grace, '10');
    await user.click(within(form).getByRole('switch', { name: /^Enabled/ }));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Rule Maintenance done saved.')).toBeVisible();
    expect(sent.filter((request) => request.method === 'PATCH').at(-1)).toEqual({
      method: 'PATCH',
      path: `rules/${RULE_MAINTENANCE_ID}`,
      body: { grace_days: 10, enabled: false },
      ifMatch: '"3"',
    });
    await waitFor(() => {
      expect(within(rowOf(table, 'Maintenance done')).getByText('Disabled')).toBeVisible();
    });
  });

  it('deletes a rule after confirmation; a stale version (412) says so next to the rules and reloads them', async () => {
    serveSession();
    serveControl({ control: controlFixture() }, group5);
    const state = { rules: [ruleFixture(), inventoryRule] };
    const sent = serveRules(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const table = await rulesTable();

    await user.click(within(table).getByRole('button', { name: 'Delete the rule Physical inventory campaign completed' }));
    let dialog = await screen.findByRole('dialog', { name: 'Delete this rule?' });
    expect(
      within(dialog).getByText(
        "The rule Physical inventory campaign completed stops checking 5.1. Its records and the control's evidence stay.",
      ),
    ).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Rule Physical inventory campaign completed deleted.')).toBeVisible();
    await waitFor(() => {
      expect(within(table).queryByText('Physical inventory campaign completed')).toBeNull();
    });

    // Someone changed the other rule meanwhile: the delete is refused until the rules are read again.
    state.rules = [{ ...state.rules[0]!, version: 5 }];
    await user.click(within(table).getByRole('button', { name: 'Delete the rule Maintenance done' }));
    dialog = await screen.findByRole('dialog', { name: 'Delete this rule?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    const message = await screen.findByText(/Someone changed this rule after the list was loaded/);
    await waitFor(() => {
      expect(screen.queryByRole('dialog', { name: 'Delete this rule?' })).toBeNull();
    });
    await user.click(within(message.closest<HTMLElement>('[role="alert"]')!).getByRole('button', { name: /Reload/ }));
    await waitFor(() => {
      expect(screen.queryByText(/Someone changed this rule after the list was loaded/)).toBeNull();
    });
    await user.click(within(table).getByRole('button', { name: 'Delete the rule Maintenance done' }));
    dialog = await screen.findByRole('dialog', { name: 'Delete this rule?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Rule Maintenance done deleted.')).toBeVisible();
    expect(sent.filter((request) => request.method === 'DELETE').map(({ path, ifMatch }) => ({ path, ifMatch }))).toEqual([
      { path: `rules/${RULE_INVENTORY_ID}`, ifMatch: '"1"' },
      { path: `rules/${RULE_MAINTENANCE_ID}`, ifMatch: '"2"' },
      { path: `rules/${RULE_MAINTENANCE_ID}`, ifMatch: '"5"' },
    ]);
  });

  it('shows a reader the rules without any way to change them, and a group has no rules', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'compliance', level: 'read' }] }) });
    serveControl({ control: controlFixture() }, group5);
    serveRules({ rules: [ruleFixture()] });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    const table = await rulesTable();
    expect(within(table).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add rule' })).toBeNull();

    await user.click(within(screen.getByRole('navigation', { name: 'Breadcrumb' })).getByRole('link', { name: /^5 / }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe(`/compliance/controls/${GROUP_5_ID}`);
    });
    expect(await screen.findByRole('heading', { level: 1, name: '5 Organizational controls' })).toBeVisible();
    expect(screen.getByRole('tab', { name: 'Evidence' })).toBeVisible();
    expect(screen.queryByRole('tab', { name: 'Rules' })).toBeNull();
  });
});
