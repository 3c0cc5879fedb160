import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { auditEventFixture, auditEventListFixture, meFixture, memberFixture, problemFixture } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { apiUrl, problemResponse, server } from '../../../test/server';
import { serveSession } from '../../../test/session';
import type { Member } from './accessApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const carol = memberFixture({
  user_id: '0193a2b4-0000-7000-8000-00000000b010',
  name: 'Carol Ng',
  email: 'carol.ng@acme-energy.example',
  department: 'IT',
  job_title: 'Head of IT',
});
const bob = memberFixture({
  user_id: '0193a2b4-0000-7000-8000-00000000b002',
  name: 'Bob Martin',
  email: 'bob.martin@acme-energy.example',
});
const ann = memberFixture({
  manager_id: carol.user_id,
  groups: [{ id: '0193a2b4-0000-7000-8000-00000000d001', name: 'Network team' }],
});
const PAGE = `/administration/members/${ann.user_id}`;

interface SeenPatch {
  contentType: string | null;
  ifMatch: string | null;
  body: unknown;
}

/** Serves the members (each by id, with its ETag) and the search of the pickers; records searches. */
function serveMembers(members: Member[] = [ann, bob, carol]) {
  const searches: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/members/:userId'), ({ params }) => {
      const member = members.find((candidate) => candidate.user_id === params.userId);
      return member
        ? HttpResponse.json(member, { headers: { ETag: `"${String(member.version)}"` } })
        : problemResponse(problemFixture({ status: 404, title: 'Not found', detail: 'No such member.' }));
    }),
    http.get(apiUrl('/members'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      searches.push(query);
      const q = (query.get('q') ?? '').toLowerCase();
      const items = members.filter((member) => member.name.toLowerCase().includes(q));
      return HttpResponse.json({ items, next_cursor: null, total: items.length });
    }),
  );
  return searches;
}

function onPatch(answer: (body: Record<string, unknown>) => Response) {
  const seen: SeenPatch[] = [];
  server.use(
    http.patch(apiUrl('/members/:userId'), async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      seen.push({ contentType: request.headers.get('Content-Type'), ifMatch: request.headers.get('If-Match'), body });
      return answer(body);
    }),
  );
  return seen;
}

async function openForm() {
  const user = userEvent.setup({ delay: null });
  const rendered = renderApp(PAGE);
  expect(await screen.findByRole('heading', { level: 1, name: 'Ann Lee' })).toBeVisible();
  const form = await screen.findByRole('form', { name: 'Organisation details' });
  await waitFor(() => {
    expect(within(form).getByRole('combobox', { name: /^Manager/ })).toHaveValue('Carol Ng (carol.ng@acme-energy.example)');
  });
  return { user, form, ...rendered };
}

describe('MemberDetailPage', () => {
  it('shows the member’s details, access, account and history', async () => {
    serveMembers();
    const history: URLSearchParams[] = [];
    server.use(
      http.get(apiUrl('/audit-events'), ({ request }) => {
        history.push(new URL(request.url).searchParams);
        return HttpResponse.json(
          auditEventListFixture([
            auditEventFixture({ entity_type: 'membership', entity_id: ann.membership_id, changes: { department: ['', 'IT operations'] } }),
          ]),
        );
      }),
    );
    const { form } = await openForm();
    expect(screen.getByText('ann.lee@acme-energy.example')).toBeVisible();
    expect(within(form).getByRole('textbox', { name: 'Department' })).toHaveValue('IT operations');
    expect(within(form).getByRole('textbox', { name: 'Job title' })).toHaveValue('Network engineer');
    expect(within(form).getByRole('switch', { name: /Hide from the organisation chart/ })).not.toBeChecked();

    const access = screen.getByRole('region', { name: 'Access' });
    expect(within(access).getByText('Editor')).toBeVisible();
    expect(within(access).getByText('Network team')).toBeVisible();
    const account = screen.getByRole('region', { name: 'Account' });
    expect(within(account).getByText('Active')).toBeVisible();
    expect(within(account).getByText('On')).toBeVisible();

    const list = await screen.findByRole('list', { name: 'History of Ann Lee' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(history[0]?.get('entity_type')).toBe('membership');
    expect(history[0]?.get('entity_id')).toBe(ann.membership_id);
    expect(screen.getByRole('link', { name: 'All members' })).toHaveAttribute('href', '/administration/members');
  });

  it('saves only what changed, as a merge patch with the ETag, choosing the buddy among members', async () => {
    const searches = serveMembers();
    const seen = onPatch((body) =>
      HttpResponse.json({ ...ann, ...body, version: 5 }, { headers: { ETag: '"5"' } }),
    );
    const { user, form } = await openForm();

    const department = within(form).getByRole('textbox', { name: 'Department' });
    await user.clear(department);
    await user.type(department, 'OT security');
    const buddy = within(form).getByRole('combobox', { name: /^Buddy/ });
    await user.click(buddy);
    await user.type(buddy, 'bob');
    // The server searches, among active members.
    await waitFor(() => {
      expect(searches.some((query) => query.get('q') === 'bob' && query.get('status') === 'active')).toBe(true);
    });
    await waitFor(() => {
      expect(screen.getAllByRole('option')).toHaveLength(1);
    });
    await user.click(screen.getByRole('option', { name: 'Bob Martin (bob.martin@acme-energy.example)' }));
    await user.click(within(form).getByRole('switch', { name: /Hide from the organisation chart/ }));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Details of Ann Lee saved.')).toBeVisible();
    expect(seen).toEqual([
      {
        contentType: 'application/merge-patch+json',
        ifMatch: '"4"',
        body: { department: 'OT security', buddy_id: bob.user_id, hide_from_org_chart: true },
      },
    ]);
  });

  it('sends null when the manager is cleared, and never offers the member as their own manager', async () => {
    serveMembers();
    const seen = onPatch((body) => HttpResponse.json({ ...ann, ...body, version: 5 }, { headers: { ETag: '"5"' } }));
    const { user, form } = await openForm();
    const manager = within(form).getByRole('combobox', { name: /^Manager/ });
    await user.click(manager);
    const listbox = await screen.findByRole('listbox');
    await waitFor(() => {
      expect(within(listbox).getByRole('option', { name: /Bob Martin/ })).toBeInTheDocument();
    });
    expect(within(listbox).queryByRole('option', { name: /Ann Lee/ })).toBeNull();
    await user.keyboard('{Escape}');
    await user.click(within(form).getByRole('button', { name: 'Clear Manager' }));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Details of Ann Lee saved.');
    expect(seen.map((patch) => patch.body)).toEqual([{ manager_id: null }]);
  });

  it('puts the server’s refusal on the manager field', async () => {
    serveMembers();
    onPatch(() =>
      problemResponse(
        problemFixture({
          status: 422,
          title: 'Unprocessable entity',
          errors: [{ field: 'manager_id', code: 'cycle', message: 'would make a loop in the manager chain' }],
        }),
      ),
    );
    const { user, form } = await openForm();
    await user.type(within(form).getByRole('textbox', { name: 'Job title' }), ' II');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText('would make a loop in the manager chain')).toBeVisible();
    expect(within(form).getByRole('combobox', { name: /^Manager/ })).toHaveAttribute('aria-invalid', 'true');
  });

  it('on 412 says that someone else changed the member and reloads the latest version', async () => {
    const members = [ann, bob, carol];
    serveMembers(members);
    onPatch(() => problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'stale' })));
    const { user, form } = await openForm();
    await user.type(within(form).getByRole('textbox', { name: 'Job title' }), ' II');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    const alert = (await screen.findByText('Someone else changed this member')).closest<HTMLElement>('[role="alert"]');
    expect(alert).not.toBeNull();
    expect(within(form).getByRole('button', { name: 'Save changes' })).toBeDisabled();

    members[0] = { ...ann, job_title: 'Network architect', version: 6 };
    await user.click(within(alert!).getByRole('button', { name: 'Reload the latest version' }));
    await waitFor(() => {
      expect(screen.getByRole('textbox', { name: 'Job title' })).toHaveValue('Network architect');
    });
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeEnabled();
  });

  it('offers the administrator the member actions, with the ETag for the roles', async () => {
    serveMembers();
    const seen: (string | null)[] = [];
    server.use(
      http.put(apiUrl('/members/:userId/roles'), ({ request }) => {
        seen.push(request.headers.get('If-Match'));
        return HttpResponse.json(ann, { headers: { ETag: '"5"' } });
      }),
      http.get(apiUrl('/roles'), () => HttpResponse.json({ items: [], next_cursor: null, total: 0 })),
    );
    const { user } = await openForm();
    const actions = screen.getByRole('region', { name: 'Actions' });
    for (const name of ['Set roles', 'Suspend', 'Reset two-step verification', 'Archive']) {
      expect(within(actions).getByRole('button', { name })).toBeVisible();
    }
    expect(within(actions).queryByRole('button', { name: 'Restore' })).toBeNull();
    await user.click(within(actions).getByRole('button', { name: 'Set roles' }));
    const form = await screen.findByRole('form', { name: 'Roles of Ann Lee' });
    await user.click(within(form).getByRole('button', { name: 'Save roles' }));
    await screen.findByText('Roles of Ann Lee saved.');
    expect(seen).toEqual(['"4"']);
  });

  it('lets a reader see the member but change nothing', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    serveMembers();
    const seen = onPatch(() => HttpResponse.json(ann));
    const { form } = await openForm();
    expect(within(form).getByTestId('read-only-notice')).toHaveTextContent('Changing them needs the Edit level');
    expect(within(form).getByRole('textbox', { name: 'Department' })).toBeDisabled();
    expect(within(form).getByRole('combobox', { name: /^Manager/ })).toBeDisabled();
    expect(within(form).queryByRole('button', { name: 'Save changes' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Actions' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Suspend' })).toBeNull();
    expect(seen).toHaveLength(0);
  });

  it('lets an editor change the details but not act on the membership', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'write' }] }) });
    serveMembers();
    const { form } = await openForm();
    expect(within(form).getByRole('textbox', { name: 'Department' })).toBeEnabled();
    expect(within(form).getByRole('button', { name: 'Save changes' })).toBeVisible();
    expect(within(form).queryByTestId('read-only-notice')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Actions' })).toBeNull();
  });

  it('explains a member that does not exist', async () => {
    serveMembers([]);
    renderApp(PAGE);
    expect(await screen.findByText('This could not be loaded')).toBeVisible();
    expect(screen.getByText('No such member.')).toBeVisible();
  });
});
