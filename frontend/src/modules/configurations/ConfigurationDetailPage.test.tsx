import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../test/render';
import { serveSession } from '../../test/session';
import { configurationFixture, FIREWALL_ID, serveConfiguration, versionFixture } from './configurationFixtures';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

const PAGE = `/assets/configurations/${FIREWALL_ID}`;
const v1 = versionFixture();
const v2 = versionFixture({
  number: 2,
  parent_number: 1,
  message: 'CHG-1042: restrict admin SSH to the bastion',
  author_name: 'Ines Peeters',
  created_at: '2026-10-01T09:30:00Z',
});

describe('ConfigurationDetailPage', () => {
  it('shows the current document pretty-printed and the commits newest first', async () => {
    serveSession();
    serveConfiguration({ configuration: configurationFixture(), versions: [v2, v1] });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    expect(await screen.findByRole('heading', { level: 1, name: 'Core firewall rule set' })).toBeVisible();
    const code = screen.getByTestId('configuration-document');
    expect(code.tagName).toBe('PRE');
    expect(code.textContent).toBe(JSON.stringify(configurationFixture().document, null, 2));
    expect(screen.getByRole('heading', { name: 'Document (version 2)' })).toBeVisible();

    await user.click(screen.getByRole('tab', { name: 'Versions' }));
    const table = await screen.findByRole('table', { name: 'Versions' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-version'))).toEqual(['2', '1']);
    expect(within(rows[0]!).getByText('CHG-1042: restrict admin SSH to the bastion')).toBeVisible();
    expect(within(rows[0]!).getByText('Ines Peeters')).toBeVisible();
    expect(within(rows[0]!).getByRole('link', { name: 'Compare v1 → v2' })).toHaveAttribute(
      'href',
      `/assets/configurations/${FIREWALL_ID}?tab=compare&from=1&to=2`,
    );
    expect(within(rows[1]!).getByText('First version')).toBeVisible();
    expect(router.state.location.search).toEqual({ tab: 'versions' });
  });

  it('commits a new version from the current document, and shows a concurrent commit clearly with a reload', async () => {
    serveSession();
    const state = { configuration: configurationFixture(), versions: [v2, v1] };
    const sent = serveConfiguration(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await screen.findByRole('heading', { level: 1, name: 'Core firewall rule set' });
    await user.click(screen.getByRole('button', { name: 'Commit new version' }));
    const form = await screen.findByRole('form', { name: 'Commit a new version of Core firewall rule set' });
    const editor = within(form).getByRole('textbox', { name: /^Document \(JSON\)/ });
    expect(editor).toHaveValue(JSON.stringify(state.configuration.document, null, 2));
    expect(within(form).getByText('Your edit starts from version 2.')).toBeVisible();

    // The message is required; nothing is sent without it.
    await user.click(within(form).getByRole('button', { name: 'Commit' }));
    expect(await within(form).findByText('Enter a commit message.')).toBeVisible();
    expect(sent.filter((s) => s.path === 'commit')).toHaveLength(0);

    // Meanwhile Jan committed version 3.
    state.configuration = { ...state.configuration, current_version: 3, document: { default_action: 'allow' }, version: 4 };
    await user.clear(editor);
    await user.paste('{"default_action": "deny", "firmware": "7.4.5"}');
    await user.type(within(form).getByRole('textbox', { name: /^Commit message/ }), 'Firmware 7.4.5');
    await user.click(within(form).getByRole('button', { name: 'Commit' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Someone committed meanwhile')).toBeVisible();
    expect(within(alert).getByText(/Jan Claes committed version 3/)).toBeVisible();
    expect(sent.filter((s) => s.path === 'commit').at(-1)?.body).toEqual({
      document: { default_action: 'deny', firmware: '7.4.5' },
      message: 'Firmware 7.4.5',
      base_version: 2,
    });
    expect(within(form).getByRole('button', { name: 'Commit' })).toBeDisabled();

    // Reload: the editor shows version 3, the message stays, and the next commit starts from version 3.
    await user.click(within(alert).getByRole('button', { name: 'Reload the latest version' }));
    await waitFor(() => {
      expect(editor).toHaveValue(JSON.stringify({ default_action: 'allow' }, null, 2));
    });
    expect(within(form).getByText('Your edit starts from version 3.')).toBeVisible();
    expect(within(form).getByRole('textbox', { name: /^Commit message/ })).toHaveValue('Firmware 7.4.5');
    await user.clear(editor);
    await user.paste('{"default_action": "allow", "firmware": "7.4.5"}');
    await user.click(within(form).getByRole('button', { name: 'Commit' }));
    expect(await screen.findByText('Version 4 committed.')).toBeVisible();
    expect(sent.filter((s) => s.path === 'commit').at(-1)?.body).toMatchObject({ base_version: 3 });
  });

  it('compares two versions as a table of changes', async () => {
    serveSession();
    const sent = serveConfiguration({
      configuration: configurationFixture(),
      versions: [v2, v1],
      diff: {
        from: 1,
        to: 2,
        changes: [
          { op: 'changed', path: '/firmware', before: '7.4.3', after: '7.4.4' },
          { op: 'added', path: '/policies/0', before: null, after: { id: 1, src: 'lan' } },
          { op: 'removed', path: '/a~1b', before: true, after: null },
        ],
      },
    });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(`${PAGE}?tab=compare`);
    const table = await screen.findByRole('table', { name: 'Changes from version 1 to version 2' });
    expect(sent.filter((s) => s.path === 'diff').at(-1)?.query?.toString()).toBe('from=1&to=2');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText('Changed').closest('[data-state]')).toHaveAttribute('data-state', 'changed');
    expect(within(rows[0]!).getByText('/firmware')).toBeVisible();
    expect(within(rows[0]!).getByText('"7.4.3"')).toBeVisible();
    expect(within(rows[0]!).getByText('"7.4.4"')).toBeVisible();
    expect(within(rows[1]!).getByText('Added').closest('[data-state]')).toHaveAttribute('data-state', 'added');
    expect(within(rows[1]!).getByText('—')).toBeVisible();
    expect(within(rows[1]!).getByText('{"id":1,"src":"lan"}')).toBeVisible();
    expect(within(rows[2]!).getByText('Removed')).toBeVisible();
    expect(within(rows[2]!).getByText('/a~1b')).toBeVisible();
    expect(screen.getByText('3 changes from v1 to v2.')).toBeVisible();

    // Another pair of versions: the request follows, and the address keeps it.
    await user.click(screen.getByRole('combobox', { name: 'From version' }));
    await user.click(await screen.findByRole('option', { name: /^v2 — / }));
    await waitFor(() => {
      expect(sent.filter((s) => s.path === 'diff').at(-1)?.query?.toString()).toBe('from=2&to=2');
    });
    expect(router.state.location.search).toEqual({ tab: 'compare', from: 2, to: 2 });
  });

  it('edits the name with If-Match and shows a stale version as a conflict with a reload', async () => {
    serveSession();
    const state = { configuration: configurationFixture(), versions: [v2, v1] };
    const sent = serveConfiguration(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await screen.findByRole('heading', { level: 1, name: 'Core firewall rule set' });
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const form = await screen.findByRole('form', { name: 'Edit Core firewall rule set' });
    expect(within(form).queryByRole('textbox', { name: /^Document/ })).toBeNull();
    // Someone renamed it meanwhile.
    state.configuration = { ...state.configuration, name: 'Core firewall (HA)', version: 4 };
    const name = within(form).getByRole('textbox', { name: /^Name/ });
    await user.clear(name);
    await user.type(name, 'Perimeter firewall');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/Someone changed this configuration/)).toBeVisible();
    expect(sent.filter((s) => s.path === 'patch').at(-1)?.body).toEqual({ ifMatch: '"3"', name: 'Perimeter firewall' });
    await user.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => {
      expect(within(form).getByRole('textbox', { name: /^Name/ })).toHaveValue('Core firewall (HA)');
    });
    await user.clear(within(form).getByRole('textbox', { name: /^Name/ }));
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Perimeter firewall');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Configuration Perimeter firewall saved.')).toBeVisible();
    expect(sent.filter((s) => s.path === 'patch').at(-1)?.body).toEqual({ ifMatch: '"4"', name: 'Perimeter firewall' });
  });
});
