import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { meFixture, memberFixture, problemFixture, roleFixture } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { apiUrl, problemResponse, server } from '../../../test/server';
import { serveSession } from '../../../test/session';
import type { InvitationResult, Member, MemberList } from './accessApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/administration/members';

const editor = roleFixture({ id: '0193a2b4-0000-7000-8000-00000000c003', name: 'Editor', builtin_key: 'editor', member_count: 1 });
const auditor = roleFixture({ id: '0193a2b4-0000-7000-8000-00000000c005', name: 'Auditor', builtin_key: 'auditor' });

const ann = memberFixture();
const bob = memberFixture({
  user_id: '0193a2b4-0000-7000-8000-00000000b002',
  name: 'Bob Martin',
  email: 'bob.martin@acme-energy.example',
  status: 'suspended',
  mfa_enabled: false,
  last_login_at: null,
  roles: [],
  groups: [{ id: '0193a2b4-0000-7000-8000-00000000d001', name: 'Network team' }],
  version: 9,
});

function list(items: Member[], overrides: Partial<MemberList> = {}): MemberList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

/** Serves GET /members and GET /roles; records the query string of every members request. */
function serveMembers(answer: (query: URLSearchParams) => MemberList | Response = () => list([ann, bob])) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/members'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      const result = answer(query);
      return result instanceof Response ? result : HttpResponse.json(result);
    }),
    http.get(apiUrl('/roles'), () =>
      HttpResponse.json({ items: [auditor, editor], next_cursor: null, total: 2 }),
    ),
  );
  return seen;
}

function last<T>(items: readonly T[]): T {
  const item = items[items.length - 1];
  if (item === undefined) throw new Error('empty list');
  return item;
}

async function table() {
  return screen.findByRole('table', { name: 'Members' });
}

function rows(element: HTMLElement) {
  return within(element).getAllByRole('row').slice(1);
}

async function openMenu(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(await screen.findByRole('button', { name: `Actions for ${name}` }));
}

describe('MembersPage', () => {
  it('is linked from the Administration page', async () => {
    renderApp('/administration');
    expect(await screen.findByRole('link', { name: 'Members' })).toHaveAttribute('href', PAGE);
  });

  it('lists members with roles, groups, status, second factor and last sign-in', async () => {
    const seen = serveMembers();
    renderApp(PAGE);
    expect(await screen.findByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
    const members = await table();
    const [first, second] = rows(members);
    expect(rows(members)).toHaveLength(2);

    expect(within(first!).getByRole('link', { name: 'Ann Lee' })).toHaveAttribute('href', `${PAGE}/${ann.user_id}`);
    expect(within(first!).getByText('ann.lee@acme-energy.example')).toBeVisible();
    expect(within(first!).getByText('Editor')).toBeVisible();
    expect(within(first!).getByText('No group')).toBeVisible();
    expect(within(first!).getByText('Active').closest('[data-status]')).toHaveAttribute('data-status', 'active');
    expect(within(first!).getByText('On').closest('[data-mfa]')).toHaveAttribute('data-mfa', 'on');
    expect(within(first!).getByText(/2026/)).toBeVisible();

    expect(within(second!).getByText('Network team')).toBeVisible();
    expect(within(second!).getByText('No role')).toBeVisible();
    expect(within(second!).getByText('Suspended')).toBeVisible();
    expect(within(second!).getByText('Off')).toBeVisible();
    expect(within(second!).getByText('Never')).toBeVisible();

    expect(screen.getByRole('status')).toHaveTextContent('2 of 2 members');
    expect(Object.fromEntries(seen[0]!)).toEqual({ sort: 'name', limit: '50' });
  });

  it('sends every filter to the server and keeps it in the address', async () => {
    const seen = serveMembers();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await table();

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'lee');
    await waitFor(() => {
      expect(last(seen).get('q')).toBe('lee');
    });

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Suspended' }));
    await waitFor(() => {
      expect(last(seen).get('status')).toBe('suspended');
    });

    await user.click(screen.getByRole('combobox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: 'Editor' }));
    await waitFor(() => {
      expect(last(seen).get('role_id')).toBe(editor.id);
    });

    await user.click(screen.getByRole('combobox', { name: 'Sort by' }));
    await user.click(await screen.findByRole('option', { name: 'Newest members first' }));
    await waitFor(() => {
      expect(last(seen).get('sort')).toBe('-created_at');
    });

    expect(Object.fromEntries(last(seen))).toEqual({
      q: 'lee',
      status: 'suspended',
      role_id: editor.id,
      sort: '-created_at',
      limit: '50',
    });
    expect(router.state.location.search).toEqual({
      q: 'lee',
      status: 'suspended',
      role_id: editor.id,
      sort: '-created_at',
    });
  });

  it('opens a shared link with its filters applied and drops what the API would refuse', async () => {
    const seen = serveMembers(() => list([bob]));
    renderApp(`${PAGE}?status=archived&role_id=${auditor.id}&q=martin&sort=-name&extra=1&limit=9999`);
    await table();
    expect(Object.fromEntries(seen[0]!)).toEqual({
      q: 'martin',
      status: 'archived',
      role_id: auditor.id,
      sort: '-name',
      limit: '50',
    });
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('martin');
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('Archived');
    await waitFor(() => {
      expect(screen.getByRole('combobox', { name: 'Role' })).toHaveValue('Auditor');
    });
  });

  it('says when the filters match nothing and clears them', async () => {
    const seen = serveMembers((query) => (query.has('status') ? list([]) : list([ann])));
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(`${PAGE}?status=archived`);
    expect(await screen.findByText('No matching members')).toBeVisible();
    await user.click(last(screen.getAllByRole('button', { name: 'Clear filters' })));
    await waitFor(() => {
      expect(router.state.location.search).toEqual({});
    });
    expect(rows(await table())).toHaveLength(1);
    expect(Object.fromEntries(last(seen))).toEqual({ sort: 'name', limit: '50' });
  });

  it('appends the next page with the cursor of the previous one', async () => {
    const seen = serveMembers((query) =>
      query.get('cursor') === 'page-2' ? list([bob], { total: 2 }) : list([ann], { next_cursor: 'page-2', total: 2 }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const members = await table();
    expect(screen.getByRole('status')).toHaveTextContent('1 of 2 members');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => {
      expect(rows(members)).toHaveLength(2);
    });
    expect(seen[1]?.get('cursor')).toBe('page-2');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('explains a failed load with the request id', async () => {
    serveMembers(() =>
      problemResponse(problemFixture({ status: 500, title: 'Internal error', detail: 'Something broke.', request_id: 'req-m-500' })),
    );
    renderApp(PAGE);
    expect(await screen.findByText('This could not be loaded')).toBeVisible();
    expect(screen.getByText('Request ID: req-m-500')).toBeVisible();
  });
});

describe('MembersPage — invitations', () => {
  async function fillInvitation(user: ReturnType<typeof userEvent.setup>) {
    await user.click(await screen.findByRole('button', { name: 'Invite someone' }));
    const form = await screen.findByRole('form', { name: 'Invite someone' });
    await user.type(within(form).getByRole('textbox', { name: /^E-mail address/ }), 'carl@acme-energy.example');
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Carl Diaz');
    await user.click(within(form).getByRole('combobox', { name: 'Roles' }));
    await user.click(await screen.findByRole('option', { name: 'Auditor' }));
    return form;
  }

  function onInvite(answer: () => Response) {
    const bodies: unknown[] = [];
    server.use(
      http.post(apiUrl('/members'), async ({ request }) => {
        bodies.push(await request.json());
        return answer();
      }),
    );
    return bodies;
  }

  const carl = memberFixture({ user_id: '0193a2b4-0000-7000-8000-00000000b003', name: 'Carl Diaz', email: 'carl@acme-energy.example' });

  it('shows the set-password link once when e-mail is not configured', async () => {
    serveMembers();
    const link = 'https://opsdeck.example/set-password?token=act_abc123';
    const result: InvitationResult = { member: carl, invitation_sent: false, set_password_url: link };
    const bodies = onInvite(() => HttpResponse.json(result, { status: 201 }));
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await fillInvitation(user);
    await user.click(within(form).getByRole('button', { name: 'Invite' }));

    const dialog = await screen.findByRole('dialog', { name: 'Invitation created' });
    expect(within(dialog).getByTestId('set-password-url')).toHaveTextContent(link);
    expect(within(dialog).getByText('The link is shown only once: copy it now.')).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Copy the link' })).toBeVisible();
    expect(within(dialog).getByText(/no invitation was sent to Carl Diaz/)).toBeVisible();
    expect(bodies).toEqual([{ email: 'carl@acme-energy.example', name: 'Carl Diaz', role_ids: [auditor.id] }]);

    await user.click(within(dialog).getByRole('button', { name: 'I have passed it on' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
    expect(screen.queryByText(link)).toBeNull();
  });

  it('says the invitation went out by e-mail', async () => {
    serveMembers();
    onInvite(() => HttpResponse.json({ member: carl, invitation_sent: true, set_password_url: null }, { status: 201 }));
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await fillInvitation(user);
    await user.click(within(form).getByRole('button', { name: 'Invite' }));
    expect(await screen.findByText('Invitation sent to Carl Diaz (carl@acme-energy.example).')).toBeVisible();
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
  });

  it('checks the address before sending and puts the server’s field errors on the fields', async () => {
    serveMembers();
    const bodies = onInvite(() =>
      problemResponse(
        problemFixture({
          status: 409,
          title: 'Conflict',
          detail: 'This person is already a member.',
          errors: [{ field: 'email', code: 'duplicate', message: 'is already a member of the organisation' }],
        }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'Invite someone' }));
    const form = await screen.findByRole('form', { name: 'Invite someone' });
    const email = within(form).getByRole('textbox', { name: /^E-mail address/ });
    await user.type(email, 'not-an-address');
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Carl');
    await user.click(within(form).getByRole('button', { name: 'Invite' }));
    expect(await within(form).findByText('Enter a valid e-mail address.')).toBeVisible();
    expect(bodies).toHaveLength(0);

    await user.clear(email);
    await user.type(email, 'ann.lee@acme-energy.example');
    await user.click(within(form).getByRole('button', { name: 'Invite' }));
    expect(await within(form).findByText('is already a member of the organisation')).toBeVisible();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(bodies).toHaveLength(1);
  });

  it('shows a refusal without field errors in the dialog', async () => {
    serveMembers();
    onInvite(() =>
      problemResponse(
        problemFixture({ status: 403, title: 'Forbidden', detail: 'You need the Administer level.', request_id: 'req-inv-1' }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await fillInvitation(user);
    await user.click(within(form).getByRole('button', { name: 'Invite' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('Forbidden');
    expect(alert).toHaveTextContent('You need the Administer level.');
    expect(alert).toHaveTextContent('Request ID: req-inv-1');
  });
});

describe('MembersPage — actions', () => {
  it('shows why an archive is refused (409) and keeps the dialog open', async () => {
    serveMembers();
    let archived = 0;
    server.use(
      http.post(apiUrl('/members/:userId/archive'), () => {
        archived += 1;
        return problemResponse(
          problemFixture({
            status: 409,
            title: 'Conflict',
            detail: 'This person still holds: 2 assets, 1 licence seat. Take these back first.',
          }),
        );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await openMenu(user, 'Ann Lee');
    await user.click(await screen.findByRole('menuitem', { name: 'Archive' }));
    const dialog = await screen.findByRole('dialog', { name: 'Archive Ann Lee?' });
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('This person still holds: 2 assets, 1 licence seat. Take these back first.');
    expect(archived).toBe(1);
    expect(screen.getByRole('dialog', { name: 'Archive Ann Lee?' })).toBeVisible();
  });

  it('suspends after confirmation and reads the list again', async () => {
    let suspended = false;
    const seen = serveMembers(() => list([suspended ? { ...ann, status: 'suspended' } : ann, bob]));
    const calls: string[] = [];
    server.use(
      http.post(apiUrl('/members/:userId/suspend'), ({ params }) => {
        calls.push(String(params.userId));
        suspended = true;
        return HttpResponse.json({ ...ann, status: 'suspended' });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const members = await table();
    await openMenu(user, 'Ann Lee');
    await user.click(await screen.findByRole('menuitem', { name: 'Suspend' }));
    const dialog = await screen.findByRole('dialog', { name: 'Suspend Ann Lee?' });
    expect(dialog).toHaveTextContent('loses every right in this organisation');
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }));

    expect(await screen.findByText('Ann Lee is suspended.')).toBeVisible();
    expect(calls).toEqual([ann.user_id]);
    await waitFor(() => {
      expect(within(rows(members)[0]!).getByText('Suspended')).toBeVisible();
    });
    expect(seen.length).toBeGreaterThan(1);
  });

  it('offers restore (not suspend) for a suspended member, and a second-factor reset only when it is on', async () => {
    serveMembers();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await openMenu(user, 'Bob Martin');
    const menu = await screen.findByRole('menu');
    expect(within(menu).getByRole('menuitem', { name: 'Restore' })).toBeVisible();
    expect(within(menu).queryByRole('menuitem', { name: 'Suspend' })).toBeNull();
    expect(within(menu).queryByRole('menuitem', { name: 'Reset two-step verification' })).toBeNull();
  });

  it('resets the second factor after confirmation', async () => {
    serveMembers();
    const calls: string[] = [];
    server.use(
      http.post(apiUrl('/members/:userId/mfa/reset'), ({ params }) => {
        calls.push(String(params.userId));
        return HttpResponse.json({ ...ann, mfa_enabled: false });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await openMenu(user, 'Ann Lee');
    await user.click(await screen.findByRole('menuitem', { name: 'Reset two-step verification' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset the two-step verification of Ann Lee?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reset' }));
    expect(await screen.findByText('Two-step verification of Ann Lee is reset.')).toBeVisible();
    expect(calls).toEqual([ann.user_id]);
  });

  it('sets the roles with the If-Match of the member’s version', async () => {
    serveMembers();
    const seen: { ifMatch: string | null; body: unknown }[] = [];
    server.use(
      http.put(apiUrl('/members/:userId/roles'), async ({ request }) => {
        seen.push({ ifMatch: request.headers.get('If-Match'), body: await request.json() });
        return HttpResponse.json({ ...ann, version: 5 }, { headers: { ETag: '"5"' } });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await openMenu(user, 'Ann Lee');
    await user.click(await screen.findByRole('menuitem', { name: 'Set roles' }));
    const form = await screen.findByRole('form', { name: 'Roles of Ann Lee' });
    await user.click(within(form).getByRole('combobox', { name: 'Roles' }));
    await user.click(await screen.findByRole('option', { name: 'Auditor' }));
    await user.click(within(form).getByRole('button', { name: 'Save roles' }));

    expect(await screen.findByText('Roles of Ann Lee saved.')).toBeVisible();
    expect(seen).toEqual([{ ifMatch: '"4"', body: { role_ids: [editor.id, auditor.id] } }]);
  });

  it('explains a 412 on the roles', async () => {
    serveMembers();
    server.use(
      http.put(apiUrl('/members/:userId/roles'), () =>
        problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'The member changed.' })),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await openMenu(user, 'Ann Lee');
    await user.click(await screen.findByRole('menuitem', { name: 'Set roles' }));
    const form = await screen.findByRole('form', { name: 'Roles of Ann Lee' });
    await user.click(within(form).getByRole('button', { name: 'Save roles' }));
    expect(await within(form).findByText(/Someone changed this member in the meantime/)).toBeVisible();
    expect(within(form).getByRole('button', { name: 'Save roles' })).toBeDisabled();
  });
});

describe('MembersPage — permissions', () => {
  it('hides invitations and member actions from a reader', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    serveMembers();
    renderApp(PAGE);
    const members = await table();
    expect(rows(members)).toHaveLength(2);
    expect(within(rows(members)[0]!).getByRole('link', { name: 'Ann Lee' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Invite someone' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Actions for/ })).toBeNull();
    expect(within(members).queryByRole('columnheader', { name: 'Actions' })).toBeNull();
  });

  it('hides them from an editor too: they need the Administer level', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'write' }] }) });
    serveMembers();
    renderApp(PAGE);
    await table();
    expect(screen.queryByRole('button', { name: 'Invite someone' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Actions for/ })).toBeNull();
  });
});
