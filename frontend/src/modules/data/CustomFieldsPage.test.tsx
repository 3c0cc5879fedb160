import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { meFixture, problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import type { CustomField } from './customFieldsApi';
import { customFieldFixture, customFieldListFixture, LINKABLE_TYPES } from './dataFixtures';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/administration/custom-fields';

const costCentre = customFieldFixture();
const tier = customFieldFixture({
  id: '0193a2b4-0000-7000-8000-0000000acf06',
  key: 'tier',
  label: 'Tier',
  type: 'select',
  options: ['Gold', 'Silver', 'Bronze', 'Iron', 'Tin'],
  default: 'Silver',
  help: '',
  required: true,
  position: 10,
  version: 2,
});
const legacyCode = customFieldFixture({
  id: '0193a2b4-0000-7000-8000-0000000acf0a',
  key: 'legacy_code',
  label: 'Legacy code',
  position: 20,
  archived_at: '2026-10-01T00:00:00Z',
});
const siteCode = customFieldFixture({
  id: '0193a2b4-0000-7000-8000-0000000acf0b',
  entity_type: 'location',
  key: 'site_code',
  label: 'Site code',
});

interface Served {
  lists: URLSearchParams[];
  created: unknown[];
  patched: { id: string; ifMatch: string | null; body: unknown }[];
  archived: string[];
  restored: string[];
}

function serveCustomFields(create: (body: Record<string, unknown>) => Response = (body) =>
  HttpResponse.json(customFieldFixture({ id: '0193a2b4-0000-7000-8000-0000000acfff', ...body }), { status: 201 })) {
  const served: Served = { lists: [], created: [], patched: [], archived: [], restored: [] };
  let fields: CustomField[] = [costCentre, tier, legacyCode, siteCode];
  const update = (id: string, change: Partial<CustomField>) => {
    fields = fields.map((field) => (field.id === id ? { ...field, ...change, version: field.version + 1 } : field));
    return fields.find((field) => field.id === id)!;
  };
  server.use(
    http.get(apiUrl('/linkable-types'), () => HttpResponse.json({ items: LINKABLE_TYPES })),
    http.get(apiUrl('/custom-fields'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      served.lists.push(query);
      const shown = fields
        .filter((field) => field.entity_type === query.get('entity_type'))
        .filter((field) => query.get('include_archived') === 'true' || field.archived_at === null)
        .sort((a, b) => a.position - b.position);
      return HttpResponse.json(customFieldListFixture(shown));
    }),
    http.post(apiUrl('/custom-fields'), async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      served.created.push(body);
      const answer = create(body);
      if (answer.status === 201) fields = [...fields, (await answer.clone().json()) as CustomField];
      return answer;
    }),
    http.patch(apiUrl('/custom-fields/:id'), async ({ request, params }) => {
      const body = (await request.json()) as Partial<CustomField>;
      served.patched.push({ id: String(params.id), ifMatch: request.headers.get('If-Match'), body });
      return HttpResponse.json(update(String(params.id), body));
    }),
    http.post(apiUrl('/custom-fields/:id/archive'), ({ params }) => {
      served.archived.push(String(params.id));
      return HttpResponse.json(update(String(params.id), { archived_at: '2026-11-22T10:00:00Z' }));
    }),
    http.post(apiUrl('/custom-fields/:id/restore'), ({ params }) => {
      served.restored.push(String(params.id));
      return HttpResponse.json(update(String(params.id), { archived_at: null }));
    }),
  );
  return served;
}

async function table(type = 'Asset') {
  return screen.findByRole('table', { name: `Custom fields of ${type}` });
}

async function choose(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, option: string) {
  await user.click(input);
  await user.click(await screen.findByRole('option', { name: option }));
}

async function openCreate(user: ReturnType<typeof userEvent.setup>) {
  await table();
  await user.click(screen.getByRole('button', { name: 'New custom field' }));
  return screen.findByRole('form', { name: 'New custom field' });
}

describe('CustomFieldsPage', () => {
  it('lists the fields of a record type in form order; the type and the archived toggle are in the address', async () => {
    serveSession();
    const served = serveCustomFields();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    const fields = await table();
    expect(Object.fromEntries(served.lists[0]!)).toEqual({ entity_type: 'asset', sort: 'position', limit: '200' });
    const rows = within(fields).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('Cost centre')).toBeVisible();
    expect(within(rows[1]!).getByText('cost_centre')).toBeVisible();
    expect(within(rows[1]!).getByText('Optional')).toBeVisible();
    expect(within(rows[2]!).getByText('Choice')).toBeVisible();
    expect(within(rows[2]!).getByText('Required')).toBeVisible();
    expect(within(rows[2]!).getByText('Gold')).toBeVisible();
    expect(within(rows[2]!).getByText('+1 more')).toBeVisible();

    // Only the types that take custom fields are offered.
    const type = screen.getByRole('combobox', { name: 'Record type' });
    await user.click(type);
    expect(await screen.findByRole('option', { name: 'Location' })).toBeVisible();
    expect(screen.queryByRole('option', { name: 'Risk' })).toBeNull();
    await user.click(screen.getByRole('option', { name: 'Location' }));
    const location = await table('Location');
    expect(within(location).getByText('Site code')).toBeVisible();

    await user.click(screen.getByRole('switch', { name: 'Show archived fields' }));
    expect(router.state.location.search).toEqual({ entity_type: 'location', include_archived: true });
    await waitFor(() => {
      expect(served.lists.at(-1)?.get('include_archived')).toBe('true');
    });
  });

  it('creates a select field with its options and default, checking the form first', async () => {
    serveSession();
    const served = serveCustomFields();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await openCreate(user);
    expect(within(form).getByRole('combobox', { name: /^Record type/ })).toHaveValue('Asset');

    await user.type(within(form).getByRole('textbox', { name: /^Key/ }), 'Criticality');
    await choose(user, within(form).getByRole('combobox', { name: /^Type/ }), 'Choice');
    await user.type(within(form).getByRole('textbox', { name: /^Label/ }), 'Criticality');
    await user.click(within(form).getByRole('button', { name: 'Create the field' }));
    expect(
      await within(form).findByText('Lowercase letters, digits and _, starting with a letter (at most 40 characters).'),
    ).toBeVisible();
    expect(within(form).getByText('A choice field needs at least one option.')).toBeVisible();
    expect(served.created).toHaveLength(0);

    const key = within(form).getByRole('textbox', { name: /^Key/ });
    await user.clear(key);
    await user.type(key, 'criticality');
    await user.type(within(form).getByRole('combobox', { name: /^Options/ }), 'High{Enter}Medium{Enter}Low{Enter}');
    await user.type(within(form).getByRole('textbox', { name: 'Help text' }), 'How bad an outage would be.');
    await user.click(within(form).getByRole('switch', { name: /^Required/ }));
    await choose(user, within(form).getByRole('combobox', { name: 'Default value' }), 'Medium');
    await user.type(within(form).getByRole('textbox', { name: 'Position' }), '5');
    await user.click(within(form).getByRole('button', { name: 'Create the field' }));

    await waitFor(() => {
      expect(served.created).toEqual([
        {
          entity_type: 'asset',
          key: 'criticality',
          type: 'select',
          label: 'Criticality',
          help: 'How bad an outage would be.',
          required: true,
          options: ['High', 'Medium', 'Low'],
          default: 'Medium',
          position: 5,
        },
      ]);
    });
    expect(await screen.findByText('Field Criticality created.')).toBeVisible();
    const fields = await table();
    expect(await within(fields).findByText('criticality')).toBeVisible();
  });

  it('creates a plain text field without options or default', async () => {
    serveSession();
    const served = serveCustomFields();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await openCreate(user);
    expect(within(form).queryByRole('combobox', { name: /^Options/ })).toBeNull();
    await user.type(within(form).getByRole('textbox', { name: /^Key/ }), 'rack');
    await user.type(within(form).getByRole('textbox', { name: /^Label/ }), 'Rack');
    await user.click(within(form).getByRole('button', { name: 'Create the field' }));
    await waitFor(() => {
      expect(served.created).toEqual([{ entity_type: 'asset', key: 'rack', type: 'text', label: 'Rack', required: false }]);
    });
  });

  it('shows the server’s 422 field errors next to the fields', async () => {
    serveSession();
    const served = serveCustomFields(() =>
      problemResponse(
        problemFixture({
          status: 422,
          title: 'Unprocessable entity',
          detail: 'The custom field is not valid.',
          errors: [
            { field: 'key', code: 'invalid', message: 'lowercase letters, digits and _, starting with a letter, at most 40' },
            { field: 'options[1]', code: 'duplicate', message: 'option High is listed twice' },
          ],
        }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await openCreate(user);
    await user.type(within(form).getByRole('textbox', { name: /^Key/ }), 'criticality');
    await choose(user, within(form).getByRole('combobox', { name: /^Type/ }), 'Multiple choice');
    await user.type(within(form).getByRole('textbox', { name: /^Label/ }), 'Criticality');
    await user.type(within(form).getByRole('combobox', { name: /^Options/ }), 'High{Enter}');
    await user.click(within(form).getByRole('button', { name: 'Create the field' }));

    expect(await within(form).findByText('lowercase letters, digits and _, starting with a letter, at most 40')).toBeVisible();
    expect(within(form).getByRole('textbox', { name: /^Key/ })).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByText('option High is listed twice')).toBeVisible();
    expect(served.created).toHaveLength(1);
    expect(screen.getByRole('form', { name: 'New custom field' })).toBeVisible();
  });

  it('edits a field without its key or type, sending what changed with If-Match', async () => {
    serveSession();
    const served = serveCustomFields();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await user.click(screen.getByRole('button', { name: 'Actions for Tier' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const form = await screen.findByRole('form', { name: 'Edit Tier' });
    expect(within(form).queryByRole('textbox', { name: /^Key/ })).toBeNull();
    expect(within(form).getByText('tier')).toBeVisible();
    expect(within(form).getByText('Record type, key and type are fixed when the field is created.')).toBeVisible();
    expect(within(form).getByRole('combobox', { name: 'Default value' })).toHaveValue('Silver');

    const label = within(form).getByRole('textbox', { name: /^Label/ });
    await user.clear(label);
    await user.type(label, 'Service tier');
    const position = within(form).getByRole('textbox', { name: 'Position' });
    await user.clear(position);
    await user.type(position, '1');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => {
      expect(served.patched).toEqual([{ id: tier.id, ifMatch: '"2"', body: { label: 'Service tier', position: 1 } }]);
    });
    expect(await screen.findByText('Field Service tier saved.')).toBeVisible();
  });

  it('archives a field after confirmation and restores an archived one', async () => {
    serveSession();
    const served = serveCustomFields();
    const user = userEvent.setup({ delay: null });
    renderApp(`${PAGE}?include_archived=true`);
    await table();
    await user.click(screen.getByRole('button', { name: 'Actions for Cost centre' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Archive' }));
    const dialog = await screen.findByRole('dialog', { name: 'Archive Cost centre?' });
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    await waitFor(() => {
      expect(served.archived).toEqual([costCentre.id]);
    });
    await user.click(await screen.findByRole('button', { name: 'Actions for Legacy code' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Restore' }));
    await waitFor(() => {
      expect(served.restored).toEqual([legacyCode.id]);
    });
    expect(await screen.findByText('Field Legacy code restored.')).toBeVisible();
  });

  it('offers no changes to a reader', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'administration', level: 'read' }] }) });
    serveCustomFields();
    renderApp(PAGE);
    const fields = await table();
    expect(within(fields).getByText('Cost centre')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'New custom field' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Actions for Cost centre' })).toBeNull();
  });
});
