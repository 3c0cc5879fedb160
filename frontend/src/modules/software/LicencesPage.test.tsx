import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { problemFixture, tokenResponseFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveSession } from '../../test/session';
import { ann, serveReferenceData } from '../assets/assetFixtures';
import type { LicenceList } from './softwareApi';
import {
  E3_ID,
  expiredLicence,
  fullLicence,
  licenceFixture,
  licenceListFixture,
  M365_ID,
  seatFixture,
  serveSoftwareReference,
} from './softwareFixtures';

configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });

const e3 = licenceFixture();

function serveLicences(answer: (query: URLSearchParams) => LicenceList = () => licenceListFixture([e3, fullLicence, expiredLicence])) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(apiUrl('/licences'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      return HttpResponse.json(answer(query));
    }),
  );
  return seen;
}

function serveLicence(licence = e3) {
  server.use(
    http.get(apiUrl('/licences/:id'), () => HttpResponse.json(licence, { headers: { ETag: `"${String(licence.version)}"` } })),
    http.get(apiUrl('/licences/:id/seats'), () => HttpResponse.json({ items: [seatFixture()], next_cursor: null, total: 1 })),
  );
}

describe('LicencesPage', () => {
  it('lists licences with their derived status, seats in use and expiry', async () => {
    serveSession();
    serveReferenceData();
    serveSoftwareReference();
    const seen = serveLicences();
    renderApp('/assets/licences');
    const table = await screen.findByRole('table', { name: 'Licences' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    const e3Row = screen.getByRole('link', { name: 'Microsoft 365 E3' }).closest('tr')!;
    expect(within(e3Row).getByText('Available')).toBeVisible();
    expect(within(e3Row).getByText('180 / 250')).toBeVisible();
    expect(within(e3Row).getByText('••••YT43')).toBeVisible();
    const full = screen.getByRole('link', { name: 'Tableau Creator' }).closest('tr')!;
    expect(within(full).getByText('In use (full)')).toBeVisible();
    expect(within(full).getByText('2 / 2')).toBeVisible();
    const expired = screen.getByRole('link', { name: 'Zoom Business 2024' }).closest('tr')!;
    expect(within(expired).getByText('Expired').closest('[data-state]')).toHaveAttribute('data-state', 'expired');
    expect(within(expired).getByText('4 / unlimited')).toBeVisible();
    expect(within(expired).getByText(/Jan 31, 2020/)).toHaveAttribute('data-expired', 'true');
    expect(screen.getByRole('status')).toHaveTextContent('3 of 3 licences');
    expect(Object.fromEntries(seen[0]!)).toEqual({ sort: 'name', limit: '50' });
  });

  it('sends the filters and the sort to the server and keeps them in the address', async () => {
    serveSession();
    serveReferenceData();
    serveSoftwareReference();
    const seen = serveLicences();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/assets/licences');
    await screen.findByRole('table', { name: 'Licences' });

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'office');
    await waitFor(() => {
      expect(seen.at(-1)?.get('q')).toBe('office');
    });
    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Expired' }));
    await user.click(await screen.findByRole('option', { name: 'In use (full)' }));
    await waitFor(() => {
      expect(seen.at(-1)?.getAll('status')).toEqual(['expired', 'in_use']);
    });
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('combobox', { name: 'Software' }));
    await user.click(await screen.findByRole('option', { name: 'Microsoft 365' }));
    await waitFor(() => {
      expect(seen.at(-1)?.get('software_id')).toBe(M365_ID);
    });
    await user.type(screen.getByLabelText(/^Expiring on or before/), '2026-12-31');
    await waitFor(() => {
      expect(seen.at(-1)?.get('expires_before')).toBe('2026-12-31');
    });
    await user.click(screen.getByRole('switch', { name: 'Show archived licences' }));
    await user.click(within(screen.getByRole('columnheader', { name: /^Expires on/ })).getByRole('button'));
    await waitFor(() => {
      expect(seen.at(-1)?.get('sort')).toBe('expires_on');
    });
    expect(router.state.location.search).toEqual({
      q: 'office',
      status: ['expired', 'in_use'],
      software_id: M365_ID,
      expires_before: '2026-12-31',
      include_archived: true,
      sort: 'expires_on',
    });
    expect(Object.fromEntries([...seen.at(-1)!.keys()].map((key) => [key, seen.at(-1)!.getAll(key)]))).toEqual({
      q: ['office'],
      status: ['expired', 'in_use'],
      software_id: [M365_ID],
      expires_before: ['2026-12-31'],
      include_archived: ['true'],
      sort: ['expires_on'],
      limit: ['50'],
    });
  });

  it('drops what the API would refuse from a shared address', async () => {
    serveSession();
    serveReferenceData();
    serveSoftwareReference();
    const seen = serveLicences();
    const search = new URLSearchParams({ status: JSON.stringify(['expired', 'lost']), expires_before: '2026-02-30', sort: 'seats' });
    renderApp(`/assets/licences?${search.toString()}`);
    await screen.findByRole('table', { name: 'Licences' });
    expect(Object.fromEntries([...seen[0]!.keys()].map((key) => [key, seen[0]!.getAll(key)]))).toEqual({
      status: ['expired'],
      sort: ['name'],
      limit: ['50'],
    });
  });
});

describe('LicenceDetailPage', () => {
  it('reveals the key after a confirmation, in a copyable field that hides again', async () => {
    serveSession();
    serveReferenceData();
    serveSoftwareReference();
    serveLicence();
    let reveals = 0;
    server.use(
      http.post(apiUrl('/licences/:id/reveal-key'), ({ params }) => {
        reveals += 1;
        expect(params.id).toBe(E3_ID);
        return HttpResponse.json({ licence_key: 'NPPR9-FWDCX-D2C8J-H872K-2YT43' });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(`/assets/licences/${E3_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Microsoft 365 E3' })).toBeVisible();
    expect(screen.getByText('••••YT43')).toBeVisible();
    expect(screen.queryByDisplayValue(/NPPR9/)).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Reveal the key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reveal the key of Microsoft 365 E3?' });
    expect(within(dialog).getByText(/recorded in the audit log/)).toBeVisible();
    expect(reveals).toBe(0);
    await user.click(within(dialog).getByRole('button', { name: 'Reveal' }));

    const field = await screen.findByRole('textbox', { name: 'Licence key' });
    expect(field).toHaveValue('NPPR9-FWDCX-D2C8J-H872K-2YT43');
    expect(field).toHaveAttribute('readonly');
    expect(screen.getByRole('button', { name: 'Copy the key' })).toBeVisible();
    expect(reveals).toBe(1);
    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(screen.queryByRole('textbox', { name: 'Licence key' })).toBeNull();
    expect(screen.getByText('••••YT43')).toBeVisible();
  });

  it('asks for the password again when the key needs a recent sign-in, then reads it', async () => {
    serveSession({ tokens: [tokenResponseFixture('session')] });
    serveReferenceData();
    serveSoftwareReference();
    serveLicence();
    const reauthenticated = tokenResponseFixture('reauthenticated');
    const proofs: unknown[] = [];
    server.use(
      http.post(apiUrl('/licences/:id/reveal-key'), ({ request }) =>
        request.headers.get('Authorization') === `Bearer ${reauthenticated.access_token}`
          ? HttpResponse.json({ licence_key: 'NPPR9-FWDCX-D2C8J-H872K-2YT43' })
          : problemResponse(
              problemFixture({
                type: 'https://opsdeck.dev/problems/reauthentication-required',
                status: 403,
                title: 'Forbidden',
                detail: 'Sign in again: reading a licence key needs a sign-in within the last 10 minutes.',
              }),
            ),
      ),
      http.post(apiUrl('/auth/reauthenticate'), async ({ request }) => {
        proofs.push(await request.json());
        return HttpResponse.json(reauthenticated);
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(`/assets/licences/${E3_ID}`);
    await user.click(await screen.findByRole('button', { name: 'Reveal the key' }));
    const confirm = await screen.findByRole('dialog', { name: 'Reveal the key of Microsoft 365 E3?' });
    await user.click(within(confirm).getByRole('button', { name: 'Reveal' }));

    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you' });
    await user.type(within(dialog).getByLabelText(/^Password/), 'correct horse');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByRole('textbox', { name: 'Licence key' })).toHaveValue('NPPR9-FWDCX-D2C8J-H872K-2YT43');
    expect(proofs).toEqual([{ password: 'correct horse' }]);
  });

  it('shows why the server refused a seat (409) where the seat was being assigned', async () => {
    serveSession();
    serveReferenceData();
    serveSoftwareReference();
    serveLicence();
    const requests: { body: unknown; ifMatch: string | null }[] = [];
    server.use(
      http.post(apiUrl('/licences/:id/seats'), async ({ request }) => {
        requests.push({ body: await request.json(), ifMatch: request.headers.get('If-Match') });
        return problemResponse(
          problemFixture({
            status: 409,
            title: 'Conflict',
            detail: 'This holder already has a seat of this licence.',
            errors: [{ field: 'user_id', code: 'taken', message: 'already holds a seat of this licence' }],
          }),
        );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(`/assets/licences/${E3_ID}?tab=seats`);
    const seats = await screen.findByRole('table', { name: 'Seats' });
    expect(within(seats).getByText('Ann Lee')).toBeVisible();
    expect(within(seats).getByText('Finance team')).toBeVisible();

    await user.click(screen.getByRole('combobox', { name: /^Person/ }));
    await user.type(screen.getByRole('combobox', { name: /^Person/ }), 'Ann');
    await user.click(await screen.findByRole('option', { name: /Ann Lee/ }));
    await user.type(screen.getByRole('textbox', { name: 'Note' }), 'again');
    await user.click(screen.getByRole('button', { name: 'Assign the seat' }));

    expect(await screen.findByText('already holds a seat of this licence')).toBeVisible();
    expect(requests).toEqual([{ body: { user_id: ann.user_id, note: 'again' }, ifMatch: '"3"' }]);
  });

  it('offers no assignment on a full licence, and sends the key only when a new one is typed', async () => {
    serveSession();
    serveReferenceData();
    serveSoftwareReference();
    serveLicence(licenceFixture({ status: 'in_use', seats: 180 }));
    const patches: unknown[] = [];
    server.use(
      http.patch(apiUrl('/licences/:id'), async ({ request }) => {
        patches.push(await request.json());
        if (patches.length === 1) {
          return problemResponse(
            problemFixture({
              status: 422,
              title: 'Unprocessable entity',
              errors: [{ field: 'seats', code: 'below_used', message: '180 seats are assigned: release some first' }],
            }),
          );
        }
        return HttpResponse.json(licenceFixture({ seats: 200, version: 4 }), { headers: { ETag: '"4"' } });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(`/assets/licences/${E3_ID}?tab=seats`);
    expect(await screen.findByText(/Every seat of this licence is taken/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Assign the seat' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const form = await screen.findByRole('form', { name: 'Edit Microsoft 365 E3' });
    const key = within(form).getByLabelText(/^Licence key/);
    expect(key).toHaveValue('');
    expect(within(form).getByText(/A key is stored \(••••YT43\)\. Leave empty to keep it/)).toBeVisible();
    const seats = within(form).getByRole('textbox', { name: /^Seats/ });
    await user.clear(seats);
    await user.type(seats, '100');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText('180 seats are assigned: release some first')).toBeVisible();
    expect(seats).toHaveAttribute('aria-invalid', 'true');
    expect(patches).toEqual([{ seats: 100 }]);

    await user.clear(seats);
    await user.type(seats, '200');
    await user.type(key, 'NEW-KEY-0000-1111');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => {
      expect(patches).toHaveLength(2);
    });
    expect(patches[1]).toEqual({ seats: 200, licence_key: 'NEW-KEY-0000-1111' });
  });
});
