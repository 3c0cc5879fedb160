import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { allPermissions, meFixture, problemFixture } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { apiUrl, problemResponse, server } from '../../../test/server';
import { serveSession } from '../../../test/session';
import { jobFixture } from '../../jobs/jobFixtures';
import type { EmailTemplate, EmailTemplateInput, TemplateLocale } from './notificationSettingsApi';
import { CONTRACT_EXPIRING, JOB_FAILED, renderFixture, templateFixture } from './settingsFixtures';

configure({ asyncUtilTimeout: 5000 });
// Whole-application renders: give a loaded CI machine room.
vi.setConfig({ testTimeout: 30_000 });

const PAGE = '/administration/notifications/jobs.job_failed/templates';

interface Sent {
  locale: string;
  ifMatch?: string | null;
  body?: EmailTemplateInput;
}

interface Log {
  reads: string[];
  puts: Sent[];
  previews: Sent[];
  tests: Sent[];
  resets: string[];
  templates: Partial<Record<TemplateLocale, EmailTemplate>>;
}

type Handler = (sent: Sent) => Response | undefined;

/**
 * Serves the catalogue and the templates of jobs.job_failed (system ones unless given) like the server: a PUT stores the
 * organisation's own (version + 1), a reset goes back to the system one, a preview renders the example values and a
 * test answers 202. `on` may answer instead.
 */
function serveTemplates({
  templates = {},
  on = {},
}: {
  templates?: Partial<Record<TemplateLocale, EmailTemplate>>;
  on?: { put?: Handler; preview?: Handler; test?: Handler };
} = {}): Log {
  const log: Log = { reads: [], puts: [], previews: [], tests: [], resets: [], templates };
  const system = (locale: TemplateLocale) =>
    templateFixture({ locale, subject: `[${locale}] A background job failed: {{.job_kind}}` });
  const current = (locale: TemplateLocale) => log.templates[locale] ?? system(locale);
  server.use(
    http.get(apiUrl('/notification-events'), () =>
      HttpResponse.json({ items: [JOB_FAILED, CONTRACT_EXPIRING], next_cursor: null, total: 2 }),
    ),
    http.get(apiUrl('/email-templates/:event/:locale'), ({ params }) => {
      const locale = params.locale as TemplateLocale;
      log.reads.push(locale);
      return HttpResponse.json(current(locale));
    }),
    http.put(apiUrl('/email-templates/:event/:locale'), async ({ request, params }) => {
      const locale = params.locale as TemplateLocale;
      const sent = { locale, ifMatch: request.headers.get('If-Match'), body: (await request.json()) as EmailTemplateInput };
      log.puts.push(sent);
      const custom = on.put?.(sent);
      if (custom) return custom;
      const saved = templateFixture({
        ...sent.body,
        locale,
        system: false,
        version: current(locale).version + 1,
      });
      log.templates[locale] = saved;
      return HttpResponse.json(saved);
    }),
    http.post(apiUrl('/email-templates/:event/:locale/reset'), ({ params }) => {
      const locale = params.locale as TemplateLocale;
      log.resets.push(locale);
      log.templates[locale] = undefined;
      return HttpResponse.json(system(locale));
    }),
    http.post(apiUrl('/email-templates/:event/:locale/preview'), async ({ request, params }) => {
      const sent = { locale: String(params.locale), body: (await request.json()) as EmailTemplateInput };
      log.previews.push(sent);
      return on.preview?.(sent) ?? HttpResponse.json(renderFixture(sent.body));
    }),
    http.post(apiUrl('/email-templates/:event/:locale/test'), async ({ request, params }) => {
      const sent = { locale: String(params.locale), body: (await request.json()) as EmailTemplateInput };
      log.tests.push(sent);
      return on.test?.(sent) ?? HttpResponse.json({ job_id: 77 }, { status: 202 });
    }),
  );
  return log;
}

async function editor(language = 'English') {
  return screen.findByRole('form', { name: `E-mail template in ${language}` });
}

function field(form: HTMLElement, label: 'Subject' | 'Text body' | 'HTML body'): HTMLInputElement | HTMLTextAreaElement {
  return within(form).getByLabelText(new RegExp(`^${label}`));
}

function unprocessable(errors: { field: string; code: string; message: string }[]) {
  return problemResponse(
    problemFixture({
      type: 'https://opsdeck.dev/problems/unprocessable',
      status: 422,
      title: 'The template cannot be used',
      request_id: 'req-422',
      errors,
    }),
  );
}

describe('EmailTemplatePage', () => {
  it('is linked from the event’s row of the notification settings', async () => {
    serveTemplates();
    server.use(
      http.get(apiUrl('/notification-settings'), () => HttpResponse.json({ items: [], next_cursor: null, total: 0 })),
      http.get(apiUrl('/roles'), () => HttpResponse.json({ items: [], next_cursor: null, total: 0 })),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/administration/notifications');
    await user.click(await screen.findByRole('link', { name: 'E-mail templates of “Background job failed”' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'E-mail template: Background job failed' })).toBeVisible();
  });

  it('shows the system template, its placeholders and a rendered preview', async () => {
    const log = serveTemplates();
    renderApp(PAGE);
    const form = await editor();

    expect(screen.getByRole('tab', { name: 'English' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['English', 'French', 'German', 'Dutch']);
    expect(screen.getByTestId('template-kind')).toHaveTextContent('System template');
    expect(screen.getByText(/Saving creates your organisation’s own template/)).toBeVisible();
    expect(field(form, 'Subject')).toHaveValue('[en] A background job failed: {{.job_kind}}');
    expect(field(form, 'Text body')).toHaveValue('The job {{.job_kind}} (number {{.job_id}}) failed.');
    expect(field(form, 'HTML body')).toHaveValue('<p>The job <strong>{{.job_kind}}</strong> failed.</p>');
    // The system template cannot be "reset".
    expect(screen.queryByRole('button', { name: 'Reset to system template' })).toBeNull();

    const placeholders = screen.getByRole('table', { name: 'Placeholders' });
    const jobKind = within(placeholders).getByRole('button', { name: 'Insert {{.job_kind}} in Text body' }).closest('tr')!;
    expect(jobKind).toHaveTextContent('What the job does');
    expect(jobKind).toHaveTextContent('audit.purge');

    expect(await screen.findByTestId('preview-subject')).toHaveTextContent('[en] A background job failed: audit.purge');
    expect(screen.getByTestId('preview-text')).toHaveTextContent('The job audit.purge (number 42) failed.');
    const frame = screen.getByTitle('HTML version of the e-mail');
    expect(frame.tagName).toBe('IFRAME');
    // Sandboxed without any permission: no script, no form, no navigation, no access to the page.
    expect(frame).toHaveAttribute('sandbox', '');
    expect(frame).toHaveAttribute('srcdoc', '<p>The job <strong>audit.purge</strong> failed.</p>');
    expect(log.previews[0]).toEqual({
      locale: 'en',
      body: {
        subject: '[en] A background job failed: {{.job_kind}}',
        text: 'The job {{.job_kind}} (number {{.job_id}}) failed.',
        html: '<p>The job <strong>{{.job_kind}}</strong> failed.</p>',
      },
    });
  });

  it('renders the preview again once the user stops typing, with its warnings', async () => {
    const log = serveTemplates({
      on: {
        preview: (sent) =>
          sent.body?.text.includes('Owner')
            ? HttpResponse.json(renderFixture(sent.body, ['text: {{.owner}} has no value']))
            : undefined,
      },
    });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await editor();
    await screen.findByTestId('preview-subject');
    const before = log.previews.length;

    await user.type(field(form, 'Text body'), ' Owner');
    await waitFor(() => {
      expect(screen.getByTestId('preview-text')).toHaveTextContent('The job audit.purge (number 42) failed. Owner');
    });
    // Debounced: one request for the whole word, not one per key stroke.
    expect(log.previews.length - before).toBe(1);
    expect(screen.getByTestId('preview-warnings')).toHaveTextContent('text: {{.owner}} has no value');

    // Without a subject there is nothing to render.
    await user.clear(field(form, 'Subject'));
    expect(await screen.findByTestId('preview-incomplete')).toHaveTextContent('Enter a subject and a text body');
  });

  it('shows why the preview cannot be rendered', async () => {
    serveTemplates({
      on: {
        preview: (sent) =>
          sent.body?.html?.includes('{{if')
            ? unprocessable([{ field: 'html', code: 'invalid_template', message: 'unexpected EOF' }])
            : undefined,
      },
    });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await editor();
    await screen.findByTestId('preview-subject');
    fireEvent.change(field(form, 'HTML body'), { target: { value: '<p>{{if .job_id}}</p>' } });
    const alert = await screen.findByRole('alert', { name: 'The preview could not be rendered' });
    expect(alert).toHaveTextContent('HTML body — The template cannot be read: unexpected EOF');
    expect(alert).toHaveTextContent('Request ID: req-422');
    await user.clear(field(form, 'HTML body'));
    expect(await screen.findByText('No HTML body: recipients get the text only.')).toBeVisible();
  });

  it('inserts a placeholder at the cursor of the field last focused', async () => {
    serveTemplates();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await editor();
    const subject = field(form, 'Subject') as HTMLInputElement;

    await user.click(subject);
    // Cursor after "[en] A background job failed:" — the placeholder goes there.
    subject.setSelectionRange(29, 29);
    await user.click(screen.getByRole('button', { name: 'Insert {{.job_id}} in Subject' }));
    expect(subject).toHaveValue('[en] A background job failed:{{.job_id}} {{.job_kind}}');
    expect(subject).toHaveFocus();
    expect(subject.selectionStart).toBe(29 + '{{.job_id}}'.length);

    // A selection is replaced.
    subject.setSelectionRange(0, 4);
    await user.click(screen.getByRole('button', { name: 'Insert {{.job_kind}} in Subject' }));
    expect(subject).toHaveValue('{{.job_kind}} A background job failed:{{.job_id}} {{.job_kind}}');
  });

  it('saves the organisation’s own template over the system one with If-Match "0", then resets it', async () => {
    const log = serveTemplates();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await editor();
    await user.clear(field(form, 'Subject'));
    await user.type(field(form, 'Subject'), 'Job failed');
    await user.click(within(form).getByRole('button', { name: 'Save template' }));

    expect(await screen.findByText('English template saved.')).toBeVisible();
    expect(log.puts).toEqual([
      {
        locale: 'en',
        ifMatch: '"0"',
        body: {
          subject: 'Job failed',
          text: 'The job {{.job_kind}} (number {{.job_id}}) failed.',
          html: '<p>The job <strong>{{.job_kind}}</strong> failed.</p>',
        },
      },
    ]);
    expect(screen.getByTestId('template-kind')).toHaveTextContent('Organisation template');

    // The next save goes over the version saved.
    await user.type(field(await editor(), 'Subject'), '!');
    await user.click(screen.getByRole('button', { name: 'Save template' }));
    await waitFor(() => {
      expect(log.puts).toHaveLength(2);
    });
    expect(log.puts[1]?.ifMatch).toBe('"1"');
    await waitFor(() => {
      expect(field(screen.getByRole('form'), 'Subject')).toHaveValue('Job failed!');
    });

    await user.click(screen.getByRole('button', { name: 'Reset to system template' }));
    const dialog = await screen.findByRole('dialog', { name: 'Return to the system template?' });
    expect(dialog).toHaveTextContent('Your organisation’s English template for “Background job failed” is deleted');
    await user.click(within(dialog).getByRole('button', { name: 'Reset to system template' }));
    expect(await screen.findByText('The system template applies again in English.')).toBeVisible();
    expect(log.resets).toEqual(['en']);
    expect(screen.getByTestId('template-kind')).toHaveTextContent('System template');
    expect(field(await editor(), 'Subject')).toHaveValue('[en] A background job failed: {{.job_kind}}');
  });

  it('puts the server’s template errors on their fields, in words', async () => {
    serveTemplates({
      on: {
        put: () =>
          unprocessable([
            { field: 'subject', code: 'unknown_placeholder', message: '{{.owner}} is not a placeholder of this event' },
            { field: 'html', code: 'invalid_template', message: 'template: html:1: unexpected "}" in operand' },
          ]),
      },
    });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await editor();
    await user.type(field(form, 'Subject'), ' {{.owner}}');
    await user.click(within(form).getByRole('button', { name: 'Save template' }));

    expect(await within(form).findByText('{{.owner}} is not a placeholder of this event.')).toBeVisible();
    expect(field(form, 'Subject')).toHaveAttribute('aria-invalid', 'true');
    expect(field(form, 'Subject')).toHaveFocus();
    expect(within(form).getByText('The template cannot be read: template: html:1: unexpected "}" in operand')).toBeVisible();
    expect(field(form, 'HTML body')).toHaveAttribute('aria-invalid', 'true');
    expect(field(form, 'Text body')).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('template-kind')).toHaveTextContent('System template');
  });

  it('checks the required fields before asking the server', async () => {
    const log = serveTemplates();
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await editor();
    await user.clear(field(form, 'Text body'));
    await user.click(within(form).getByRole('button', { name: 'Save template' }));
    expect(await within(form).findByText('This field is required.')).toBeVisible();
    expect(log.puts).toHaveLength(0);
  });

  it('says when someone else changed the template, and reloads the current version', async () => {
    const log = serveTemplates({
      templates: { en: templateFixture({ system: false, version: 4, subject: 'Ours' }) },
      on: {
        put: () => {
          log.templates.en = templateFixture({ system: false, version: 5, subject: 'Theirs' });
          return problemResponse(problemFixture({ status: 412, title: 'Precondition failed' }));
        },
      },
    });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await editor();
    await user.type(field(form, 'Subject'), ' and mine');
    await user.click(within(form).getByRole('button', { name: 'Save template' }));

    const alert = await screen.findByRole('alert', { name: 'Someone else changed this template' });
    expect(log.puts[0]?.ifMatch).toBe('"4"');
    expect(within(form).getByRole('button', { name: 'Save template' })).toBeDisabled();
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() => {
      expect(field(screen.getByRole('form'), 'Subject')).toHaveValue('Theirs');
    });
    expect(screen.queryByRole('alert', { name: 'Someone else changed this template' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Save template' })).toBeEnabled();
  });

  it('sends a test of the unsaved template to the user and follows its job', async () => {
    const log = serveTemplates();
    server.use(
      http.get(apiUrl('/jobs/:id'), () =>
        HttpResponse.json(jobFixture({ id: 77, kind: 'notify.email', state: 'completed', percent: 100, message: '' })),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await editor();
    await user.type(field(form, 'Subject'), ' (test)');
    await user.click(within(form).getByRole('button', { name: 'Send me a test' }));

    const card = await screen.findByRole('region', { name: 'Test e-mail' });
    expect(card).toHaveTextContent('is being sent to your e-mail address');
    expect(await within(card).findByRole('link', { name: /job monitor/i })).toHaveAttribute('href', '/jobs?job=77');
    expect(log.tests).toEqual([
      {
        locale: 'en',
        body: {
          subject: '[en] A background job failed: {{.job_kind}} (test)',
          text: 'The job {{.job_kind}} (number {{.job_id}}) failed.',
          html: '<p>The job <strong>{{.job_kind}}</strong> failed.</p>',
        },
      },
    ]);
    // Sending a test saves nothing.
    expect(log.puts).toHaveLength(0);
  });

  it('says plainly when e-mail is not configured on the deployment', async () => {
    serveTemplates({
      on: {
        test: () =>
          problemResponse(
            problemFixture({
              type: 'https://opsdeck.dev/problems/conflict',
              status: 409,
              title: 'Conflict',
              detail: 'E-mail is not configured on this deployment (OPSDECK_SMTP_HOST).',
              request_id: 'req-409',
            }),
          ),
      },
    });
    const user = userEvent.setup({ delay: null });
    renderApp(PAGE);
    const form = await editor();
    await user.click(within(form).getByRole('button', { name: 'Send me a test' }));
    const alert = await screen.findByTestId('test-problem');
    expect(alert).toHaveAttribute('role', 'alert');
    expect(alert).toHaveTextContent('E-mail is not configured on this deployment');
    expect(alert).toHaveTextContent('until an operator configures the outgoing mail server');
    expect(alert).toHaveTextContent('Request ID: req-409');
    expect(screen.queryByRole('region', { name: 'Test e-mail' })).toBeNull();
  });

  it('switches language with the tabs, in the address, and asks before dropping unsaved edits', async () => {
    const log = serveTemplates({
      templates: { fr: templateFixture({ locale: 'fr', system: false, version: 2, subject: 'Échec d’une tâche' }) },
    });
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(PAGE);
    await editor();

    await user.click(screen.getByRole('tab', { name: 'French' }));
    const french = await editor('French');
    expect(router.state.location.search).toEqual({ locale: 'fr' });
    expect(field(french, 'Subject')).toHaveValue('Échec d’une tâche');
    expect(screen.getByTestId('template-kind')).toHaveTextContent('Organisation template');
    expect(log.reads).toContain('fr');

    await user.type(field(french, 'Subject'), '!');
    await user.click(screen.getByRole('tab', { name: 'Dutch' }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    expect(dialog).toHaveTextContent('Your changes to the French template are not saved');
    await user.click(within(dialog).getByRole('button', { name: 'Stay on the page' }));
    expect(field(await editor('French'), 'Subject')).toHaveValue('Échec d’une tâche!');
    expect(router.state.location.search).toEqual({ locale: 'fr' });

    await user.click(screen.getByRole('tab', { name: 'Dutch' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Leave and discard' }));
    expect(field(await editor('Dutch'), 'Subject')).toHaveValue('[nl] A background job failed: {{.job_kind}}');
  });

  it('is read-only without the administrator level, preview included', async () => {
    serveTemplates({ templates: { en: templateFixture({ system: false, version: 3 }) } });
    serveSession({ me: meFixture({ permissions: allPermissions('read') }) });
    renderApp(PAGE);
    const form = await editor();
    expect(screen.getByTestId('read-only-notice')).toHaveTextContent('changing it needs the administrator level');
    expect(field(form, 'Subject')).toHaveAttribute('readonly');
    expect(field(form, 'Text body')).toHaveAttribute('readonly');
    for (const name of ['Save template', 'Send me a test', 'Reset to system template']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
    expect(screen.queryByRole('button', { name: /^Insert/ })).toBeNull();
    expect(screen.getByText('{{.job_kind}}')).toBeVisible();
    expect(await screen.findByTestId('preview-subject')).toHaveTextContent('A background job failed: audit.purge');
  });

  it('explains a failed load', async () => {
    serveTemplates();
    server.use(
      http.get(apiUrl('/email-templates/:event/:locale'), () =>
        problemResponse(problemFixture({ status: 500, title: 'Internal error', detail: 'Database unavailable.', request_id: 'req-500' })),
      ),
    );
    renderApp(PAGE);
    expect(await screen.findByText('Database unavailable.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  it('says when the event is not in the catalogue', async () => {
    serveTemplates();
    renderApp('/administration/notifications/nothing.here/templates');
    expect(await screen.findByText('No such notification event')).toBeVisible();
    expect(screen.getByText(/“nothing.here” is not an event of the catalogue/)).toBeVisible();
    expect(screen.queryByRole('tab')).toBeNull();
  });
});
