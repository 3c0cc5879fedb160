import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { awsLocation, BRUSSELS_ID, locationFixture, locationListFixture, serveReferenceData } from './assetFixtures';
import type { Location } from './assetsApi';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/assets/locations';
const brussels = locationFixture();

function serveLocations() {
  const seen = serveReferenceData({ locations: [brussels, awsLocation] });
  const bodies: { body: unknown; ifMatch: string | null }[] = [];
  server.use(
    http.post(apiUrl('/locations'), async ({ request }) => {
      const body = (await request.json()) as Partial<Location>;
      bodies.push({ body, ifMatch: null });
      if (body.name === brussels.name) {
        return problemResponse(
          problemFixture({
            status: 409,
            title: 'Conflict',
            errors: [{ field: 'name', code: 'duplicate', message: 'An active location has this name.' }],
          }),
        );
      }
      return HttpResponse.json(locationFixture({ ...body, id: '0193a2b4-0000-7000-8000-0000000a00ff' }), { status: 201 });
    }),
    http.patch(apiUrl('/locations/:id'), async ({ request }) => {
      bodies.push({ body: await request.json(), ifMatch: request.headers.get('If-Match') });
      return HttpResponse.json(locationFixture({ version: 2 }), { headers: { ETag: '"2"' } });
    }),
  );
  return { seen, bodies };
}

describe('LocationsPage', () => {
  it('lists the locations and sends the filters to the server', async () => {
    serveSession();
    const { seen } = serveLocations();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    const table = await screen.findByRole('table', { name: 'Locations' });
    const row = within(table).getByText('Brussels HQ').closest('tr')!;
    expect(within(row).getByText('Rue de la Loi 16')).toBeVisible();
    expect(within(row).getByText('1000 Brussels, Belgium')).toBeVisible();
    expect(within(row).getByText('Physical site')).toBeVisible();
    expect(within(row).getByRole('link', { name: '42 assets at Brussels HQ' })).toHaveAttribute(
      'href',
      `/assets?location_id=${BRUSSELS_ID}`,
    );
    const aws = within(table).getByText('AWS eu-west-1').closest('tr')!;
    expect(within(aws).getByText('Virtual place')).toBeVisible();
    expect(screen.getByRole('navigation', { name: 'Assets sections' })).toBeVisible();
    expect(within(screen.getByRole('navigation', { name: 'Assets sections' })).getByRole('link', { name: 'Locations' })).toHaveAttribute(
      'aria-current',
      'page',
    );

    const lists = () => seen.locations.filter((query) => query.get('limit') === '50');
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'hq');
    await user.type(screen.getByRole('textbox', { name: 'Country' }), 'be');
    await user.click(screen.getByRole('combobox', { name: 'Kind' }));
    await user.click(await screen.findByRole('option', { name: 'Virtual place' }));
    await waitFor(() => {
      expect(Object.fromEntries(lists().at(-1)!)).toEqual({
        q: 'hq',
        country: 'BE',
        physical: 'false',
        sort: 'name',
        limit: '50',
      });
    });
    expect(router.state.location.search).toEqual({ q: 'hq', country: 'BE', physical: false });
  });

  it('adds a location with its address, time zone and kind', async () => {
    serveSession();
    const { bodies } = serveLocations();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await screen.findByRole('table', { name: 'Locations' });
    await user.click(screen.getByRole('button', { name: 'New location' }));
    const form = await screen.findByRole('form', { name: 'New location' });
    // The organisation's time zone by default.
    expect(within(form).getByRole('combobox', { name: /^Time zone/ })).toHaveValue('Europe/Brussels');

    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Brussels HQ');
    await user.click(within(form).getByRole('button', { name: 'Add the location' }));
    expect(await within(form).findByText('An active location has this name.')).toBeVisible();
    expect(within(form).getByRole('textbox', { name: /^Name/ })).toHaveAttribute('aria-invalid', 'true');

    const name = within(form).getByRole('textbox', { name: /^Name/ });
    await user.clear(name);
    await user.type(name, 'Ghent warehouse');
    await user.type(within(form).getByRole('textbox', { name: 'Address' }), 'Dok Noord 7');
    await user.type(within(form).getByRole('textbox', { name: 'Postal code' }), '9000');
    await user.type(within(form).getByRole('textbox', { name: 'City' }), 'Ghent');
    await user.type(within(form).getByRole('textbox', { name: /^Country/ }), 'be');
    await user.click(within(form).getByRole('button', { name: 'Add the location' }));

    expect(await screen.findByText('Location Ghent warehouse added.')).toBeVisible();
    expect(bodies.at(-1)).toEqual({
      body: {
        name: 'Ghent warehouse',
        timezone: 'Europe/Brussels',
        physical: true,
        address_line1: 'Dok Noord 7',
        postal_code: '9000',
        city: 'Ghent',
        country: 'BE',
      },
      ifMatch: null,
    });
  });

  it('adds a virtual place', async () => {
    serveSession();
    const { bodies } = serveLocations();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await screen.findByRole('table', { name: 'Locations' });
    await user.click(screen.getByRole('button', { name: 'New location' }));
    const form = await screen.findByRole('form', { name: 'New location' });
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Azure westeurope');
    await user.click(within(form).getByRole('switch', { name: /^Physical site/ }));
    const zone = within(form).getByRole('combobox', { name: /^Time zone/ });
    await user.clear(zone);
    await user.type(zone, 'Amsterdam');
    await user.click(await screen.findByRole('option', { name: 'Europe/Amsterdam' }));
    await user.click(within(form).getByRole('button', { name: 'Add the location' }));
    await screen.findByText('Location Azure westeurope added.');
    expect(bodies).toEqual([
      { body: { name: 'Azure westeurope', timezone: 'Europe/Amsterdam', physical: false }, ifMatch: null },
    ]);
  });

  it('edits a location with a merge patch and the If-Match of its version', async () => {
    serveSession();
    const { bodies } = serveLocations();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await screen.findByRole('table', { name: 'Locations' });
    await user.click(screen.getByRole('button', { name: 'Actions for Brussels HQ' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const form = await screen.findByRole('form', { name: 'Edit Brussels HQ' });
    await user.type(within(form).getByRole('textbox', { name: 'Address (line 2)' }), '5th floor');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Location Brussels HQ saved.')).toBeVisible();
    expect(bodies).toEqual([{ body: { address_line2: '5th floor' }, ifMatch: '"1"' }]);
  });

  it('says when there is no location yet', async () => {
    serveSession();
    serveReferenceData({ locations: [] });
    server.use(http.get(apiUrl('/locations'), () => HttpResponse.json(locationListFixture([]))));
    renderApp(PAGE);
    expect(await screen.findByText('No locations yet')).toBeVisible();
  });
});
