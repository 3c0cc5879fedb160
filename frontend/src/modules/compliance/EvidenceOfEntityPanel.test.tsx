import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { meFixture } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { apiUrl, server } from '../../test/server';
import { ASSET_ID } from '../data/dataFixtures';
import {
  CONTROL_51_ID,
  CONTROL_81_ID,
  evidenceFixture,
  ISO_ID,
  POLICY_ID,
  serveEntityEvidence,
} from './complianceFixtures';
import { EvidenceOfEntityPanel } from './EvidenceOfEntityPanel';

const supported = [
  evidenceFixture(),
  evidenceFixture({
    id: '0193a2b4-0000-7000-8000-00000000e003',
    control_id: CONTROL_81_ID,
    control_ref: 'A.3',
    control_title: 'Endpoint hardening',
    framework_id: POLICY_ID,
    framework_name: 'Internal security policy',
    description: 'Its baseline is the reference image.',
    effective_from: null,
    effective_to: '2020-12-31',
  }),
];

describe('EvidenceOfEntityPanel', () => {
  it('lists the controls the record supports, each a link to its control and framework, with why and when', async () => {
    const seen = serveEntityEvidence(supported);
    renderWithProviders(<EvidenceOfEntityPanel entityType="asset" entityId={ASSET_ID} />);
    const table = await screen.findByRole('table', { name: 'Controls this record is evidence for' });
    expect(screen.getByRole('heading', { name: 'Controls this supports' })).toBeVisible();
    expect(Object.fromEntries(seen[0]!)).toEqual({ type: 'asset', id: ASSET_ID, limit: '50' });

    const iso = within(table).getByRole('link', { name: '5.1 Policies for information security' }).closest('tr')!;
    expect(within(iso).getByRole('link', { name: '5.1 Policies for information security' })).toHaveAttribute(
      'href',
      `/compliance/controls/${CONTROL_51_ID}`,
    );
    expect(within(iso).getByRole('link', { name: 'ISO/IEC 27001:2022 Annex A' })).toHaveAttribute(
      'href',
      `/compliance/frameworks/${ISO_ID}`,
    );
    expect(within(iso).getByText('Hardened according to the endpoint policy.')).toBeVisible();
    expect(within(iso).getByText('From Jan 1, 2026')).toBeVisible();

    const policy = within(table).getByRole('link', { name: 'A.3 Endpoint hardening' }).closest('tr')!;
    expect(within(policy).getByText('Until Dec 31, 2020')).toBeVisible();
    expect(within(policy).getByText('Expired')).toBeVisible();
  });

  it('says when the record supports no control', async () => {
    serveEntityEvidence([]);
    renderWithProviders(<EvidenceOfEntityPanel entityType="inventory_campaign" entityId={ASSET_ID} />);
    expect(
      await screen.findByText('This record is not evidence for any control. Link it from the Evidence tab of a control.'),
    ).toBeVisible();
  });

  it('shows nothing, and asks nothing, to a user who may not read compliance', async () => {
    const seen = serveEntityEvidence(supported);
    let meRead = false;
    server.use(
      http.get(apiUrl('/me'), () => {
        meRead = true;
        return HttpResponse.json(meFixture({ permissions: [{ module: 'assets', level: 'write' }] }));
      }),
    );
    const { container } = renderWithProviders(
      <div data-testid="host">
        <EvidenceOfEntityPanel entityType="asset" entityId={ASSET_ID} />
      </div>,
    );
    await waitFor(() => {
      expect(meRead).toBe(true);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(container.querySelector('[data-testid="host"]')).toBeEmptyDOMElement();
    expect(seen).toHaveLength(0);
  });
});
