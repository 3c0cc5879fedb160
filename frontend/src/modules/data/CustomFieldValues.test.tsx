import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { apiUrl, server } from '../../test/server';
import { CustomFieldValues } from './CustomFieldValues';
import { customFieldFixture, customFieldListFixture, EVERY_TYPE, personFixture, servePeople } from './dataFixtures';

const ANN = personFixture();
const retired = customFieldFixture({
  id: '0193a2b4-0000-7000-8000-0000000acf0a',
  key: 'legacy_code',
  label: 'Legacy code',
  position: 90,
  archived_at: '2026-10-01T00:00:00Z',
});
const unusedRetired = customFieldFixture({
  id: '0193a2b4-0000-7000-8000-0000000acf0b',
  key: 'old_flag',
  label: 'Old flag',
  position: 100,
  archived_at: '2026-10-01T00:00:00Z',
});

function serve() {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/custom-fields'), ({ request }) => {
      seen.push(new URL(request.url).searchParams);
      return HttpResponse.json(customFieldListFixture([...EVERY_TYPE, retired, unusedRetired]));
    }),
  );
  const people = servePeople([ANN]);
  return { seen, people };
}

function valueOf(list: HTMLElement, label: string): HTMLElement {
  const term = within(list).getByText(label, { selector: 'dt, dt *' }).closest('dt')!;
  return term.nextElementSibling as HTMLElement;
}

describe('CustomFieldValues', () => {
  it('shows each value formatted by its type, and archived fields that still hold one', async () => {
    const { seen, people } = serve();
    renderWithProviders(
      <CustomFieldValues
        entityType="asset"
        values={{
          cost_centre: 'CC-42',
          power_w: 1500,
          audited_on: '2026-11-30',
          ot: false,
          tier: 'Gold',
          zones: ['North', 'South'],
          runbook: 'https://wiki.example/rb',
          owner: ANN.id,
          legacy_code: 'L-7',
        }}
      />,
    );
    const list = await screen.findByLabelText('Custom fields');
    expect(Object.fromEntries(seen[0]!)).toEqual({
      entity_type: 'asset',
      include_archived: 'true',
      sort: 'position',
      limit: '200',
    });
    expect(valueOf(list, 'Cost centre')).toHaveTextContent('CC-42');
    expect(valueOf(list, 'Notes')).toHaveTextContent('—');
    expect(valueOf(list, 'Power (W)')).toHaveTextContent('1,500');
    expect(valueOf(list, 'Audited on')).toHaveTextContent('Nov 30, 2026');
    expect(valueOf(list, 'Operational technology')).toHaveTextContent('No');
    expect(valueOf(list, 'Tier')).toHaveTextContent('Gold');
    expect(within(valueOf(list, 'Zones')).getByText('North')).toBeVisible();
    expect(within(valueOf(list, 'Zones')).getByText('South')).toBeVisible();
    expect(within(valueOf(list, 'Runbook')).getByRole('link', { name: 'https://wiki.example/rb' })).toHaveAttribute(
      'target',
      '_blank',
    );
    expect(await within(valueOf(list, 'Owner')).findByText('Ann Lee')).toBeVisible();
    expect(people.map((query) => [...query])).toEqual([
      [
        ['id', ANN.id],
        ['limit', '1'],
      ],
    ]);
    expect(valueOf(list, 'Legacy code')).toHaveTextContent('L-7');
    expect(within(list).getByText('(archived field)')).toBeVisible();
    expect(within(list).queryByText('Old flag')).toBeNull();
  });

  it('shows the id of someone the people directory does not have', async () => {
    serve();
    const gone = '0193a2b4-0000-7000-8000-00000000b0ff';
    renderWithProviders(<CustomFieldValues entityType="asset" values={{ owner: gone }} />);
    const list = await screen.findByLabelText('Custom fields');
    expect(await within(valueOf(list, 'Owner')).findByText(gone)).toBeVisible();
  });
});
