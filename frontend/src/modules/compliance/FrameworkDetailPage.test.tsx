import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { meFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { serveSession } from '../../test/session';
import {
  CONTROL_51_ID,
  CONTROL_81_ID,
  frameworkFixture,
  frameworkStatusFixture,
  GROUP_8_ID,
  ISO_ID,
  isoTree,
  POLICY_ID,
  policyFramework,
  serveFramework,
} from './complianceFixtures';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

const PAGE = `/compliance/frameworks/${ISO_ID}`;

/** The list item of a row of the tree, by its link's name. */
function item(tree: HTMLElement, name: string): HTMLElement {
  return within(tree).getByRole('link', { name }).closest('li')!;
}

describe('FrameworkDetailPage', () => {
  it('reads every page of the controls and renders them nested, each group opening and closing', async () => {
    serveSession();
    const sent = serveFramework({ framework: frameworkFixture(), controls: isoTree(), pageSize: 4 });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    expect(await screen.findByRole('heading', { level: 1, name: 'ISO/IEC 27001:2022 Annex A' })).toBeVisible();
    const tree = await screen.findByRole('list', { name: 'Controls' });
    expect(await within(tree).findByRole('link', { name: '8.1.a Endpoint inventory' })).toBeVisible();
    const pages = sent.filter((request) => request.path === 'controls').map((request) => request.query?.toString());
    expect(pages).toEqual(['sort=position&limit=1000', 'sort=position&limit=1000&cursor=4']);

    const group5 = item(tree, '5 Organizational controls');
    const group8 = item(tree, '8 Technological controls');
    expect(within(group5).getByRole('link', { name: '5.1 Policies for information security' })).toHaveAttribute(
      'href',
      `/compliance/controls/${CONTROL_51_ID}`,
    );
    expect(within(group5).getByRole('link', { name: '5.2 Information security roles and responsibilities' })).toBeVisible();
    expect(within(group5).queryByRole('link', { name: /^8/ })).not.toBeInTheDocument();
    const control81 = item(tree, '8.1 User endpoint devices');
    expect(group8).toContainElement(control81);
    expect(within(control81).getByRole('link', { name: '8.1.a Endpoint inventory' })).toBeVisible();

    // Each row: compliance status (which says the applicability too) and owner; a requirement its applicability.
    const control51 = item(tree, '5.1 Policies for information security');
    expect(await within(control51).findByText('Compliant')).toBeVisible();
    expect(within(item(tree, '8.1.a Endpoint inventory')).getByText('Applicable')).toBeVisible();
    expect(within(control51).getByText('Ann Lee')).toBeVisible();
    expect(within(item(tree, '5.2 Information security roles and responsibilities')).getByText('Not applicable')).toBeVisible();
    expect(screen.getByText('3 controls')).toBeVisible();

    const toggle = within(group8).getByRole('button', { name: 'Collapse 8 Technological controls' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(toggle);
    expect(within(tree).queryByRole('link', { name: '8.1 User endpoint devices' })).not.toBeInTheDocument();
    expect(within(group8).getByRole('button', { name: 'Expand 8 Technological controls' })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    expect(within(tree).getByRole('link', { name: '5.1 Policies for information security' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(within(tree).getByRole('link', { name: '8.1.a Endpoint inventory' })).toBeVisible();
  });

  it('searches the tree in the browser, keeping the ancestors of what matches, and filters on applicability', async () => {
    serveSession();
    const sent = serveFramework({ framework: frameworkFixture(), controls: isoTree() });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    const tree = await screen.findByRole('list', { name: 'Controls' });
    await within(tree).findByRole('link', { name: '8.1.a Endpoint inventory' });

    await user.type(screen.getByRole('searchbox', { name: 'Search the controls' }), 'inventory');
    await waitFor(() => {
      expect(within(tree).queryByRole('link', { name: '5 Organizational controls' })).not.toBeInTheDocument();
    });
    const group8 = item(tree, '8 Technological controls');
    const control81 = item(tree, '8.1 User endpoint devices');
    expect(group8).toContainElement(control81);
    expect(within(control81).getByRole('link', { name: '8.1.a Endpoint inventory' })).toBeVisible();
    expect(within(tree).queryByRole('link', { name: /^5\.1/ })).not.toBeInTheDocument();
    expect(screen.getByText('1 of 3 controls match')).toBeVisible();
    expect(router.state.location.search).toEqual({ q: 'inventory' });

    await user.clear(screen.getByRole('searchbox', { name: 'Search the controls' }));
    await user.click(screen.getByRole('radio', { name: 'Not applicable' }));
    await waitFor(() => {
      expect(within(tree).queryByRole('link', { name: '8 Technological controls' })).not.toBeInTheDocument();
    });
    expect(within(item(tree, '5 Organizational controls')).getByRole('link', { name: /^5\.2/ })).toBeVisible();
    expect(within(tree).queryByRole('link', { name: /^5\.1/ })).not.toBeInTheDocument();
    expect(router.state.location.search).toEqual({ applicability: 'not_applicable' });
    // The filters are the browser's: the tree was read once.
    expect(sent.filter((request) => request.path === 'controls')).toHaveLength(1);
  });

  it('summarises the compliance from one status request and filters the tree on a status kept in the address', async () => {
    serveSession();
    const sent = serveFramework({ framework: frameworkFixture(), controls: isoTree() });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    const summary = await screen.findByRole('region', { name: 'Compliance status' });
    await waitFor(() => {
      expect(within(summary).getByText('50%')).toBeVisible();
    });
    expect(within(summary).getByText('Compliant and manual controls out of 2 applicable controls.')).toBeVisible();
    const counts = within(summary).getByLabelText('Controls by status');
    const count = (status: string) => counts.querySelector(`[data-stat="${status}"]`)?.textContent;
    expect(
      ['compliant', 'manual', 'warning', 'non_compliant', 'uncovered', 'not_applicable'].map((status) => count(status)),
    ).toEqual(['1', '0', '0', '1', '0', '1']);

    const tree = await screen.findByRole('list', { name: 'Controls' });
    const control81 = item(tree, '8.1 User endpoint devices');
    expect(await within(control81).findByText('Non-compliant')).toBeVisible();

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Non-compliant' }));
    await waitFor(() => {
      expect(within(tree).queryByRole('link', { name: '5 Organizational controls' })).not.toBeInTheDocument();
    });
    expect(within(item(tree, '8 Technological controls')).getByRole('link', { name: '8.1 User endpoint devices' })).toHaveAttribute(
      'href',
      `/compliance/controls/${CONTROL_81_ID}`,
    );
    expect(screen.getByText('1 of 3 controls match')).toBeVisible();
    expect(router.state.location.search).toEqual({ status: 'non_compliant' });
    expect(sent.filter((request) => request.path === 'status')).toHaveLength(1);
  });

  it('opens with the status filter of the address, and says when no framework control applies', async () => {
    serveSession();
    serveFramework(
      { framework: frameworkFixture(), controls: isoTree() },
      frameworkStatusFixture({
        score: null,
        applicable: 0,
        counts: { compliant: 0, warning: 0, non_compliant: 0, manual: 0, uncovered: 0, not_applicable: 3 },
      }),
    );
    renderApp(`${PAGE}?status=manual`);
    const summary = await screen.findByRole('region', { name: 'Compliance status' });
    expect(await within(summary).findByText('No score: no control of this framework applies.')).toBeVisible();
    expect(await screen.findByText('No control matches')).toBeVisible();
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('Manual');
  });

  it('turns a built-in framework off with If-Match, says its content is read-only and offers no new control', async () => {
    serveSession();
    const state = { framework: frameworkFixture(), controls: isoTree() };
    const sent = serveFramework(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await screen.findByRole('heading', { level: 1, name: 'ISO/IEC 27001:2022 Annex A' });
    expect(screen.getByText('Content from the publisher')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Add control' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();

    const active = screen.getByRole('switch', { name: /^Active/ });
    expect(active).toBeChecked();
    await user.click(active);
    expect(await screen.findByText('Framework ISO/IEC 27001:2022 Annex A is now inactive.')).toBeVisible();
    expect(sent.filter((request) => request.method === 'PATCH')).toEqual([
      { method: 'PATCH', path: 'framework', body: { active: false }, ifMatch: '"3"' },
    ]);
    await waitFor(() => {
      expect(screen.getByRole('switch', { name: /^Active/ })).not.toBeChecked();
    });

    // Meanwhile someone else turned it back on: the next change is refused and says so.
    state.framework = { ...state.framework, active: true, version: 9 };
    await user.click(screen.getByRole('switch', { name: /^Active/ }));
    const alert = (await screen.findByText(/Someone changed this framework/)).closest<HTMLElement>('[role="alert"]')!;
    expect(sent.filter((request) => request.method === 'PATCH').at(-1)?.ifMatch).toBe('"4"');
    // Reloading shows the framework as it is now.
    await user.click(within(alert).getByRole('button', { name: /Reload/ }));
    await waitFor(() => {
      expect(screen.queryByText(/Someone changed this framework/)).not.toBeInTheDocument();
    });
    expect(screen.getByRole('switch', { name: /^Active/ })).toBeChecked();
  });

  it('adds a control under a group of a custom framework', async () => {
    serveSession();
    const controls = isoTree().map((control) => ({ ...control, framework_id: POLICY_ID, editable: true }));
    const sent = serveFramework({ framework: policyFramework, controls });
    const user = userEvent.setup({ delay: null });
    renderApp(`/compliance/frameworks/${POLICY_ID}`);
    const tree = await screen.findByRole('list', { name: 'Controls' });
    await within(tree).findByRole('link', { name: '8.1 User endpoint devices' });
    expect(screen.queryByText('Content from the publisher')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add control' }));
    const form = await screen.findByRole('form', { name: 'Add a control' });
    await user.click(within(form).getByRole('combobox', { name: 'Parent' }));
    await user.click(await screen.findByRole('option', { name: /8 Technological controls/ }));
    await user.type(within(form).getByRole('textbox', { name: /^Reference/ }), '8.2');
    await user.type(within(form).getByRole('textbox', { name: /^Title/ }), 'Privileged access rights');
    await user.type(within(form).getByRole('textbox', { name: 'Description' }), 'Restrict and manage privileged access.');
    await user.click(within(form).getByRole('button', { name: 'Add the control' }));
    expect(await screen.findByText('8.2 Privileged access rights added.')).toBeVisible();
    expect(sent.filter((request) => request.method === 'POST').map((request) => request.body)).toEqual([
      {
        parent_id: GROUP_8_ID,
        ref: '8.2',
        title: 'Privileged access rights',
        kind: 'control',
        description: 'Restrict and manage privileged access.',
      },
    ]);
    const group8 = await waitFor(() => item(tree, '8 Technological controls'));
    expect(await within(group8).findByRole('link', { name: '8.2 Privileged access rights' })).toBeVisible();
  });

  it('shows a reader the tree and no way to change the framework', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'compliance', level: 'read' }] }) });
    serveFramework({ framework: policyFramework, controls: isoTree() });
    renderApp(`/compliance/frameworks/${POLICY_ID}`);
    const tree = await screen.findByRole('list', { name: 'Controls' });
    expect(await within(tree).findByRole('link', { name: '5.1 Policies for information security' })).toBeVisible();
    expect(screen.getByText('You can view this framework but not change it. It is inactive.')).toBeVisible();
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
    for (const name of ['Add control', 'Edit', 'Archive']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
  });
});
