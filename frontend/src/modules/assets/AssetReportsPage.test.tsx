import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../test/render';
import { apiUrl, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { completedJobFixture } from '../jobs/jobFixtures';
import { ann, assetFixture, assetListFixture, AWS_ID, BRUSSELS_ID, serveReferenceData } from './assetFixtures';
import { addDays, today } from './assetFormat';
import type { AssetTree, DepreciationReport } from './assetReportsApi';
import { dashboardFixture, serveList } from './inventoryFixtures';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 45_000 });

describe('AssetDashboardPage', () => {
  it('shows the fleet’s figures, CAPEX against current value, and its charts with their data', async () => {
    serveSession();
    server.use(http.get(apiUrl('/assets/dashboard'), () => HttpResponse.json(dashboardFixture())));
    renderApp('/assets/dashboard');
    const fleet = await screen.findByRole('region', { name: 'Fleet' }, { timeout: 15_000 });
    expect(fleet).toHaveTextContent('248');
    expect(screen.getByRole('region', { name: 'In repair' })).toHaveTextContent('9');
    expect(screen.getByRole('region', { name: 'Disposed in the last 12 months' })).toHaveTextContent('27');
    expect(screen.getByRole('region', { name: 'Average age' })).toHaveTextContent('26.4 months');
    expect(screen.getByRole('region', { name: 'Breakdown rate' })).toHaveTextContent('7.3');

    const capex = screen.getByRole('table', { name: 'CAPEX and current value' });
    const eur = within(capex).getByRole('rowheader', { name: 'EUR' }).closest('tr')!;
    expect(eur).toHaveTextContent('€412,000.00');
    expect(eur).toHaveTextContent('€198,500.50');
    expect(eur).toHaveTextContent('48%');

    // Each chart is a figure named by its caption, with its figures as a table for screen readers.
    const statusMix = screen.getByRole('figure', { name: 'Status mix' });
    const statusTable = within(statusMix).getByRole('table', { name: 'Status mix' });
    expect(within(statusTable).getByRole('rowheader', { name: 'In use' }).closest('tr')).toHaveTextContent('180');
    const cliff = screen.getByRole('figure', { name: 'Warranties ending per month (next 12 months)' });
    expect(within(within(cliff).getByRole('table')).getAllByRole('row')).toHaveLength(3);
    expect(within(screen.getByRole('figure', { name: 'Brand mix' })).getByRole('table')).toHaveTextContent('Dell150');

    const repairs = screen.getByRole('table', { name: 'Models repaired most' });
    expect(within(repairs).getByRole('link', { name: 'Latitude 7450' })).toHaveAttribute(
      'href',
      expect.stringContaining('model_id='),
    );
    expect(within(repairs).getByRole('rowheader', { name: 'Latitude 7450' }).closest('tr')).toHaveTextContent('0.23');
  });
});

describe('AssetReportsPage', () => {
  it('lists the warranties ending in the next 90 days by default, soonest first', async () => {
    serveSession();
    serveReferenceData();
    const seen = serveList('/assets', () => assetListFixture([assetFixture({ warranty_end: addDays(today(), 10) })]));
    renderApp('/assets/reports');
    const table = await screen.findByRole(
      'table',
      { name: 'Assets whose warranty ends in the period' },
      { timeout: 15_000 },
    );
    expect(within(table).getByRole('link', { name: 'LT-0042 Ann’s laptop' })).toBeVisible();
    const query = seen[0]!;
    expect(query.get('warranty_from')).toBe(today());
    expect(query.get('warranty_to')).toBe(addDays(today(), 90));
    expect(query.get('sort')).toBe('warranty_end');
  });

  it('groups the fleet, each group linking to the assets list filtered to it', async () => {
    serveSession();
    const trees: Record<string, AssetTree> = {
      location: {
        by: 'location',
        groups: [
          { key: BRUSSELS_ID, label: 'Brussels HQ', count: 42, filter: `location_id=${BRUSSELS_ID}` },
          { key: AWS_ID, label: 'AWS eu-west-1', count: 3, filter: `location_id=${AWS_ID}` },
          { key: '', label: 'No location', count: 2, filter: 'no_location=true' },
        ],
      },
      holder: {
        by: 'holder',
        groups: [{ key: ann.user_id, label: 'Ann Lee', count: 2, filter: `holder_id=${ann.user_id}` }],
      },
    };
    const seen = serveList('/assets/tree', (query) => trees[query.get('by') ?? 'location'] ?? { by: 'remote', groups: [] });
    const user = userEvent.setup({ delay: null });
    renderApp('/assets/reports?tab=tree');
    const groups = await screen.findByRole('list', { name: 'Assets by Location' }, { timeout: 15_000 });
    expect(within(groups).getByRole('link', { name: 'Brussels HQ' })).toHaveAttribute(
      'href',
      `/assets?location_id=${BRUSSELS_ID}`,
    );
    expect(within(groups).getByRole('link', { name: 'No location' })).toHaveAttribute('href', '/assets?no_location=true');
    expect(within(groups).getByText('42 assets')).toBeVisible();
    expect(within(groups).getByText('47')).toBeVisible();
    expect(seen[0]?.get('by')).toBe('location');

    await user.click(screen.getByRole('radio', { name: 'Holder' }));
    const holders = await screen.findByRole('list', { name: 'Assets by Holder' });
    expect(within(holders).getByRole('link', { name: 'Ann Lee' })).toHaveAttribute('href', `/assets?holder_id=${ann.user_id}`);
    expect(seen.at(-1)?.get('by')).toBe('holder');
  });

  it('values the fleet with the chosen method, life and date, by location and currency with totals', async () => {
    serveSession();
    const report: DepreciationReport = {
      method: 'double_declining',
      life_years: 5,
      as_of: '2026-12-31',
      rows: [
        {
          location_id: BRUSSELS_ID,
          location_name: 'Brussels HQ',
          currency: 'EUR',
          assets: 40,
          cost: '52000.00',
          accumulated: '31200.00',
          book_value: '20800.00',
        },
      ],
      totals: [
        {
          location_id: null,
          location_name: '',
          currency: 'EUR',
          assets: 40,
          cost: '52000.00',
          accumulated: '31200.00',
          book_value: '20800.00',
        },
      ],
    };
    const seen = serveList('/assets/depreciation', () => report);
    renderApp('/assets/reports?tab=depreciation&method=double_declining&life_years=5&as_of=2026-12-31');
    const table = await screen.findByRole('table', { name: 'Depreciation by location and currency' }, { timeout: 15_000 });
    expect(within(table).getByRole('rowheader', { name: 'Brussels HQ' }).closest('tr')).toHaveTextContent('€20,800.00');
    expect(within(table).getByRole('rowheader', { name: 'Total EUR' }).closest('tr')).toHaveTextContent('€31,200.00');
    expect(Object.fromEntries(seen[0]!)).toEqual({ method: 'double_declining', life_years: '5', as_of: '2026-12-31' });
  });
});

describe('Equipment report', () => {
  it('queues a person’s equipment PDF from the assets list filtered by holder, and follows the job', async () => {
    serveSession();
    serveReferenceData();
    serveList('/assets', () => assetListFixture([assetFixture({ holder_id: ann.user_id, holder_name: 'Ann Lee' })]));
    const started: string[] = [];
    server.use(
      http.post(apiUrl('/people/:id/equipment-report'), ({ params }) => {
        started.push(String(params.id));
        return HttpResponse.json({ job_id: 41 }, { status: 202 });
      }),
      http.get(apiUrl('/jobs/:id'), () => HttpResponse.json(completedJobFixture({ kind: 'assets.equipment_report' }))),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(`/assets?holder_id=${ann.user_id}`);
    await user.click(await screen.findByRole('button', { name: 'Equipment report (PDF)' }, { timeout: 15_000 }));
    const progress = await screen.findByRole('region', { name: 'Equipment report' });
    expect(await within(progress).findByRole('button', { name: 'Download the result' })).toBeVisible();
    expect(started).toEqual([ann.user_id]);
    await waitFor(() => {
      expect(within(progress).getByText('Completed.')).toBeVisible();
    });
  });
});
