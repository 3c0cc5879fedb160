import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { meQueryKey } from '../../lib/me';
import { meFixture } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { apiUrl, server } from '../../test/server';
import { ImportExportActions } from './ImportExportActions';

describe('ImportExportActions', () => {
  it('offers the import to who may write the module, and the export to everyone', async () => {
    renderWithProviders(<ImportExportActions entity="asset" />);
    expect(await screen.findByRole('link', { name: 'Import' })).toHaveAttribute('href', '/assets/import');
    expect(screen.getByRole('button', { name: 'Export' })).toBeVisible();
  });

  it('hides the import from who may only read', async () => {
    server.use(
      http.get(apiUrl('/me'), () => HttpResponse.json(meFixture({ permissions: [{ module: 'assets', level: 'read' }] }))),
    );
    const { queryClient } = renderWithProviders(<ImportExportActions entity="asset" />);
    expect(await screen.findByRole('button', { name: 'Export' })).toBeVisible();
    // Once /me has answered: still no import.
    await waitFor(() => {
      expect(queryClient.getQueryData(meQueryKey)).toBeDefined();
    });
    expect(screen.queryByRole('link', { name: 'Import' })).toBeNull();
  });
});
