import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { apiUrl, server } from '../../test/server';
import { CRITICAL, FINANCE, LEGACY, tagListFixture } from './dataFixtures';
import { TagBadges } from './TagBadges';
import { TagPicker } from './TagPicker';

function serveDictionary() {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/tags'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      return HttpResponse.json(tagListFixture([CRITICAL, FINANCE, LEGACY]));
    }),
  );
  return seen;
}

function Harness({ initial, onChange }: { initial: string[]; onChange: (ids: string[]) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <TagPicker
      value={value}
      onChange={(ids) => {
        setValue(ids);
        onChange(ids);
      }}
    />
  );
}

describe('TagPicker', () => {
  it('offers the active tags and reports the chosen ids', async () => {
    const seen = serveDictionary();
    const onChange = vi.fn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<Harness initial={[]} onChange={onChange} />);
    const input = await screen.findByRole('combobox', { name: 'Tags' });
    await waitFor(() => {
      expect(seen).toHaveLength(1);
    });
    expect(Object.fromEntries(seen[0]!)).toEqual({ include_archived: 'true', sort: 'name', limit: '200' });

    await user.click(input);
    const listbox = await screen.findByRole('listbox');
    expect(within(listbox).getByRole('option', { name: 'Critical' })).toBeVisible();
    expect(within(listbox).getByRole('option', { name: 'Finance' })).toBeVisible();
    // Archived tags are not offered.
    expect(within(listbox).queryByRole('option', { name: /Legacy/ })).toBeNull();

    await user.click(within(listbox).getByRole('option', { name: 'Finance' }));
    expect(onChange).toHaveBeenLastCalledWith([FINANCE.id]);
    await user.click(input);
    await user.click(await screen.findByRole('option', { name: 'Critical' }));
    expect(onChange).toHaveBeenLastCalledWith([FINANCE.id, CRITICAL.id]);
  });

  it('searches by name', async () => {
    serveDictionary();
    const onChange = vi.fn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<Harness initial={[]} onChange={onChange} />);
    const input = await screen.findByRole('combobox', { name: 'Tags' });
    await user.click(input);
    await screen.findByRole('option', { name: 'Critical' });
    await user.type(input, 'fin');
    await waitFor(() => {
      expect(screen.queryByRole('option', { name: 'Critical' })).toBeNull();
    });
    await user.click(screen.getByRole('option', { name: 'Finance' }));
    expect(onChange).toHaveBeenLastCalledWith([FINANCE.id]);
  });

  it('keeps showing a chosen tag that was archived since, until it is removed', async () => {
    serveDictionary();
    const onChange = vi.fn();
    renderWithProviders(<Harness initial={[LEGACY.id, CRITICAL.id]} onChange={onChange} />);
    expect(await screen.findByText('Legacy (archived)')).toBeVisible();
    expect(screen.getByText('Critical')).toBeVisible();
  });
});

describe('TagBadges', () => {
  it('shows each tag by name', async () => {
    const { container } = renderWithProviders(<TagBadges tags={[CRITICAL, FINANCE]} />);
    expect(await screen.findByText('Critical')).toBeVisible();
    expect(screen.getByText('Finance')).toBeVisible();
    expect(container.querySelectorAll('[data-tag-id]')).toHaveLength(2);
  });

  it('shows nothing without tags', async () => {
    const { container } = renderWithProviders(
      <div data-testid="holder">
        <TagBadges tags={[]} />
      </div>,
    );
    expect(await screen.findByTestId('holder')).toBeEmptyDOMElement();
    expect(container.querySelector('[data-tag-id]')).toBeNull();
  });
});
