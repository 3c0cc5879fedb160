import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { ASSET_ID, LINKABLE_TYPES, linkFixture } from './dataFixtures';
import type { Link } from './linksApi';
import { LinksPanel } from './LinksPanel';

const BRUSSELS_ID = '0193a2b4-0000-7000-8000-0000000a10c1';
const GHENT_ID = '0193a2b4-0000-7000-8000-0000000a10c2';
const RISK_ID = '0193a2b4-0000-7000-8000-0000000a2151';

const partOf = linkFixture();
const neededBy = linkFixture({
  id: '0193a2b4-0000-7000-8000-0000000a1102',
  source_type: 'risk',
  source_id: RISK_ID,
  target_type: 'asset',
  target_id: ASSET_ID,
  relation: 'depends_on',
  note: '',
  created_by: 'Rita Risk',
  direction: 'incoming',
  other: { type: 'risk', id: RISK_ID, label: 'Grid outage', route: `/risk/${RISK_ID}`, archived: true },
});

interface Served {
  lists: URLSearchParams[];
  created: unknown[];
  deleted: string[];
  searches: URLSearchParams[];
}

function serveLinks(items: Link[] = [partOf, neededBy], create: () => Response = () => HttpResponse.json(partOf, { status: 201 })) {
  const served: Served = { lists: [], created: [], deleted: [], searches: [] };
  let current = items;
  server.use(
    http.get(apiUrl('/linkable-types'), () => HttpResponse.json({ items: LINKABLE_TYPES })),
    http.get(apiUrl('/links'), ({ request }) => {
      served.lists.push(new URL(request.url).searchParams);
      return HttpResponse.json({ items: current, total: current.length });
    }),
    http.post(apiUrl('/links'), async ({ request }) => {
      served.created.push(await request.json());
      return create();
    }),
    http.delete(apiUrl('/links/:id'), ({ params }) => {
      served.deleted.push(String(params.id));
      current = current.filter((link) => link.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
    http.get(apiUrl('/locations'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      served.searches.push(query);
      const all = [
        { id: BRUSSELS_ID, name: 'Brussels data centre' },
        { id: GHENT_ID, name: 'Ghent substation' },
      ];
      const q = query.get('q')?.toLowerCase() ?? '';
      return HttpResponse.json({ items: all.filter((location) => location.name.toLowerCase().includes(q)), next_cursor: null, total: 2 });
    }),
  );
  return served;
}

async function table() {
  return screen.findByRole('table', { name: 'Links' });
}

function rowOf(name: string): HTMLElement {
  return screen.getByText(name).closest('tr')!;
}

describe('LinksPanel', () => {
  it('lists the links in both directions, with the other record and who added them', async () => {
    const served = serveLinks();
    renderWithProviders(<LinksPanel entityType="asset" entityId={ASSET_ID} canWrite={false} />);
    const links = await table();
    expect(Object.fromEntries(served.lists[0]!)).toEqual({ type: 'asset', id: ASSET_ID });
    expect(within(links).getAllByRole('row')).toHaveLength(3);

    const outgoing = rowOf('Brussels data centre');
    expect(within(outgoing).getByRole('img', { name: 'From this record' })).toBeInTheDocument();
    expect(within(outgoing).getByText('Part of')).toBeVisible();
    await waitFor(() => {
      expect(within(outgoing).getByText('Location')).toBeVisible();
    });
    expect(within(outgoing).getByRole('link', { name: 'Brussels data centre' })).toHaveAttribute(
      'href',
      `/assets/locations/${BRUSSELS_ID}`,
    );
    expect(within(outgoing).getByText('Rack 4')).toBeVisible();
    expect(within(outgoing).getByText('Olivia Owner')).toBeVisible();
    expect(within(outgoing).queryByText('Archived')).toBeNull();

    const incoming = rowOf('Grid outage');
    expect(within(incoming).getByRole('img', { name: 'To this record' })).toBeInTheDocument();
    // What the risk is to this asset, read from this asset's side.
    expect(within(incoming).getByText('Needed by')).toBeVisible();
    expect(within(incoming).getByText('Risk')).toBeVisible();
    expect(within(incoming).getByText('Archived')).toBeVisible();
    expect(within(incoming).getByText('Rita Risk')).toBeVisible();

    // A reader can neither add nor remove.
    expect(screen.queryByRole('button', { name: 'Add link' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Remove the link/ })).toBeNull();
  });

  it('says when there is no link', async () => {
    serveLinks([]);
    renderWithProviders(<LinksPanel entityType="asset" entityId={ASSET_ID} canWrite />);
    expect(await screen.findByText('No links yet. Link this record to related records of any module.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Add link' })).toBeVisible();
  });

  it('links the record to one found by a search', async () => {
    const served = serveLinks();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<LinksPanel entityType="asset" entityId={ASSET_ID} canWrite />);
    await table();
    await user.click(screen.getByRole('button', { name: 'Add link' }));
    const form = await screen.findByRole('form', { name: 'Add a link' });

    await user.click(within(form).getByRole('combobox', { name: /^Record type/ }));
    await user.click(await screen.findByRole('option', { name: 'Location' }));
    const target = within(form).getByRole('combobox', { name: /^Record(?! type)/ });
    await user.click(target);
    expect(await screen.findByRole('option', { name: 'Brussels data centre' })).toBeVisible();
    await user.type(target, 'ghent');
    await waitFor(() => {
      expect(screen.queryByRole('option', { name: 'Brussels data centre' })).toBeNull();
    });
    await user.click(screen.getByRole('option', { name: 'Ghent substation' }));
    expect(served.searches.at(-1)?.get('q')).toBe('ghent');
    expect(target).toHaveValue('Ghent substation');

    await user.click(within(form).getByRole('combobox', { name: /^Relation/ }));
    await user.click(await screen.findByRole('option', { name: 'Depends on' }));
    await user.type(within(form).getByRole('textbox', { name: 'Note' }), 'Feeds the rack');
    await user.click(within(form).getByRole('button', { name: 'Add the link' }));

    await waitFor(() => {
      expect(served.created).toEqual([
        {
          source_type: 'asset',
          source_id: ASSET_ID,
          target_type: 'location',
          target_id: GHENT_ID,
          relation: 'depends_on',
          note: 'Feeds the rack',
        },
      ]);
    });
    await waitFor(() => {
      expect(screen.queryByRole('form', { name: 'Add a link' })).toBeNull();
    });
    // Both ends' lists are read again.
    await waitFor(() => {
      expect(served.lists.length).toBeGreaterThan(1);
    });
  });

  it('links to a record of a type without search by its id, and shows the server’s refusal', async () => {
    const served = serveLinks([partOf], () =>
      problemResponse(
        problemFixture({ status: 409, title: 'Conflict', detail: 'These records are already linked this way.' }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<LinksPanel entityType="asset" entityId={ASSET_ID} canWrite />);
    await table();
    await user.click(screen.getByRole('button', { name: 'Add link' }));
    const form = await screen.findByRole('form', { name: 'Add a link' });
    await user.click(within(form).getByRole('combobox', { name: /^Record type/ }));
    await user.click(await screen.findByRole('option', { name: 'Risk' }));
    const id = within(form).getByRole('textbox', { name: /^Record id/ });
    await user.type(id, 'not-an-id');
    await user.click(within(form).getByRole('button', { name: 'Add the link' }));
    expect(await within(form).findByText('Enter a record identifier (UUID).')).toBeVisible();
    expect(served.created).toHaveLength(0);

    await user.clear(id);
    await user.type(id, RISK_ID.toUpperCase());
    await user.click(within(form).getByRole('button', { name: 'Add the link' }));
    expect(await within(form).findByText('These records are already linked this way.')).toBeVisible();
    expect(served.created).toEqual([
      { source_type: 'asset', source_id: ASSET_ID, target_type: 'risk', target_id: RISK_ID, relation: 'related_to' },
    ]);
  });

  it('removes a link after confirmation', async () => {
    const served = serveLinks();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<LinksPanel entityType="asset" entityId={ASSET_ID} canWrite />);
    await table();
    await user.click(screen.getByRole('button', { name: 'Remove the link to Grid outage' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove this link?' });
    expect(within(dialog).getByText('The link to Grid outage is removed; both records stay as they are.')).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => {
      expect(served.deleted).toEqual([neededBy.id]);
    });
    await waitFor(() => {
      expect(screen.queryByText('Grid outage')).toBeNull();
    });
    expect(screen.getByText('Brussels data centre')).toBeVisible();
  });
});
