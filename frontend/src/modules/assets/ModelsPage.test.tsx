import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../test/render';
import { apiUrl, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { APPLE_ID, brandFixture, DELL_ID, LATITUDE_ID, modelFixture, serveReferenceData } from './assetFixtures';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/assets/models';

function recordPosts() {
  const bodies: { path: string; body: unknown }[] = [];
  server.use(
    http.post(apiUrl('/brands'), async ({ request }) => {
      const body = (await request.json()) as { name: string };
      bodies.push({ path: '/brands', body });
      return HttpResponse.json(brandFixture({ id: '0193a2b4-0000-7000-8000-0000000b00ff', name: body.name }), { status: 201 });
    }),
    http.post(apiUrl('/asset-models'), async ({ request }) => {
      const body = (await request.json()) as { name: string };
      bodies.push({ path: '/asset-models', body });
      return HttpResponse.json(modelFixture({ id: '0193a2b4-0000-7000-8000-0000000c00ff', name: body.name }), { status: 201 });
    }),
  );
  return bodies;
}

describe('ModelsPage', () => {
  it('lists the brands with their model counts, and a brand’s models', async () => {
    serveSession();
    const seen = serveReferenceData();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    const brands = await screen.findByRole('table', { name: 'Brands' });
    const dell = within(brands).getByRole('button', { name: 'Dell' }).closest('tr')!;
    expect(within(dell).getByText('1')).toBeVisible();
    const models = await screen.findByRole('table', { name: 'Models' });
    expect(within(models).getAllByRole('row')).toHaveLength(3);
    expect(within(models).getByRole('link', { name: '12 assets of model Latitude 7450' })).toHaveAttribute(
      'href',
      `/assets?model_id=${LATITUDE_ID}`,
    );

    await user.click(within(brands).getByRole('button', { name: 'Apple' }));
    await waitFor(() => {
      expect(seen.models.at(-1)?.get('brand_id')).toBe(APPLE_ID);
    });
    await waitFor(() => {
      expect(within(screen.getByRole('table', { name: 'Models' })).getAllByRole('row')).toHaveLength(2);
    });
    expect(within(screen.getByRole('table', { name: 'Models' })).getByText('MacBook Pro 14')).toBeVisible();
    expect(within(brands).getByRole('button', { name: 'Apple' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByRole('combobox', { name: 'Category' }));
    await user.click(await screen.findByRole('option', { name: 'Laptop' }));
    await waitFor(() => {
      expect(seen.models.at(-1)?.get('category')).toBe('laptop');
    });
    expect(router.state.location.search).toEqual({ brand_id: APPLE_ID, category: 'laptop' });
  });

  it('adds a brand, then a model of the chosen brand', async () => {
    serveSession();
    serveReferenceData();
    const bodies = recordPosts();
    const user = userEvent.setup({ delay: null });
    renderApp(`${PAGE}?brand_id=${DELL_ID}`);
    await screen.findByRole('table', { name: 'Brands' });

    await user.click(screen.getByRole('button', { name: 'New brand' }));
    const brandForm = await screen.findByRole('form', { name: 'New brand' });
    await user.type(within(brandForm).getByRole('textbox', { name: /^Name/ }), 'Lenovo');
    await user.type(within(brandForm).getByRole('textbox', { name: 'Website' }), 'lenovo.com');
    await user.click(within(brandForm).getByRole('button', { name: 'Add the brand' }));
    expect(await within(brandForm).findByText('Enter a full URL starting with https:// or http://.')).toBeVisible();
    const website = within(brandForm).getByRole('textbox', { name: 'Website' });
    await user.clear(website);
    await user.type(website, 'https://www.lenovo.com');
    await user.click(within(brandForm).getByRole('button', { name: 'Add the brand' }));
    expect(await screen.findByText('Brand Lenovo added.')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'New model' }));
    const modelForm = await screen.findByRole('form', { name: 'New model' });
    // The brand being looked at is preselected.
    expect(within(modelForm).getByRole('combobox', { name: /^Brand/ })).toHaveValue('Dell');
    await user.type(within(modelForm).getByRole('textbox', { name: /^Name/ }), 'PowerEdge R760');
    await user.click(within(modelForm).getByRole('combobox', { name: 'Category' }));
    await user.click(await screen.findByRole('option', { name: 'Server' }));
    await user.click(within(modelForm).getByRole('button', { name: 'Add the model' }));
    expect(await screen.findByText('Model PowerEdge R760 added.')).toBeVisible();

    expect(bodies).toEqual([
      { path: '/brands', body: { name: 'Lenovo', website: 'https://www.lenovo.com' } },
      { path: '/asset-models', body: { brand_id: DELL_ID, name: 'PowerEdge R760', category: 'server' } },
    ]);
  });
});
