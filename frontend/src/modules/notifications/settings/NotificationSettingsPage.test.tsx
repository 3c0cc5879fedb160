import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { allPermissions, meFixture, problemFixture, roleFixture } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { apiUrl, problemResponse, server } from '../../../test/server';
import { serveSession } from '../../../test/session';
import type { NotificationEvent, NotificationSetting, NotificationSettingInput } from './notificationSettingsApi';
import { CONTRACT_EXPIRING, JOB_FAILED, settingFixture, WEBHOOK_TEST } from './settingsFixtures';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/administration/notifications';

const viewer = roleFixture();
const security = roleFixture({ id: '0193a2b4-0000-7000-8000-00000000c0bb', name: 'Security officer', builtin_key: null });

interface Put {
  event: string;
  ifMatch: string | null;
  body: NotificationSettingInput;
}

interface Served {
  puts: Put[];
  settingsReads: () => number;
  settings: NotificationSetting[];
}

/**
 * Serves the catalogue, the settings (which PUTs update like the server: version + 1, customised) and the roles;
 * `answer` may answer a PUT instead.
 */
function serveSettings({
  events = [JOB_FAILED, CONTRACT_EXPIRING, WEBHOOK_TEST],
  settings = [
    settingFixture({ event: JOB_FAILED.code }),
    settingFixture({
      event: CONTRACT_EXPIRING.code,
      channels: ['in_app', 'email'],
      offsets_days: [7, 30],
      recipient_role_ids: [security.id],
      customised: true,
      version: 3,
    }),
    settingFixture({ event: WEBHOOK_TEST.code, channels: ['webhook'] }),
  ],
  answer,
}: {
  events?: NotificationEvent[];
  settings?: NotificationSetting[];
  answer?: (put: Put) => Response | undefined;
} = {}): Served {
  const puts: Put[] = [];
  let reads = 0;
  server.use(
    http.get(apiUrl('/notification-events'), () => HttpResponse.json({ items: events, next_cursor: null, total: events.length })),
    http.get(apiUrl('/notification-settings'), () => {
      reads += 1;
      return HttpResponse.json({ items: settings, next_cursor: null, total: settings.length });
    }),
    http.get(apiUrl('/roles'), () => HttpResponse.json({ items: [security, viewer], next_cursor: null, total: 2 })),
    http.put(apiUrl('/notification-settings/:event'), async ({ request, params }) => {
      const put: Put = {
        event: String(params.event),
        ifMatch: request.headers.get('If-Match'),
        body: (await request.json()) as NotificationSettingInput,
      };
      puts.push(put);
      const custom = answer?.(put);
      if (custom) return custom;
      const index = settings.findIndex((setting) => setting.event === put.event);
      const current = settings[index]!;
      const saved: NotificationSetting = {
        ...current,
        ...put.body,
        offsets_days: put.body.offsets_days ?? [],
        recipient_role_ids: put.body.recipient_role_ids ?? [],
        customised: true,
        version: current.version + 1,
      };
      settings[index] = saved;
      return HttpResponse.json(saved);
    }),
  );
  return { puts, settingsReads: () => reads, settings };
}

async function table() {
  return screen.findByRole('table', { name: 'Notification settings by event' });
}

/** The row of an event (its row header is the event's name). */
function row(name: string): HTMLElement {
  const header = screen.getByRole('rowheader', { name: new RegExp(`^${name}`) });
  return header.closest('tr')!;
}

describe('NotificationSettingsPage', () => {
  it('is linked from the Administration page', async () => {
    renderApp('/administration');
    expect(await screen.findByRole('link', { name: 'Notification settings' })).toHaveAttribute('href', PAGE);
  });

  it('shows every event of the catalogue with its setting, grouped by module', async () => {
    serveSettings();
    renderApp(PAGE);
    const grid = await table();

    // Groups: the module names head their events.
    const groupHeaders = within(grid).getAllByRole('rowheader').filter((cell) => cell.getAttribute('scope') === 'rowgroup');
    expect(groupHeaders.map((cell) => cell.textContent)).toEqual(['Administration', 'Procurement and vendors']);

    const jobs = row('Background job failed');
    expect(within(jobs).getByText('A background job failed on every attempt.')).toBeVisible();
    expect(within(jobs).getByText('jobs.job_failed')).toBeVisible();
    expect(within(jobs).getByText('Default')).toBeVisible();
    expect(within(jobs).getByRole('switch', { name: 'Notify “Background job failed”' })).toBeChecked();
    const jobChannels = within(jobs).getByRole('group', { name: 'Channels of “Background job failed”' });
    expect(within(jobChannels).getByRole('checkbox', { name: 'In-app' })).toBeChecked();
    expect(within(jobChannels).getByRole('checkbox', { name: 'E-mail' })).toBeChecked();
    expect(within(jobChannels).getByRole('checkbox', { name: 'Webhook' })).not.toBeChecked();
    expect(within(jobChannels).getByRole('checkbox', { name: 'Slack' })).not.toBeChecked();
    expect(within(jobs).getByRole('link', { name: 'E-mail templates of “Background job failed”' })).toHaveAttribute(
      'href',
      '/administration/notifications/jobs.job_failed/templates',
    );

    const contract = row('Contract expiring');
    expect(within(contract).getByText('Customised')).toBeVisible();
    // Reminders and roles as tags.
    expect(within(contract).getByText('7')).toBeVisible();
    expect(within(contract).getByText('30')).toBeVisible();
    // The chosen role shows as a pill (the closed list of options holds it too).
    const pills = within(contract)
      .getAllByText('Security officer')
      .filter((element) => element.closest('[role="option"]') === null);
    expect(pills).toHaveLength(1);
    expect(within(contract).queryAllByText('Viewer').filter((element) => element.closest('[role="option"]') === null)).toHaveLength(0);
    // The reminders input is explained by the note on things that expire.
    const reminders = within(contract).getByRole('combobox', { name: 'Reminder days of “Contract expiring”' });
    expect(reminders).toHaveAccessibleDescription(/only by events about something that expires/);
    expect(screen.getByText(/Reminders apply only to events about something that expires or falls due/)).toBeVisible();

    // Nothing changed yet: no save buttons.
    expect(screen.queryByRole('button', { name: /^Save the settings/ })).toBeNull();
  });

  it('saves one event on its own with If-Match "0" over its defaults and the whole setting', async () => {
    const served = serveSettings();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();

    const jobs = row('Background job failed');
    await user.click(within(jobs).getByRole('checkbox', { name: 'Slack' }));
    await user.click(within(jobs).getByRole('checkbox', { name: 'In-app' }));
    await user.type(within(jobs).getByRole('combobox', { name: 'Reminder days of “Background job failed”' }), '3{Enter}');
    await user.click(within(jobs).getByRole('combobox', { name: 'Roles also notified of “Background job failed”' }));
    await user.click(await screen.findByRole('option', { name: 'Viewer' }));
    // Another event changed too: it stays unsaved.
    await user.click(within(row('Webhook test')).getByRole('switch', { name: 'Notify “Webhook test”' }));

    expect(within(row('Background job failed')).getByText('Unsaved')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Save the settings of “Background job failed”' }));

    expect(await screen.findByText('Settings of “Background job failed” saved.')).toBeVisible();
    expect(served.puts).toEqual([
      {
        event: 'jobs.job_failed',
        ifMatch: '"0"',
        body: { enabled: true, channels: ['email', 'slack'], offsets_days: [3], recipient_role_ids: [viewer.id] },
      },
    ]);
    await waitFor(() => {
      expect(within(row('Background job failed')).getByText('Customised')).toBeVisible();
    });
    expect(within(row('Background job failed')).queryByText('Unsaved')).toBeNull();
    expect(within(row('Webhook test')).getByText('Unsaved')).toBeVisible();
    expect(within(row('Webhook test')).getByRole('switch')).not.toBeChecked();

    // The next save of the same event goes over the version it answered.
    await user.click(within(row('Background job failed')).getByRole('checkbox', { name: 'Webhook' }));
    await user.click(screen.getByRole('button', { name: 'Save the settings of “Background job failed”' }));
    await waitFor(() => {
      expect(served.puts).toHaveLength(2);
    });
    expect(served.puts[1]?.ifMatch).toBe('"1"');
  });

  it('refuses a reminder that is not a number of days from 0 to 365', async () => {
    const served = serveSettings();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    const contract = row('Contract expiring');
    const reminders = within(contract).getByRole('combobox', { name: 'Reminder days of “Contract expiring”' });
    await user.type(reminders, '400{Enter}');
    expect(within(contract).getByText('“400” is not a number of days from 0 to 365.')).toBeVisible();
    expect(reminders).toHaveAttribute('aria-invalid', 'true');
    // Nothing to save: the invalid entry was not taken.
    expect(screen.queryByRole('button', { name: 'Save the settings of “Contract expiring”' })).toBeNull();

    await user.type(reminders, '1{Enter}');
    expect(within(contract).queryByText(/is not a number of days/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save the settings of “Contract expiring”' }));
    await waitFor(() => {
      expect(served.puts).toHaveLength(1);
    });
    expect(served.puts[0]).toMatchObject({ ifMatch: '"3"', body: { offsets_days: [1, 7, 30] } });
  });

  it('discards an event’s changes', async () => {
    const served = serveSettings();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await user.click(within(row('Webhook test')).getByRole('checkbox', { name: 'E-mail' }));
    await user.click(screen.getByRole('button', { name: 'Discard the changes to “Webhook test”' }));
    expect(within(row('Webhook test')).getByRole('checkbox', { name: 'E-mail' })).not.toBeChecked();
    expect(within(row('Webhook test')).queryByText('Unsaved')).toBeNull();
    expect(served.puts).toHaveLength(0);
  });

  it('says when someone else changed the event, and saves again over the version reloaded', async () => {
    let refuse = true;
    const served = serveSettings({
      answer: () => {
        if (!refuse) return undefined;
        refuse = false;
        // Someone else saved meanwhile: the list now answers their version.
        served.settings[0] = settingFixture({ event: JOB_FAILED.code, channels: ['in_app', 'webhook'], customised: true, version: 1 });
        return problemResponse(
          problemFixture({ type: 'https://opsdeck.dev/problems/precondition-failed', status: 412, title: 'Precondition failed' }),
        );
      },
    });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();

    await user.click(within(row('Background job failed')).getByRole('switch'));
    await user.click(screen.getByRole('button', { name: 'Save the settings of “Background job failed”' }));
    const alert = await screen.findByRole('alert', { name: /“Background job failed” was changed by someone else/ });
    expect(alert).toHaveTextContent('Your changes were not saved');
    expect(screen.getByRole('button', { name: 'Save the settings of “Background job failed”' })).toBeDisabled();

    const readsBefore = served.settingsReads();
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() => {
      expect(screen.queryByRole('alert', { name: /was changed by someone else/ })).toBeNull();
    });
    expect(served.settingsReads()).toBeGreaterThan(readsBefore);
    // Their change shows, and the user's change is still there, to be saved again.
    const jobs = row('Background job failed');
    expect(within(jobs).getByRole('checkbox', { name: 'Webhook' })).toBeChecked();
    expect(within(jobs).getByRole('switch')).not.toBeChecked();
    expect(within(jobs).getByText('Unsaved')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Save the settings of “Background job failed”' }));
    expect(await screen.findByText('Settings of “Background job failed” saved.')).toBeVisible();
    expect(served.puts[1]).toEqual({
      event: 'jobs.job_failed',
      ifMatch: '"1"',
      body: { enabled: false, channels: ['in_app', 'webhook'], offsets_days: [], recipient_role_ids: [] },
    });
  });

  it('puts a refused field on its input and the rest of the problem under the event', async () => {
    serveSettings({
      answer: () =>
        problemResponse(
          problemFixture({
            type: 'https://opsdeck.dev/problems/unprocessable',
            status: 422,
            title: 'Some roles do not exist in this organisation.',
            request_id: 'req-roles',
            errors: [
              { field: 'recipient_role_ids', code: 'not_found', message: 'contains a role that does not exist here' },
              { field: 'limits', code: 'invalid', message: 'something else' },
            ],
          }),
        ),
    });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    await table();
    await user.click(within(row('Contract expiring')).getByRole('checkbox', { name: 'Slack' }));
    await user.click(screen.getByRole('button', { name: 'Save the settings of “Contract expiring”' }));

    const alert = await screen.findByRole('alert', { name: 'The settings of “Contract expiring” were not saved' });
    expect(alert).toHaveTextContent('Some roles do not exist in this organisation.');
    expect(alert).toHaveTextContent('limits');
    expect(alert).toHaveTextContent('Request ID: req-roles');
    expect(alert).not.toHaveTextContent('contains a role');
    const roles = within(row('Contract expiring')).getByRole('combobox', { name: 'Roles also notified of “Contract expiring”' });
    expect(roles).toHaveAttribute('aria-invalid', 'true');
    expect(within(row('Contract expiring')).getByText('contains a role that does not exist here')).toBeVisible();
    // Still unsaved, so the user can correct and try again.
    expect(within(row('Contract expiring')).getByText('Unsaved')).toBeVisible();
  });

  it('is read-only without the administrator level', async () => {
    serveSettings();
    serveSession({ me: meFixture({ permissions: allPermissions('read') }) });
    renderApp(PAGE);
    await table();
    expect(screen.getByTestId('read-only-notice')).toHaveTextContent('changing them needs the administrator level');
    const jobs = row('Background job failed');
    expect(within(jobs).getByRole('switch')).toBeDisabled();
    expect(within(jobs).getByRole('checkbox', { name: 'E-mail' })).toBeDisabled();
    expect(within(jobs).getByRole('combobox', { name: /^Reminder days/ })).toBeDisabled();
    expect(within(jobs).getByRole('combobox', { name: /^Roles also notified/ })).toBeDisabled();
    // The templates stay readable.
    expect(within(jobs).getByRole('link', { name: /^E-mail templates/ })).toBeVisible();
  });

  it('explains a failed load and tries again', async () => {
    let fail = true;
    serveSettings();
    server.use(
      http.get(apiUrl('/notification-settings'), () => {
        if (!fail) return HttpResponse.json({ items: [], next_cursor: null, total: 0 });
        return problemResponse(problemFixture({ status: 500, title: 'Internal error', detail: 'Database unavailable.', request_id: 'req-500' }));
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    expect(await screen.findByText('Database unavailable.')).toBeVisible();
    expect(screen.getByText('Request ID: req-500')).toBeVisible();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    // Defaults for every event when the organisation has chosen nothing.
    await table();
    expect(within(row('Webhook test')).getByText('Default')).toBeVisible();
  });

  it('says when the catalogue is empty', async () => {
    serveSettings({ events: [], settings: [] });
    renderApp(PAGE);
    expect(await screen.findByText('No notification events')).toBeVisible();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
