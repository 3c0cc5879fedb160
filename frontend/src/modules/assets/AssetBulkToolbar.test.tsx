import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { assetFixture } from './assetFixtures';
import { AssetBulkToolbar } from './AssetBulkToolbar';
import type { Asset } from './assetsApi';

function selection(size: number): ReadonlyMap<string, Asset> {
  const assets = Array.from({ length: size }, (_, index) =>
    assetFixture({ id: `0193a2b4-0000-7000-8000-${index.toString(16).padStart(12, '0')}`, name: `VM-${String(index)}` }),
  );
  return new Map(assets.map((asset) => [asset.id, asset]));
}

async function toolbar() {
  return screen.findByRole('toolbar', { name: 'Bulk actions' });
}

describe('AssetBulkToolbar', () => {
  it('acts on up to 200 assets', async () => {
    renderWithProviders(<AssetBulkToolbar selected={selection(200)} showRestore onSelect={vi.fn()} />);
    const bar = await toolbar();
    expect(bar).toHaveTextContent('200 selected');
    for (const name of ['Add tags…', 'Remove tags…', 'Archive', 'Restore']) {
      expect(within(bar).getByRole('button', { name })).toBeEnabled();
    }
    expect(within(bar).queryByText(/at most 200/)).toBeNull();
  });

  it('disables the actions above 200 and says why; the selection can still be cleared', async () => {
    const onSelect = vi.fn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<AssetBulkToolbar selected={selection(201)} showRestore={false} onSelect={onSelect} />);
    const bar = await toolbar();
    expect(bar).toHaveTextContent('201 selected');
    expect(within(bar).getByText('Select at most 200 assets to act on them together (201 selected).')).toBeVisible();
    for (const name of ['Add tags…', 'Remove tags…', 'Archive']) {
      expect(within(bar).getByRole('button', { name })).toBeDisabled();
    }
    expect(within(bar).queryByRole('button', { name: 'Restore' })).toBeNull();
    await user.click(within(bar).getByRole('button', { name: 'Clear selection' }));
    expect(onSelect).toHaveBeenCalledWith(new Map());
  });

  it('moves between its buttons with the arrow keys', async () => {
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<AssetBulkToolbar selected={selection(2)} showRestore={false} onSelect={vi.fn()} />);
    const bar = await toolbar();
    within(bar).getByRole('button', { name: 'Add tags…' }).focus();
    await user.keyboard('{ArrowRight}');
    expect(within(bar).getByRole('button', { name: 'Remove tags…' })).toHaveFocus();
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(within(bar).getByRole('button', { name: 'Export selection' })).toHaveFocus();
    await user.keyboard('{Home}');
    expect(within(bar).getByRole('button', { name: 'Add tags…' })).toHaveFocus();
  });
});
