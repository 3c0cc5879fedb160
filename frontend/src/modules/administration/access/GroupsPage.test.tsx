import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { groupFixture, meFixture, memberFixture, problemFixture, roleFixture } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { apiUrl, problemResponse, server } from '../../../test/server';
import { serveSession } from '../../../test/session';
import type { Group, GroupList } from './accessApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/administration/groups';

const ann = memberFixture();
const bob = memberFixture({ user_id: '0193a2b4-0000-7000-8000-00000000b002', name: 'Bob Martin', email: 'bob@acme-energy.example' });
const auditor = roleFixture({ id: '0193a2b4-0000-7000-8000-00000000c005', name: 'Auditor', builtin_key: 'auditor' });
const editor = roleFixture({ id: '0193a2b4-0000-7000-8000-00000000c003', name: 'Editor', builtin_key: 'editor' });

const network = groupFixture({ member_ids: [ann.user_id], roles: [{ id: editor.id, name: 'Editor' }] });
const legacy = groupFixture({
  id: '0193a2b4-0000-7000-8000-00000000d002',
  name: 'Legacy admins',
  description: '',
  archived_at: '2026-10-01T00:00:00Z',
});

function list(items: Group[]): GroupList {
  return { items, next_cursor: null, total: items.length };
}

function serveGroups(answer: (query: URLSearchParams) => GroupList = () => list([network])) {
  const seen: URLSearchParams[] = [];
  const directory: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/groups'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      return HttpResponse.json(answer(query));
    }),
    http.get(apiUrl('/members'), ({ request }) => {
      directory.push(new URL(request.url).searchParams);
      return HttpResponse.json({ items: [ann, bob], next_cursor: null, total: 2 });
    }),
    http.get(apiUrl('/roles'), () => HttpResponse.json({ items: [auditor, editor], next_cursor: null, total: 2 })),
  );
  return { seen, directory };
}

function last<T>(items: readonly T[]): T {
  const item = items[items.length - 1];
  if (item === undefined) throw new Error('empty list');
  return item;
}

async function table() {
  return screen.findByRole('table', { name: 'Groups' });
}

async function openAction(user: ReturnType<typeof userEvent.setup>, group: string, action: string) {
  await user.click(await screen.findByRole('button', { name: `Actions for ${group}` }));
  await user.click(await screen.findByRole('menuitem', { name: action }));
}

interface Seen {
  ifMatch: string | null;
  contentType: string | null;
  body: unknown;
}

function record(method: 'post' | 'put' | 'patch', path: `/${string}`, answer: () => Response) {
  const seen: Seen[] = [];
  server.use(
    http[method](apiUrl(path), async ({ request }) => {
      const text = await request.text();
      seen.push({
        ifMatch: request.headers.get('If-Match'),
        contentType: request.headers.get('Content-Type'),
        body: text ? JSON.parse(text) : undefined,
      });
      return answer();
    }),
  );
  return seen;
}

describe('GroupsPage', () => {
  it('is linked from the Administration page', async () => {
    renderApp('/administration');
    expect(await screen.findByRole('link', { name: 'Groups' })).toHaveAttribute('href', PAGE);
  });

  it('lists groups with their roles and member counts', async () => {
    const { seen } = serveGroups();
    renderApp(PAGE);
    const groups = await table();
    const row = within(groups).getAllByRole('row')[1]!;
    expect(within(row).getByText('Network team')).toBeVisible();
    expect(within(row).getByText('Runs the OT and IT networks.')).toBeVisible();
    expect(within(row).getByText('Editor')).toBeVisible();
    expect(within(row).getByText('1 member')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('1 of 1 group');
    expect(Object.fromEntries(seen[0]!)).toEqual({ sort: 'name', limit: '50' });
  });

  it('sends the search, the sort and archived groups to the server and keeps them in the address', async () => {
    const { seen } = serveGroups((query) => list(query.get('include_archived') === 'true' ? [network, legacy] : [network]));
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await table();
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'team');
    await waitFor(() => {
      expect(last(seen).get('q')).toBe('team');
    });
    await user.click(screen.getByRole('switch', { name: 'Show archived groups' }));
    await waitFor(() => {
      expect(last(seen).get('include_archived')).toBe('true');
    });
    await user.click(screen.getByRole('combobox', { name: 'Sort by' }));
    await user.click(await screen.findByRole('option', { name: 'Name (Z to A)' }));
    await waitFor(() => {
      expect(last(seen).get('sort')).toBe('-name');
    });
    expect(router.state.location.search).toEqual({ q: 'team', include_archived: true, sort: '-name' });

    // An archived group is marked and has no actions.
    const row = (await screen.findByText('Legacy admins')).closest('tr')!;
    expect(within(row).getByText('Archived')).toBeVisible();
    expect(within(row).queryByRole('button', { name: /^Actions for/ })).toBeNull();
  });

  it('says when there is no group yet', async () => {
    serveGroups(() => list([]));
    renderApp(PAGE);
    expect(await screen.findByText('No groups yet')).toBeVisible();
  });

  it('creates a group', async () => {
    serveGroups();
    const seen = record('post', '/groups', () => HttpResponse.json(groupFixture({ name: 'SOC' }), { status: 201 }));
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await user.click(screen.getByRole('button', { name: 'New group' }));
    const form = await screen.findByRole('form', { name: 'New group' });
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), '  SOC ');
    await user.type(within(form).getByRole('textbox', { name: 'Description' }), 'Security operations centre');
    await user.click(within(form).getByRole('button', { name: 'Create the group' }));
    expect(await screen.findByText('Group SOC created.')).toBeVisible();
    expect(seen.map((request) => request.body)).toEqual([{ name: 'SOC', description: 'Security operations centre' }]);
  });

  it('puts a duplicate name refused by the server on the name field', async () => {
    serveGroups();
    record('post', '/groups', () =>
      problemResponse(
        problemFixture({
          status: 409,
          title: 'Conflict',
          errors: [{ field: 'name', code: 'duplicate', message: 'a group with this name exists' }],
        }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await user.click(screen.getByRole('button', { name: 'New group' }));
    const form = await screen.findByRole('form', { name: 'New group' });
    const name = within(form).getByRole('textbox', { name: /^Name/ });
    await user.type(name, 'Network team');
    await user.click(within(form).getByRole('button', { name: 'Create the group' }));
    expect(await within(form).findByText('a group with this name exists')).toBeVisible();
    expect(name).toHaveAttribute('aria-invalid', 'true');
  });

  it('renames a group with a merge patch and the If-Match of its version', async () => {
    serveGroups();
    const seen = record('patch', '/groups/:id', () =>
      HttpResponse.json({ ...network, name: 'Network & OT', version: 3 }, { headers: { ETag: '"3"' } }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await openAction(user, 'Network team', 'Rename or describe');
    const form = await screen.findByRole('form', { name: 'Edit Network team' });
    const name = within(form).getByRole('textbox', { name: /^Name/ });
    await user.clear(name);
    await user.type(name, 'Network & OT');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Group Network & OT saved.')).toBeVisible();
    expect(seen).toEqual([{ ifMatch: '"2"', contentType: 'application/merge-patch+json', body: { name: 'Network & OT' } }]);
  });

  it('sets the members, chosen among the organisation’s members, with If-Match', async () => {
    const { directory } = serveGroups();
    const seen = record('put', '/groups/:id/members', () =>
      HttpResponse.json({ ...network, member_ids: [ann.user_id, bob.user_id], version: 3 }, { headers: { ETag: '"3"' } }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await openAction(user, 'Network team', 'Edit members');
    const form = await screen.findByRole('form', { name: 'Members of Network team' });
    await waitFor(() => {
      expect(within(form).getByText('Ann Lee (ann.lee@acme-energy.example)')).toBeVisible();
    });
    expect(within(form).getByRole('status')).toHaveTextContent('1 member chosen');
    await user.click(within(form).getByRole('combobox', { name: 'Members' }));
    await user.click(await screen.findByRole('option', { name: 'Bob Martin (bob@acme-energy.example)' }));
    expect(within(form).getByRole('status')).toHaveTextContent('2 members chosen');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Members of Network team saved.')).toBeVisible();
    expect(seen).toEqual([
      { ifMatch: '"2"', contentType: 'application/json', body: { user_ids: [ann.user_id, bob.user_id] } },
    ]);
    expect(directory[0]?.get('limit')).toBe('200');
  });

  it('sets the roles with If-Match and shows a refusal in the dialog', async () => {
    serveGroups();
    const seen = record('put', '/groups/:id/roles', () =>
      problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'The group changed.' })),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await openAction(user, 'Network team', 'Edit roles');
    const form = await screen.findByRole('form', { name: 'Roles of Network team' });
    await user.click(within(form).getByRole('combobox', { name: 'Roles' }));
    await user.click(await screen.findByRole('option', { name: 'Auditor' }));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('The group changed.');
    expect(within(form).getByText(/Someone changed this group in the meantime/)).toBeVisible();
    expect(seen).toEqual([{ ifMatch: '"2"', contentType: 'application/json', body: { role_ids: [editor.id, auditor.id] } }]);
    expect(within(form).getByRole('button', { name: 'Save changes' })).toBeDisabled();
  });

  it('archives a group after confirmation', async () => {
    serveGroups();
    const seen = record('post', '/groups/:id/archive', () => HttpResponse.json({ ...network, archived_at: '2026-11-22T10:00:00Z' }));
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await openAction(user, 'Network team', 'Archive');
    const dialog = await screen.findByRole('dialog', { name: 'Archive Network team?' });
    expect(dialog).toHaveTextContent('Its 1 member loses the roles held through Network team, at once.');
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    expect(await screen.findByText('Group Network team archived.')).toBeVisible();
    expect(seen).toHaveLength(1);
  });

  it('hides creation and actions from a reader', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    serveGroups();
    renderApp(PAGE);
    await table();
    expect(screen.getByText('Network team')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'New group' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Actions for/ })).toBeNull();
  });
});
