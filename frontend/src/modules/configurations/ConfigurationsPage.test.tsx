import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import {
  configurationFixture,
  FIREWALL_ID,
  gpoConfiguration,
  serveConfiguration,
  serveConfigurationList,
} from './configurationFixtures';
import type { ConfigurationCreate } from './configurationsApi';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/assets/configurations';
const firewall = configurationFixture();

describe('ConfigurationsPage', () => {
  it('lists the configurations and sends search, kind and sort to the server', async () => {
    serveSession();
    const seen = serveConfigurationList([firewall], { nextCursor: 'next-page', total: 2 });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    const table = await screen.findByRole('table', { name: 'Configurations' });
    const row = within(table).getByText('Core firewall rule set').closest('tr')!;
    expect(within(row).getByRole('link', { name: 'Core firewall rule set' })).toHaveAttribute(
      'href',
      `/assets/configurations/${FIREWALL_ID}`,
    );
    expect(within(row).getByText('Network')).toBeVisible();
    expect(within(row).getByText('v2')).toBeVisible();
    expect(within(row).getByText('CHG-1042: restrict admin SSH to the bastion')).toBeVisible();
    expect(within(row).getByText('Ines Peeters')).toBeVisible();
    expect(screen.getByText('1 of 2 configurations')).toBeVisible();

    // Load more asks for the next page with the cursor.
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('Active Directory GPO baseline')).toBeVisible();
    expect(seen.at(-1)?.get('cursor')).toBe('next-page');

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'firewall');
    await user.click(screen.getByRole('combobox', { name: 'Kind' }));
    await user.click(await screen.findByRole('option', { name: 'Security' }));
    await user.click(screen.getByRole('combobox', { name: 'Sort by' }));
    await user.click(await screen.findByRole('option', { name: 'Last commit (newest first)' }));
    await waitFor(() => {
      const last = seen.filter((query) => !query.has('cursor')).at(-1)!;
      expect([...last.entries()]).toEqual([
        ['q', 'firewall'],
        ['kind', 'security'],
        ['sort', '-last_committed_at'],
        ['limit', '50'],
      ]);
    });
    expect(router.state.location.search).toEqual({ q: 'firewall', kind: ['security'], sort: '-last_committed_at' });
  });

  it('checks the JSON before sending, shows the server’s refusals, then adds the configuration', async () => {
    serveSession();
    serveConfigurationList([gpoConfiguration]);
    serveConfiguration({ configuration: firewall, versions: [] });
    const bodies: ConfigurationCreate[] = [];
    server.use(
      http.post(apiUrl('/configurations'), async ({ request }) => {
        const body = (await request.json()) as ConfigurationCreate;
        bodies.push(body);
        if (body.name === 'Active Directory GPO baseline') {
          return problemResponse(
            problemFixture({
              status: 409,
              title: 'Conflict',
              errors: [{ field: 'name', code: 'taken', message: 'is already used' }],
            }),
          );
        }
        if ('blob' in body.document) {
          return problemResponse(
            problemFixture({
              status: 422,
              title: 'The configuration is not valid.',
              errors: [{ field: 'document', code: 'too_deep', message: 'is nested 70 levels deep; at most 64 are allowed' }],
            }),
          );
        }
        return HttpResponse.json(configurationFixture({ ...body, id: FIREWALL_ID }), { status: 201 });
      }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await screen.findByRole('table', { name: 'Configurations' });
    await user.click(screen.getByRole('button', { name: 'New configuration' }));
    const form = await screen.findByRole('form', { name: 'New configuration' });
    const name = within(form).getByRole('textbox', { name: /^Name/ });
    const editor = within(form).getByRole('textbox', { name: /^Document \(JSON\)/ });
    const submit = within(form).getByRole('button', { name: 'Add the configuration' });

    // Client-side: broken JSON and a list are refused without a request.
    await user.type(name, 'Active Directory GPO baseline');
    await user.clear(editor);
    await user.click(editor);
    await user.paste('{"rules": [1, 2');
    await user.click(submit);
    expect(await within(form).findByText(/This is not valid JSON/)).toBeVisible();
    await user.clear(editor);
    await user.paste('[1, 2]');
    await user.click(submit);
    expect(await within(form).findByText(/must be a JSON object/)).toBeVisible();
    expect(bodies).toHaveLength(0);

    // Server-side: the name is taken (409 on the field), the document too deep (422 on the editor).
    await user.clear(editor);
    await user.paste('{"policy": "deny"}');
    await user.click(submit);
    expect(await within(form).findByText('is already used')).toBeVisible();
    expect(name).toHaveAttribute('aria-invalid', 'true');
    await user.clear(name);
    await user.type(name, 'Core firewall rule set');
    await user.clear(editor);
    await user.paste('{"blob": {}}');
    await user.click(submit);
    expect(await within(form).findByText('is nested 70 levels deep; at most 64 are allowed')).toBeVisible();
    expect(editor).toHaveAttribute('aria-invalid', 'true');

    await user.clear(editor);
    await user.paste('{"policy": "deny", "rules": [{"port": 22}]}');
    await user.type(within(form).getByRole('textbox', { name: /^Commit message/ }), 'Baseline export');
    await user.click(submit);
    expect(await screen.findByText('Configuration Core firewall rule set added.')).toBeVisible();
    expect(bodies.at(-1)).toEqual({
      name: 'Core firewall rule set',
      kind: 'other',
      document: { policy: 'deny', rules: [{ port: 22 }] },
      message: 'Baseline export',
    });
    await waitFor(() => {
      expect(router.state.location.pathname).toBe(`/assets/configurations/${FIREWALL_ID}`);
    });
  });
});
