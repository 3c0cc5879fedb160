/**
 * Which optional columns the asset list shows: a choice of this browser, kept in localStorage (not a secret, not
 * shared: a bookmarked link carries the filters, each person keeps their own columns).
 *
 * What is stored is the difference from the defaults, so that a column added later shows or hides as its default says.
 */
import { useCallback, useState } from 'react';

/** The optional columns, in table order (the name is always shown). */
export const ASSET_COLUMNS = [
  'asset_tag',
  'serial',
  'status',
  'model',
  'location',
  'holder',
  'warranty_end',
  'purchase_date',
  'tags',
  'created_at',
] as const;
export type AssetColumn = (typeof ASSET_COLUMNS)[number];

/** Shown until the user hides them; the others until the user shows them. */
export const DEFAULT_ASSET_COLUMNS: readonly AssetColumn[] = [
  'asset_tag',
  'serial',
  'status',
  'model',
  'location',
  'holder',
  'warranty_end',
  'tags',
];

export const ASSET_COLUMNS_STORAGE_KEY = 'opsdeck.assets.columns';

interface StoredChoice {
  hidden: AssetColumn[];
  shown: AssetColumn[];
}

function columnsIn(value: unknown): AssetColumn[] {
  return Array.isArray(value) ? ASSET_COLUMNS.filter((column) => value.includes(column)) : [];
}

/** The visible columns: the defaults, less what the user hid, plus what the user showed. */
export function readVisibleColumns(): AssetColumn[] {
  let choice: StoredChoice = { hidden: [], shown: [] };
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(ASSET_COLUMNS_STORAGE_KEY) ?? '{}');
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      choice = { hidden: columnsIn(record.hidden), shown: columnsIn(record.shown) };
    }
  } catch {
    // Unreadable or refused storage: the defaults.
  }
  return ASSET_COLUMNS.filter((column) =>
    DEFAULT_ASSET_COLUMNS.includes(column) ? !choice.hidden.includes(column) : choice.shown.includes(column),
  );
}

function writeVisibleColumns(visible: readonly AssetColumn[]): void {
  const choice: StoredChoice = {
    hidden: DEFAULT_ASSET_COLUMNS.filter((column) => !visible.includes(column)),
    shown: visible.filter((column) => !DEFAULT_ASSET_COLUMNS.includes(column)),
  };
  try {
    if (choice.hidden.length === 0 && choice.shown.length === 0) window.localStorage.removeItem(ASSET_COLUMNS_STORAGE_KEY);
    else window.localStorage.setItem(ASSET_COLUMNS_STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // Storage refused (private mode, quota): the choice holds for this page only.
  }
}

export function useAssetColumns() {
  const [visible, setVisibleColumns] = useState<AssetColumn[]>(readVisibleColumns);
  const isVisible = useCallback((column: AssetColumn) => visible.includes(column), [visible]);
  const setVisible = useCallback((column: AssetColumn, show: boolean) => {
    setVisibleColumns((previous) => {
      const next = ASSET_COLUMNS.filter((candidate) => (candidate === column ? show : previous.includes(candidate)));
      writeVisibleColumns(next);
      return next;
    });
  }, []);
  const reset = useCallback(() => {
    writeVisibleColumns(DEFAULT_ASSET_COLUMNS);
    setVisibleColumns([...DEFAULT_ASSET_COLUMNS]);
  }, []);
  return { visible, isVisible, setVisible, reset };
}
