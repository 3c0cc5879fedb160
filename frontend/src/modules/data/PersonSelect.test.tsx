import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { personFixture, servePeople } from './dataFixtures';
import { PersonSelect } from './PersonSelect';

// Any request the test does not serve fails it (test/setup.ts): the picker never reads /members.
const ANN = personFixture();
const BOB = personFixture({
  id: '0193a2b4-0000-7000-8000-00000000b002',
  name: 'Bob Martin',
  email: 'bob.martin@acme-energy.example',
});
const NAMELESS = personFixture({ id: '0193a2b4-0000-7000-8000-00000000b003', name: '', email: 'ops@acme-energy.example' });

function Harness({
  initial = null,
  required,
  onChange,
}: {
  initial?: string | null;
  required?: boolean;
  onChange: (userId: string | null) => void;
}) {
  const [value, setValue] = useState(initial);
  return (
    <PersonSelect
      label="Holder"
      value={value}
      required={required}
      onChange={(next) => {
        setValue(next);
        onChange(next);
      }}
    />
  );
}

describe('PersonSelect', () => {
  it('searches the people directory as the user types, and reports the chosen user id', async () => {
    const seen = servePeople([ANN, BOB, NAMELESS]);
    const onChange = vi.fn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<Harness onChange={onChange} />);
    const input = await screen.findByRole('combobox', { name: 'Holder' });
    expect(input).toHaveAttribute('placeholder', 'Search by name or e-mail');
    // Nothing is read before the list opens.
    expect(seen).toHaveLength(0);

    await user.click(input);
    expect(await screen.findByRole('option', { name: 'Ann Lee (ann.lee@acme-energy.example)' })).toBeVisible();
    expect(screen.getByRole('option', { name: 'ops@acme-energy.example' })).toBeVisible();
    expect(Object.fromEntries(seen[0]!)).toEqual({ sort: 'name', limit: '20' });

    await user.type(input, 'bob');
    await waitFor(() => {
      expect(screen.queryByRole('option', { name: /Ann Lee/ })).toBeNull();
    });
    expect(Object.fromEntries(seen.at(-1)!)).toEqual({ q: 'bob', sort: 'name', limit: '20' });

    await user.click(screen.getByRole('option', { name: 'Bob Martin (bob.martin@acme-energy.example)' }));
    expect(onChange).toHaveBeenLastCalledWith(BOB.id);
    await waitFor(() => {
      expect(input).toHaveValue('Bob Martin (bob.martin@acme-energy.example)');
    });
  });

  it('shows the chosen person by name, read with /people?id=, and clears the choice', async () => {
    const seen = servePeople([ANN, BOB]);
    const onChange = vi.fn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<Harness initial={BOB.id} onChange={onChange} />);
    const input = await screen.findByRole('combobox', { name: 'Holder' });
    await waitFor(() => {
      expect(input).toHaveValue('Bob Martin (bob.martin@acme-energy.example)');
    });
    expect(seen.map((query) => [...query])).toEqual([
      [
        ['id', BOB.id],
        ['limit', '1'],
      ],
    ]);

    await user.click(screen.getByRole('button', { name: 'Clear Holder' }));
    expect(onChange).toHaveBeenLastCalledWith(null);
    expect(input).toHaveValue('');
  });

  it('shows the id of someone the directory does not have, and offers no clearing when required', async () => {
    servePeople([ANN]);
    const gone = '0193a2b4-0000-7000-8000-00000000b0ff';
    renderWithProviders(<Harness initial={gone} required onChange={vi.fn()} />);
    const input = await screen.findByRole('combobox', { name: /^Holder/ });
    await waitFor(() => {
      expect(input).toHaveValue(gone);
    });
    expect(input).toBeRequired();
    expect(screen.queryByRole('button', { name: 'Clear Holder' })).toBeNull();
  });
});
