import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { meFixture, problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { CRITICAL, FINANCE, LEGACY, tagFixture, tagListFixture } from './dataFixtures';
import type { Tag } from './tagsApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/administration/tags';

interface Served {
  lists: URLSearchParams[];
  created: unknown[];
  patched: { id: string; ifMatch: string | null; contentType: string | null; body: unknown }[];
  archived: string[];
  restored: string[];
}

function serveTags(initial: Tag[] = [CRITICAL, FINANCE, LEGACY]) {
  const served: Served = { lists: [], created: [], patched: [], archived: [], restored: [] };
  let tags = initial;
  const update = (id: string, change: Partial<Tag>) => {
    tags = tags.map((tag) => (tag.id === id ? { ...tag, ...change, version: tag.version + 1 } : tag));
    return tags.find((tag) => tag.id === id)!;
  };
  server.use(
    http.get(apiUrl('/tags'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      served.lists.push(query);
      const q = query.get('q')?.toLowerCase() ?? '';
      const shown = tags.filter(
        (tag) => (query.get('include_archived') === 'true' || tag.archived_at === null) && tag.name.toLowerCase().includes(q),
      );
      return HttpResponse.json(tagListFixture(shown));
    }),
    http.post(apiUrl('/tags'), async ({ request }) => {
      const body = (await request.json()) as Partial<Tag>;
      served.created.push(body);
      const created = tagFixture({ id: '0193a2b4-0000-7000-8000-0000000a7aff', uses: 0, version: 1, description: '', ...body });
      tags = [...tags, created];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.patch(apiUrl('/tags/:id'), async ({ request, params }) => {
      const body = (await request.json()) as Partial<Tag>;
      served.patched.push({
        id: String(params.id),
        ifMatch: request.headers.get('If-Match'),
        contentType: request.headers.get('Content-Type'),
        body,
      });
      return HttpResponse.json(update(String(params.id), body));
    }),
    http.post(apiUrl('/tags/:id/archive'), ({ params }) => {
      served.archived.push(String(params.id));
      return HttpResponse.json(update(String(params.id), { archived_at: '2026-11-22T10:00:00Z' }));
    }),
    http.post(apiUrl('/tags/:id/restore'), ({ params }) => {
      served.restored.push(String(params.id));
      return HttpResponse.json(update(String(params.id), { archived_at: null }));
    }),
  );
  return served;
}

async function table() {
  return screen.findByRole('table', { name: 'Tags' });
}

async function openMenu(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(await screen.findByRole('button', { name: `Actions for ${name}` }));
}

describe('TagsPage', () => {
  it('is linked from the Administration page, next to custom fields', async () => {
    serveSession();
    renderApp('/administration');
    expect(await screen.findByRole('link', { name: 'Tags' })).toHaveAttribute('href', PAGE);
    expect(screen.getByRole('link', { name: 'Custom fields' })).toHaveAttribute('href', '/administration/custom-fields');
  });

  it('lists the tags with their colour, uses and status, and keeps the filters in the address', async () => {
    serveSession();
    const served = serveTags();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    const tags = await table();
    expect(Object.fromEntries(served.lists[0]!)).toEqual({ sort: 'name', limit: '50' });
    expect(within(tags).getAllByRole('row')).toHaveLength(3);
    const critical = within(tags).getByText('Critical').closest('tr')!;
    expect(within(critical).getByText('Needed to keep the grid running.')).toBeVisible();
    expect(within(critical).getByText('12 records')).toBeVisible();
    expect(within(critical).getByText('Active')).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('2 of 2 tags');

    await user.click(screen.getByRole('switch', { name: 'Show archived tags' }));
    const legacy = (await within(tags).findByText('Legacy')).closest('tr')!;
    expect(within(legacy).getByText('Archived')).toBeVisible();
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'leg{Enter}');
    await waitFor(() => {
      expect(served.lists.at(-1)?.get('q')).toBe('leg');
    });
    expect(router.state.location.search).toEqual({ q: 'leg', include_archived: true });
    await waitFor(() => {
      expect(within(tags).queryByText('Critical')).toBeNull();
    });
  });

  it('creates a tag with a colour from the palette', async () => {
    serveSession();
    const served = serveTags();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await user.click(screen.getByRole('button', { name: 'New tag' }));
    const form = await screen.findByRole('form', { name: 'New tag' });
    expect(within(form).getByRole('button', { name: 'Grey' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(within(form).getByRole('button', { name: 'Create the tag' }));
    expect(await within(form).findByText('This field is required.')).toBeVisible();
    expect(served.created).toHaveLength(0);

    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), ' Substation ');
    await user.click(within(form).getByRole('button', { name: 'Teal' }));
    expect(within(form).getByRole('button', { name: 'Teal' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(form).getByTestId('tag-preview')).toHaveTextContent('Substation');
    await user.type(within(form).getByRole('textbox', { name: 'Description' }), 'Grid sites');
    await user.click(within(form).getByRole('button', { name: 'Create the tag' }));

    await waitFor(() => {
      expect(served.created).toEqual([{ name: 'Substation', colour: 'teal', description: 'Grid sites' }]);
    });
    expect(await screen.findByText('Tag Substation created.')).toBeVisible();
    const tags = await table();
    expect(await within(tags).findByText('Substation')).toBeVisible();
  });

  it('puts the server’s refusal on the name', async () => {
    serveSession();
    serveTags();
    server.use(
      http.post(apiUrl('/tags'), () =>
        problemResponse(
          problemFixture({
            status: 409,
            title: 'Conflict',
            errors: [{ field: 'name', code: 'taken', message: 'a tag with this name already exists' }],
          }),
        ),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await user.click(screen.getByRole('button', { name: 'New tag' }));
    const form = await screen.findByRole('form', { name: 'New tag' });
    const name = within(form).getByRole('textbox', { name: /^Name/ });
    await user.type(name, 'critical');
    await user.click(within(form).getByRole('button', { name: 'Create the tag' }));
    expect(await within(form).findByText('a tag with this name already exists')).toBeVisible();
    expect(name).toHaveAttribute('aria-invalid', 'true');
  });

  it('edits a tag with a merge patch of what changed and the If-Match of its version', async () => {
    serveSession();
    const served = serveTags();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await openMenu(user, 'Critical');
    await user.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const form = await screen.findByRole('form', { name: 'Edit Critical' });
    expect(within(form).getByRole('button', { name: 'Red' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(form).getByRole('button', { name: 'Orange' }));
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => {
      expect(served.patched).toEqual([
        { id: CRITICAL.id, ifMatch: '"3"', contentType: 'application/merge-patch+json', body: { colour: 'orange' } },
      ]);
    });
    expect(await screen.findByText('Tag Critical saved.')).toBeVisible();
  });

  it('archives a tag after confirmation and restores an archived one', async () => {
    serveSession();
    const served = serveTags();
    const user = userEvent.setup({ delay: null });
    renderApp(`${PAGE}?include_archived=true`);
    await table();
    await openMenu(user, 'Critical');
    await user.click(await screen.findByRole('menuitem', { name: 'Archive' }));
    const dialog = await screen.findByRole('dialog', { name: 'Archive Critical?' });
    expect(within(dialog).getByText(/The 12 records that carry it keep it/)).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    await waitFor(() => {
      expect(served.archived).toEqual([CRITICAL.id]);
    });
    expect(await screen.findByText('Tag Critical archived.')).toBeVisible();

    await openMenu(user, 'Legacy');
    await user.click(await screen.findByRole('menuitem', { name: 'Restore' }));
    await waitFor(() => {
      expect(served.restored).toEqual([LEGACY.id]);
    });
    expect(await screen.findByText('Tag Legacy restored.')).toBeVisible();
  });

  it('offers no changes to a reader', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    serveTags();
    renderApp(PAGE);
    const tags = await table();
    expect(within(tags).getByText('Critical')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'New tag' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Actions for Critical' })).toBeNull();
  });
});
