import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { meFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { serveSession } from '../../test/session';
import { bob, CONTROL_51_ID, controlFixture, GROUP_5_ID, isoTree, ISO_ID, serveControl } from './complianceFixtures';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

const PAGE = `/compliance/controls/${CONTROL_51_ID}`;
const group5 = isoTree()[0]!;

describe('ControlDetailPage', () => {
  it('shows the control in its framework: breadcrumb, description, guidance and the publisher’s attributes', async () => {
    serveSession();
    serveControl(
      { control: controlFixture({ attributes: { ig: ['1', '2', '3'], control_type: ['preventive'], zone: ['OT'] } }) },
      group5,
    );
    renderApp(PAGE);
    expect(await screen.findByRole('heading', { level: 1, name: '5.1 Policies for information security' })).toBeVisible();
    const breadcrumb = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(within(breadcrumb).getByRole('link', { name: 'Frameworks' })).toHaveAttribute('href', '/compliance');
    expect(within(breadcrumb).getByRole('link', { name: 'ISO/IEC 27001:2022 Annex A' })).toHaveAttribute(
      'href',
      `/compliance/frameworks/${ISO_ID}`,
    );
    expect(await within(breadcrumb).findByRole('link', { name: '5 Organizational controls' })).toHaveAttribute(
      'href',
      `/compliance/controls/${GROUP_5_ID}`,
    );
    expect(screen.getByText(/Define, approve, publish and review/)).toBeVisible();
    expect(screen.getByText('The approved policy set and the records of its last review.')).toBeVisible();
    for (const badge of ['IG1', 'IG2', 'IG3', 'Preventive', 'OT']) expect(screen.getByText(badge)).toBeVisible();
    expect(screen.getByText('Implementation groups')).toBeVisible();
    expect(screen.getByText('Control type')).toBeVisible();
    // Built-in content is the publisher's.
    expect(screen.getByText(/its reference, title, description and guidance are read-only/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Edit content' })).not.toBeInTheDocument();
  });

  it('saves the Statement of Applicability as a merge patch with If-Match, and shows the server’s refusal on the justification', async () => {
    serveSession();
    const state = { control: controlFixture() };
    const sent = serveControl(state, group5);
    const user = userEvent.setup({ delay: null });
    renderApp(`${PAGE}?tab=soa`);
    const form = await screen.findByRole('form', { name: 'Statement of Applicability' });
    const justification = within(form).getByRole('textbox', { name: /^Justification/ });
    const save = within(form).getByRole('button', { name: 'Save changes' });
    expect(within(form).getByRole('radio', { name: 'Applicable' })).toBeChecked();
    await waitFor(() => {
      expect(within(form).getByRole('combobox', { name: 'Owner' })).toHaveValue('Ann Lee (ann.lee@acme-energy.example)');
    });

    // Excluding needs a reason: nothing is sent without one.
    await user.click(within(form).getByRole('radio', { name: 'Not applicable' }));
    await user.click(save);
    expect(await within(form).findByText('Say why this control does not apply.')).toBeVisible();
    expect(sent).toHaveLength(0);

    // The server finds the reason too short (422 on the field).
    await user.type(justification, 'n/a');
    await user.click(save);
    expect(await within(form).findByText('must explain why the control is excluded (at least 10 characters)')).toBeVisible();
    expect(justification).toHaveAttribute('aria-invalid', 'true');
    expect(sent).toEqual([
      { method: 'PATCH', path: 'control', ifMatch: '"3"', body: { applicability: 'not_applicable', justification: 'n/a' } },
    ]);

    await user.clear(justification);
    await user.type(justification, 'Policies are set by the parent company.');
    await user.click(within(form).getByRole('combobox', { name: 'Owner' }));
    await user.click(await screen.findByRole('option', { name: /Bob Martin/ }));
    await user.click(save);
    expect(await screen.findByText('Statement of Applicability of 5.1 saved.')).toBeVisible();
    expect(sent.at(-1)).toEqual({
      method: 'PATCH',
      path: 'control',
      ifMatch: '"3"',
      body: { applicability: 'not_applicable', justification: 'Policies are set by the parent company.', owner_user_id: bob.id },
    });
    await waitFor(() => {
      expect(screen.getByText('Owned by Bob Martin')).toBeVisible();
    });

    // The next change starts from the saved version.
    await user.click(within(form).getByRole('radio', { name: 'Applicable' }));
    await user.click(save);
    await waitFor(() => {
      expect(sent.at(-1)).toEqual({ method: 'PATCH', path: 'control', ifMatch: '"4"', body: { applicability: 'applicable' } });
    });
  });

  it('says when someone saved meanwhile (412) and reloads their version', async () => {
    serveSession();
    const state = { control: controlFixture() };
    const sent = serveControl(state, group5);
    const user = userEvent.setup({ delay: null });
    renderApp(`${PAGE}?tab=soa`);
    const form = await screen.findByRole('form', { name: 'Statement of Applicability' });
    state.control = { ...state.control, justification: 'Required by the ISMS scope.', version: 7 };
    await user.type(within(form).getByRole('textbox', { name: /^Justification/ }), 'Mine');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    const message = await screen.findByText(/Someone changed this control after you opened it/);
    expect(sent.at(-1)?.ifMatch).toBe('"3"');
    expect(within(form).getByRole('button', { name: 'Save changes' })).toBeDisabled();
    await user.click(within(message.closest<HTMLElement>('[role="alert"]')!).getByRole('button', { name: /Reload/ }));
    await waitFor(() => {
      expect(within(form).getByRole('textbox', { name: /^Justification/ })).toHaveValue('Required by the ISMS scope.');
    });
    expect(within(form).getByRole('button', { name: 'Save changes' })).toBeEnabled();
  });

  it('lets a writer change the content of an editable control', async () => {
    serveSession();
    const state = { control: controlFixture({ editable: true, framework_name: 'Internal security policy' }) };
    const sent = serveControl(state, group5);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await screen.findByRole('heading', { level: 1, name: '5.1 Policies for information security' });
    expect(screen.queryByText(/read-only/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Edit content' }));
    const form = await screen.findByRole('form', { name: 'Edit 5.1 Policies for information security' });
    const title = within(form).getByRole('textbox', { name: /^Title/ });
    await user.clear(title);
    await user.type(title, 'Security policies');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('5.1 Security policies saved.')).toBeVisible();
    expect(sent).toEqual([{ method: 'PATCH', path: 'control', ifMatch: '"3"', body: { title: 'Security policies' } }]);
  });

  it('shows a reader the Statement of Applicability without any way to change it', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'compliance', level: 'read' }] }) });
    serveControl({
      control: controlFixture({ applicability: 'not_applicable', justification: 'Handled by the parent company.', editable: true }),
    });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await screen.findByRole('heading', { level: 1, name: '5.1 Policies for information security' });
    expect(screen.getByText('You can view this control but not change it.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Edit content' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Statement of Applicability' }));
    expect(await screen.findByText('Handled by the parent company.')).toBeVisible();
    expect(screen.queryByRole('form', { name: 'Statement of Applicability' })).not.toBeInTheDocument();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save changes' })).not.toBeInTheDocument();
  });
});
