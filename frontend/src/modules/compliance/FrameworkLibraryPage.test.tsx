import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { meFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { serveSession } from '../../test/session';
import {
  CIS_ID,
  cisLibrary,
  frameworkFixture,
  ISO_ID,
  isoTree,
  libraryFixture,
  nistLibrary,
  serveFramework,
  serveLibrary,
} from './complianceFixtures';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/compliance/library';

describe('FrameworkLibraryPage', () => {
  it('activates a library framework after confirmation and opens the organisation’s copy', async () => {
    serveSession();
    const sent = serveLibrary([libraryFixture(), cisLibrary]);
    serveFramework({ framework: frameworkFixture(), controls: isoTree() });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    expect(await screen.findByRole('heading', { level: 1, name: 'Framework library' })).toBeVisible();

    const iso = await screen.findByRole('article', { name: 'ISO/IEC 27001:2022 Annex A' });
    expect(within(iso).getByText('4 groups')).toBeVisible();
    expect(within(iso).getByText('93 controls')).toBeVisible();
    expect(within(iso).queryByText(/requirement/)).not.toBeInTheDocument();

    // An activated framework says so and leads to its copy; it cannot be activated again.
    const cis = screen.getByRole('article', { name: 'CIS Critical Security Controls' });
    expect(within(cis).getByText('Activated')).toBeVisible();
    expect(within(cis).getByRole('link', { name: 'Open CIS Critical Security Controls' })).toHaveAttribute(
      'href',
      `/compliance/frameworks/${CIS_ID}`,
    );
    expect(within(cis).queryByRole('button', { name: /Activate/ })).not.toBeInTheDocument();

    await user.click(within(iso).getByRole('button', { name: 'Activate ISO/IEC 27001:2022 Annex A' }));
    const dialog = await screen.findByRole('dialog', { name: 'Activate ISO/IEC 27001:2022 Annex A?' });
    expect(sent).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Activate' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe(`/compliance/frameworks/${ISO_ID}`);
    });
    expect(sent.map((request) => request.path)).toEqual(['/framework-library/iso27001-2022/activate']);
    expect(await screen.findByText('Framework ISO/IEC 27001:2022 Annex A activated.')).toBeVisible();
    expect(await screen.findByRole('heading', { level: 1, name: 'ISO/IEC 27001:2022 Annex A' })).toBeVisible();
  });

  it('shows why an activation is refused (409) in the dialog', async () => {
    serveSession();
    const sent = serveLibrary([nistLibrary]);
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'Activate NIST Cybersecurity Framework' }));
    const dialog = await screen.findByRole('dialog', { name: 'Activate NIST Cybersecurity Framework?' });
    await user.click(within(dialog).getByRole('button', { name: 'Activate' }));
    const alert = await within(dialog).findByRole('alert');
    expect(
      within(alert).getByText(
        'NIST Cybersecurity Framework is already activated in your organisation (archived): restore it instead.',
      ),
    ).toBeVisible();
    expect(sent.map((request) => request.path)).toEqual(['/framework-library/nist-csf-2.0/activate']);
    expect(router.state.location.pathname).toBe(PAGE);
  });

  it('offers no activation to a reader', async () => {
    serveSession({ me: meFixture({ permissions: [{ module: 'compliance', level: 'read' }] }) });
    serveLibrary([libraryFixture(), cisLibrary]);
    renderApp(PAGE);
    const iso = await screen.findByRole('article', { name: 'ISO/IEC 27001:2022 Annex A' });
    expect(within(iso).getByText('Not activated')).toBeVisible();
    expect(screen.queryByRole('button', { name: /Activate/ })).not.toBeInTheDocument();
  });
});
