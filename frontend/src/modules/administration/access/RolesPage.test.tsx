import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { ALL_MODULES, meFixture, problemFixture, roleFixture } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { apiUrl, problemResponse, server } from '../../../test/server';
import { serveSession } from '../../../test/session';
import type { Role } from './accessApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/administration/roles';

const owner = roleFixture({
  id: '0193a2b4-0000-7000-8000-00000000c001',
  name: 'Owner',
  builtin_key: 'owner',
  permissions: ALL_MODULES.map((module) => ({ module, level: 'admin' as const })),
  member_count: 1,
  version: 3,
});
const viewer = roleFixture({ version: 7 });
const soc = roleFixture({
  id: '0193a2b4-0000-7000-8000-00000000c0aa',
  name: 'SOC analyst',
  description: 'Handles incidents.',
  builtin_key: null,
  permissions: [
    { module: 'risk', level: 'read' },
    { module: 'incidents', level: 'write' },
  ],
  member_count: 0,
  version: 2,
});

interface Seen {
  id: string;
  ifMatch: string | null;
  contentType: string | null;
  body: unknown;
}

/** Serves GET /roles from `roles` (which PATCH answers update) and records every PATCH. */
function serveRoles(roles: Role[] = [owner, soc, viewer], answer?: (id: string, body: { permissions?: Role['permissions'] }) => Response | undefined) {
  const patches: Seen[] = [];
  server.use(
    http.get(apiUrl('/roles'), () => HttpResponse.json({ items: roles, next_cursor: null, total: roles.length })),
    http.patch(apiUrl('/roles/:id'), async ({ request, params }) => {
      const id = String(params.id);
      const body = (await request.json()) as { permissions?: Role['permissions'] };
      patches.push({ id, ifMatch: request.headers.get('If-Match'), contentType: request.headers.get('Content-Type'), body });
      const custom = answer?.(id, body);
      if (custom) return custom;
      const index = roles.findIndex((role) => role.id === id);
      const saved = { ...roles[index]!, ...body, version: roles[index]!.version + 1 };
      roles[index] = saved;
      return HttpResponse.json(saved, { headers: { ETag: `"${String(saved.version)}"` } });
    }),
  );
  return patches;
}

async function matrix() {
  return screen.findByRole('table', { name: 'Permission matrix' });
}

/** The level select of a role on a module (by its label: a role query over the whole matrix is slow in jsdom). */
function cell(role: string, module: string): HTMLSelectElement {
  return screen.getByLabelText<HTMLSelectElement>(`${role}: ${module}`, { selector: 'select' });
}

describe('RolesPage', () => {
  it('is linked from the Administration page', async () => {
    renderApp('/administration');
    expect(await screen.findByRole('link', { name: 'Roles and permissions' })).toHaveAttribute('href', PAGE);
  });

  it('shows a matrix of modules by roles with each level', async () => {
    serveRoles();
    renderApp(PAGE);
    const table = await matrix();
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map((header) => within(header).queryByText(/^(Owner|SOC analyst|Viewer|Module)$/)?.textContent)).toEqual([
      'Module',
      'Owner',
      'SOC analyst',
      'Viewer',
    ]);
    expect(within(headers[2]!).getByText('Custom')).toBeVisible();
    expect(within(headers[3]!).getByText('Built-in')).toBeVisible();
    expect(within(headers[1]!).getByText('1 member')).toBeVisible();
    expect(within(table).getAllByRole('rowheader')).toHaveLength(ALL_MODULES.length);

    expect(cell('SOC analyst', 'Incidents')).toHaveValue('write');
    expect(cell('SOC analyst', 'Risk')).toHaveValue('read');
    expect(cell('SOC analyst', 'Finance')).toHaveValue('none');
    expect(cell('Viewer', 'Assets and inventory')).toHaveValue('read');
    // The Owner keeps Administer on Administration: that one cell cannot be changed.
    expect(cell('Owner', 'Administration')).toBeDisabled();
    expect(cell('Owner', 'Administration')).toHaveValue('admin');
    expect(cell('Owner', 'Finance')).toBeEnabled();
    expect(screen.queryByTestId('unsaved-changes')).toBeNull();
  });

  it('marks unsaved changes, forgets a change undone by hand, and discards them all', async () => {
    const patches = serveRoles();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await matrix();

    await user.selectOptions(cell('SOC analyst', 'Finance'), 'read');
    await user.selectOptions(cell('Viewer', 'Risk'), 'none');
    const banner = screen.getByTestId('unsaved-changes');
    expect(banner).toHaveTextContent('Unsaved changes to 2 roles');
    expect(banner).toHaveTextContent('Changed: SOC analyst, Viewer.');
    expect(cell('SOC analyst', 'Finance')).toHaveAttribute('data-changed', 'true');

    // Back to the saved level: no longer a change.
    await user.selectOptions(cell('Viewer', 'Risk'), 'read');
    expect(screen.getByTestId('unsaved-changes')).toHaveTextContent('Unsaved changes to 1 role');
    expect(cell('Viewer', 'Risk')).not.toHaveAttribute('data-changed');

    await user.click(within(screen.getByTestId('unsaved-changes')).getByRole('button', { name: 'Discard all changes' }));
    expect(screen.queryByTestId('unsaved-changes')).toBeNull();
    expect(cell('SOC analyst', 'Finance')).toHaveValue('none');
    expect(patches).toHaveLength(0);
  });

  it('saves one role with the If-Match of its version and the whole list of its levels', async () => {
    const patches = serveRoles();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await matrix();
    await user.selectOptions(cell('SOC analyst', 'Incidents'), 'admin');
    await user.selectOptions(cell('SOC analyst', 'Assets and inventory'), 'read');
    await user.selectOptions(cell('SOC analyst', 'Risk'), 'none');
    await user.selectOptions(cell('Viewer', 'Finance'), 'none');

    await user.click(screen.getByRole('button', { name: 'Save the changes to SOC analyst' }));
    expect(await screen.findByText('Role SOC analyst saved.')).toBeVisible();
    expect(patches).toEqual([
      {
        id: soc.id,
        ifMatch: '"2"',
        contentType: 'application/merge-patch+json',
        body: {
          permissions: [
            { module: 'assets', level: 'read' },
            { module: 'incidents', level: 'admin' },
          ],
        },
      },
    ]);
    // The other role keeps its unsaved change.
    await waitFor(() => {
      expect(screen.getByTestId('unsaved-changes')).toHaveTextContent('Changed: Viewer.');
    });
    expect(cell('SOC analyst', 'Incidents')).toHaveValue('admin');
    expect(cell('SOC analyst', 'Incidents')).not.toHaveAttribute('data-changed');
  });

  it('saves every changed role at once', async () => {
    const patches = serveRoles();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await matrix();
    await user.selectOptions(cell('Owner', 'Finance'), 'read');
    await user.selectOptions(cell('Viewer', 'Finance'), 'none');
    await user.click(screen.getByRole('button', { name: 'Save all changes' }));
    await waitFor(() => {
      expect(screen.queryByTestId('unsaved-changes')).toBeNull();
    });
    expect(patches.map((patch) => [patch.id, patch.ifMatch])).toEqual([
      [owner.id, '"3"'],
      [viewer.id, '"7"'],
    ]);
    const ownerLevels = (patches[0]!.body as { permissions: Role['permissions'] }).permissions;
    expect(ownerLevels.find((permission) => permission.module === 'finance')).toEqual({ module: 'finance', level: 'read' });
    expect(ownerLevels.find((permission) => permission.module === 'administration')).toEqual({
      module: 'administration',
      level: 'admin',
    });
  });

  it('shows the server’s refusal of a change and keeps it unsaved', async () => {
    serveRoles(undefined, (id) =>
      id === viewer.id
        ? problemResponse(
            problemFixture({
              status: 422,
              title: 'Unprocessable entity',
              detail: 'The Viewer template cannot grant Administer.',
              request_id: 'req-role-1',
              errors: [{ field: 'permissions[3].level', code: 'not_allowed', message: 'exceeds the template' }],
            }),
          )
        : undefined,
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await matrix();
    await user.selectOptions(cell('Viewer', 'Finance'), 'admin');
    await user.click(screen.getByRole('button', { name: 'Save the changes to Viewer' }));

    const failure = await screen.findByTestId(`save-failure-${viewer.id}`);
    expect(failure).toHaveTextContent('The changes to Viewer were not saved');
    expect(failure).toHaveTextContent('The Viewer template cannot grant Administer.');
    expect(failure).toHaveTextContent('exceeds the template');
    expect(failure).toHaveTextContent('Request ID: req-role-1');
    expect(screen.getByTestId('unsaved-changes')).toHaveTextContent('Changed: Viewer.');
    expect(cell('Viewer', 'Finance')).toHaveValue('admin');

    await user.click(screen.getByRole('button', { name: 'Discard the changes to Viewer' }));
    expect(screen.queryByTestId(`save-failure-${viewer.id}`)).toBeNull();
    expect(cell('Viewer', 'Finance')).toHaveValue('read');
  });

  it('keeps the changes on top of the latest version after a 412', async () => {
    const roles = [owner, soc, viewer];
    let conflict = true;
    const patches = serveRoles(roles, () => {
      if (!conflict) return undefined;
      conflict = false;
      // Someone else gave SOC analysts Read on Finance meanwhile.
      roles[1] = { ...soc, permissions: [...soc.permissions, { module: 'finance', level: 'read' }], version: 5 };
      return problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'stale version' }));
    });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await matrix();
    await user.selectOptions(cell('SOC analyst', 'Training'), 'read');
    await user.click(screen.getByRole('button', { name: 'Save the changes to SOC analyst' }));
    expect(await screen.findByText(/Someone else changed this role in the meantime/)).toBeVisible();
    await waitFor(() => {
      expect(cell('SOC analyst', 'Finance')).toHaveValue('read');
    });
    expect(cell('SOC analyst', 'Training')).toHaveValue('read');

    await user.click(screen.getByRole('button', { name: 'Save the changes to SOC analyst' }));
    await screen.findByText('Role SOC analyst saved.');
    expect(patches[1]?.ifMatch).toBe('"5"');
    expect((patches[1]?.body as { permissions: Role['permissions'] }).permissions.map((permission) => permission.module)).toEqual([
      'finance',
      'risk',
      'incidents',
      'training',
    ]);
  });

  it('creates a custom role from a template', async () => {
    serveRoles();
    const created: unknown[] = [];
    server.use(
      http.post(apiUrl('/roles'), async ({ request }) => {
        created.push(await request.json());
        return HttpResponse.json({ ...soc, id: '0193a2b4-0000-7000-8000-00000000c0bb', name: 'Risk owner' }, { status: 201 });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await matrix();
    await user.click(screen.getByRole('button', { name: 'New role' }));
    const form = await screen.findByRole('form', { name: 'New custom role' });
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Risk owner');
    await user.click(within(form).getByRole('combobox', { name: /^Start from/ }));
    await user.click(await screen.findByRole('option', { name: 'SOC analyst' }));
    await user.click(within(form).getByRole('button', { name: 'Create the role' }));
    expect(await screen.findByText('Role Risk owner created.')).toBeVisible();
    expect(created).toEqual([{ name: 'Risk owner', description: '', permissions: soc.permissions }]);
  });

  it('shows why the server refuses to archive a role', async () => {
    serveRoles();
    server.use(
      http.post(apiUrl('/roles/:id/archive'), () =>
        problemResponse(problemFixture({ status: 409, title: 'Conflict', detail: 'The role is still held by the group SOC.' })),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await matrix();
    await user.click(screen.getByRole('button', { name: 'Actions for SOC analyst' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Archive' }));
    const dialog = await screen.findByRole('dialog', { name: 'Archive SOC analyst?' });
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The role is still held by the group SOC.');
  });

  it('offers no archive for a built-in role', async () => {
    serveRoles();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await matrix();
    await user.click(screen.getByRole('button', { name: 'Actions for Viewer' }));
    const menu = await screen.findByRole('menu');
    expect(within(menu).getByRole('menuitem', { name: 'Rename or describe' })).toBeVisible();
    expect(within(menu).queryByRole('menuitem', { name: 'Archive' })).toBeNull();
  });

  it('asks before leaving with unsaved changes', async () => {
    serveRoles();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await matrix();
    await user.selectOptions(cell('Viewer', 'Finance'), 'none');
    void router.navigate({ to: '/administration' });
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    await user.click(within(dialog).getByRole('button', { name: 'Stay on this page' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
    expect(router.state.location.pathname).toBe(PAGE);
    expect(cell('Viewer', 'Finance')).toHaveValue('none');

    void router.navigate({ to: '/administration' });
    await user.click(within(await screen.findByRole('dialog', { name: 'Leave without saving?' })).getByRole('button', {
      name: 'Leave and discard',
    }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/administration');
    });
  });

  it('shows a reader the matrix without letting them change it', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    serveRoles();
    renderApp(PAGE);
    await matrix();
    expect(screen.getByTestId('read-only-notice')).toHaveTextContent('needs the Administer level');
    expect(cell('SOC analyst', 'Incidents')).toBeDisabled();
    expect(cell('Viewer', 'Finance')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'New role' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Actions for/ })).toBeNull();
  });
});
