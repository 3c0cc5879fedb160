import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { meFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { serveSession } from '../../test/session';
import { BRUSSELS_ID } from '../assets/assetFixtures';
import { ASSET_ID } from '../data/dataFixtures';
import {
  CONTROL_51_ID,
  controlFixture,
  EVIDENCE_LOCATION_ID,
  evidenceFixture,
  expiredEvidence,
  isoTree,
  serveControl,
  serveEvidence,
} from './complianceFixtures';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

const PAGE = `/compliance/controls/${CONTROL_51_ID}?tab=evidence`;
const group5 = isoTree()[0]!;
const RISK_ID = '0193a2b4-0000-7000-8000-0000000a2151';

function rowOf(table: HTMLElement, name: string): HTMLElement {
  return within(table).getByText(name).closest('tr')!;
}

describe('Control evidence', () => {
  it('lists the evidence: type, record linking to its page, why, period and who linked it; the status sits by the title', async () => {
    serveSession();
    serveControl({ control: controlFixture() }, group5);
    serveEvidence({ items: [evidenceFixture(), expiredEvidence] });
    renderApp(PAGE);
    const table = await screen.findByRole('table', { name: 'Evidence of this control' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);

    const laptop = rowOf(table, 'LT-0042 Ann’s laptop');
    expect(within(laptop).getByRole('link', { name: 'LT-0042 Ann’s laptop' })).toHaveAttribute('href', `/assets/${ASSET_ID}`);
    await waitFor(() => {
      expect(within(laptop).getByText('Asset')).toBeVisible();
    });
    expect(within(laptop).getByText('Hardened according to the endpoint policy.')).toBeVisible();
    expect(within(laptop).getByText('From Jan 1, 2026')).toBeVisible();
    expect(within(laptop).getByText('Olivia Owner')).toBeVisible();
    expect(within(laptop).queryByText('Expired')).toBeNull();

    const brussels = rowOf(table, 'Brussels HQ');
    expect(within(brussels).getByText('Location')).toBeVisible();
    expect(within(brussels).getByText('Archived')).toBeVisible();
    expect(within(brussels).getByText('Jan 1, 2024 – Dec 31, 2024')).toBeVisible();
    expect(within(brussels).getByText('Expired')).toBeVisible();

    // The control's computed status, from its framework's status.
    expect((await screen.findByText('Compliant')).closest('[data-state]')).toHaveAttribute('data-state', 'compliant');
    expect(screen.getByText('Next evidence due Feb 1, 2027')).toBeVisible();
  });

  it('links a record found by a search, checks the period, and puts the server’s refusal (422) on the field', async () => {
    serveSession();
    serveControl({ control: controlFixture() }, group5);
    const state = { items: [evidenceFixture()] };
    const sent = serveEvidence(state);
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await screen.findByRole('table', { name: 'Evidence of this control' });
    await user.click(screen.getByRole('button', { name: 'Link evidence' }));
    const form = await screen.findByRole('form', { name: 'Link evidence' });

    // Nothing chosen: said next to the fields, nothing sent.
    await user.click(within(form).getByRole('button', { name: 'Link the evidence' }));
    expect(await within(form).findByText('Choose the type of the record.')).toBeVisible();
    expect(within(form).getByText('Say why this record is evidence for the control.')).toBeVisible();

    await user.click(within(form).getByRole('combobox', { name: /^Record type/ }));
    await user.click(await screen.findByRole('option', { name: 'Location' }));
    const record = within(form).getByRole('combobox', { name: /^Record(?! type)/ });
    await user.click(record);
    await user.click(await screen.findByRole('option', { name: 'Brussels HQ' }));
    expect(record).toHaveValue('Brussels HQ');

    const description = within(form).getByRole('textbox', { name: /^Why it is evidence/ });
    await user.type(description, 'Visited');
    await user.type(within(form).getByLabelText(/^In effect from/), '2026-12-31');
    await user.type(within(form).getByLabelText(/^In effect until/), '2026-01-01');
    await user.click(within(form).getByRole('button', { name: 'Link the evidence' }));
    expect(await within(form).findByText('The end comes before the start.')).toBeVisible();
    expect(sent.filter((request) => request.method === 'POST')).toHaveLength(0);

    await user.clear(within(form).getByLabelText(/^In effect until/));
    await user.type(within(form).getByLabelText(/^In effect until/), '2027-12-31');
    await user.click(within(form).getByRole('button', { name: 'Link the evidence' }));
    expect(await within(form).findByText('must say why the record is evidence (at least 10 characters)')).toBeVisible();
    expect(description).toHaveAttribute('aria-invalid', 'true');

    await user.clear(description);
    await user.type(description, 'Access badge log of the data room reviewed.');
    await user.click(within(form).getByRole('button', { name: 'Link the evidence' }));
    expect(await screen.findByText('Evidence linked to 5.1.')).toBeVisible();
    await waitFor(() => {
      expect(screen.queryByRole('form', { name: 'Link evidence' })).toBeNull();
    });
    expect(sent.filter((request) => request.method === 'POST').map((request) => request.body)).toEqual([
      {
        entity_type: 'location',
        entity_id: BRUSSELS_ID,
        description: 'Visited',
        effective_from: '2026-12-31',
        effective_to: '2027-12-31',
      },
      {
        entity_type: 'location',
        entity_id: BRUSSELS_ID,
        description: 'Access badge log of the data room reviewed.',
        effective_from: '2026-12-31',
        effective_to: '2027-12-31',
      },
    ]);
    const table = screen.getByRole('table', { name: 'Evidence of this control' });
    expect(await within(table).findByText('Access badge log of the data room reviewed.')).toBeVisible();
    expect(within(rowOf(table, 'Brussels HQ')).getByText('Not yet in effect')).toBeVisible();
  });

  it('links a record of a type without search by its id, and shows a duplicate (409) in the dialog', async () => {
    serveSession();
    serveControl({ control: controlFixture() }, group5);
    const sent = serveEvidence({
      items: [evidenceFixture({ entity: { type: 'risk', id: RISK_ID, label: 'Grid outage', route: `/risk/${RISK_ID}`, archived: false } })],
    });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await screen.findByRole('table', { name: 'Evidence of this control' });
    await user.click(screen.getByRole('button', { name: 'Link evidence' }));
    const form = await screen.findByRole('form', { name: 'Link evidence' });
    await user.click(within(form).getByRole('combobox', { name: /^Record type/ }));
    await user.click(await screen.findByRole('option', { name: 'Risk' }));
    const id = within(form).getByRole('textbox', { name: /^Record id/ });
    await user.type(id, 'grid outage');
    await user.type(within(form).getByRole('textbox', { name: /^Why it is evidence/ }), 'The risk treatment plan names this control.');
    await user.click(within(form).getByRole('button', { name: 'Link the evidence' }));
    expect(await within(form).findByText('Enter a record identifier (UUID).')).toBeVisible();

    await user.clear(id);
    await user.type(id, RISK_ID.toUpperCase());
    await user.click(within(form).getByRole('button', { name: 'Link the evidence' }));
    const alert = await within(screen.getByRole('dialog', { name: 'Link evidence' })).findByRole('alert');
    expect(within(alert).getByText('This record is already evidence for the control.')).toBeVisible();
    expect(sent.filter((request) => request.method === 'POST').map((request) => request.body)).toEqual([
      { entity_type: 'risk', entity_id: RISK_ID, description: 'The risk treatment plan names this control.' },
    ]);
  });

  it('removes evidence after confirmation, with the If-Match the API documents', async () => {
    serveSession();
    serveControl({ control: controlFixture() }, group5);
    const sent = serveEvidence({ items: [evidenceFixture(), expiredEvidence] });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const table = await screen.findByRole('table', { name: 'Evidence of this control' });
    await user.click(within(table).getByRole('button', { name: 'Remove the evidence Brussels HQ' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove this evidence?' });
    expect(within(dialog).getByText('Brussels HQ no longer counts as evidence for 5.1. The record itself stays as it is.')).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(await screen.findByText('Evidence removed.')).toBeVisible();
    expect(sent.filter((request) => request.method === 'DELETE')).toEqual([
      { method: 'DELETE', path: `evidence/${EVIDENCE_LOCATION_ID}`, body: null, ifMatch: '"1"' },
    ]);
    await waitFor(() => {
      expect(within(table).queryByText('Brussels HQ')).toBeNull();
    });
    expect(within(table).getByText('LT-0042 Ann’s laptop')).toBeVisible();
  });

  it('shows a reader the evidence without any way to change it', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'compliance', level: 'read' }, { module: 'assets', level: 'read' }] }) });
    serveControl({ control: controlFixture() }, group5);
    serveEvidence({ items: [] });
    renderApp(PAGE);
    expect(await screen.findByText('No evidence yet.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Link evidence' })).toBeNull();
  });
});
