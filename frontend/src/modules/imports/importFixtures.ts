/** Imports and their reports as the API answers them, for the tests of the import wizard and the export menu. */
import type { Import, ImportColumns, ImportReport, ImportRowError } from './importsApi';

export const DRY_RUN_ID = '0193a2b4-0000-7000-8000-00000000e001';
export const APPLY_ID = '0193a2b4-0000-7000-8000-00000000e002';

export function importColumnsFixture(overrides: Partial<ImportColumns> = {}): ImportColumns {
  return {
    entity: 'asset',
    columns: [
      { name: 'asset_tag', required: true, help: 'The asset’s unique tag; rows are matched on it.' },
      { name: 'name', required: true, help: 'What the asset is called.' },
      { name: 'status', required: false, help: 'in_stock, in_use, in_repair, awaiting_disposal, disposed or sold.' },
      { name: 'cf_cost centre', required: false, help: 'Custom field "Cost centre", text.' },
    ],
    ...overrides,
  };
}

export function reportFixture(overrides: Partial<ImportReport> = {}): ImportReport {
  return {
    dry_run: true,
    applied: false,
    rows: 12,
    created: 3,
    updated: 2,
    unchanged: 7,
    error_count: 0,
    errors: [],
    columns: ['asset_tag', 'name', 'status'],
    ...overrides,
  };
}

/** `count` problems, every third one on the status column, the others on name, one about a whole row. */
export function rowErrorsFixture(count: number): ImportRowError[] {
  return Array.from({ length: count }, (_, index) => {
    const line = index + 2;
    if (index === 0) return { line, column: '', message: 'the row has 4 cells, the header 3' };
    return index % 3 === 0
      ? { line, column: 'status', message: `unknown status "broken-${String(line)}"` }
      : { line, column: 'name', message: `line ${String(line)}: name is required` };
  });
}

export function importFixture(overrides: Partial<Import> = {}): Import {
  return {
    id: DRY_RUN_ID,
    entity: 'asset',
    format: 'csv',
    file_name: 'assets.csv',
    size: 2048,
    dry_run: true,
    state: 'done',
    job_id: 77,
    report: reportFixture(),
    created_at: '2026-11-22T10:00:00Z',
    finished_at: '2026-11-22T10:00:02Z',
    ...overrides,
  };
}
