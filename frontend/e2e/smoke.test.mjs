// @ts-check
// Smoke test of the web application against a running `opsdeck serve` (nothing here mocks the API).
// Drives Debian's Chromium through playwright-core, checks the shell, the settings form, the audit log, the 404 page and
// the API reference, runs axe-core on the main pages, fails on any console error (CSP violations included) and saves
// screenshots in e2e/screenshots/ for a person to look at.
//
//   OPSDECK_E2E_BASE_URL   server to test (default http://127.0.0.1:8080)
//   OPSDECK_CHROMIUM       browser binary (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.OPSDECK_E2E_BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const CHROMIUM = process.env.OPSDECK_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const TIMEOUT = 60_000;

/** @type {import('playwright-core').Browser} */
let browser;

/** The tax identifier the settings test saved (then put back); the audit log test looks for it in the diff. */
/** @type {string | undefined} */
let taxIdMarker;

/**
 * @typedef {{ page: import('playwright-core').Page, problems: string[] }} TrackedPage
 */

/**
 * Opens `route` in a fresh browser context (own localStorage: language and theme start from the defaults), recording
 * console errors, uncaught exceptions and failed same-origin requests.
 * @param {string} route
 * @param {{ width: number, height: number }} [viewport]
 * @returns {Promise<TrackedPage>}
 */
async function open(route, viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'en-GB', colorScheme: 'light' });
  const page = await context.newPage();
  page.on('close', () => void context.close().catch(() => {})); // the browser may already be closing
  /** @type {string[]} */
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => {
    problems.push(`uncaught exception: ${error.message}`);
  });
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? '?'})`);
  });
  page.on('response', (response) => {
    if (response.url().startsWith(BASE_URL) && response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });
  await page.goto(BASE_URL + route, { waitUntil: 'networkidle' });
  return { page, problems };
}

/** @param {TrackedPage} tracked */
function assertNoProblems({ problems }) {
  assert.deepEqual(problems, [], `the page reported problems:\n${problems.join('\n')}`);
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
async function screenshot(page, name) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Runs axe-core in the page and fails on serious or critical violations (the rest is printed).
 * The script is evaluated through the DevTools protocol, which the page's CSP does not restrict.
 * @param {import('playwright-core').Page} page
 * @param {string} label
 */
async function assertAccessible(page, label) {
  await page.evaluate(axe.source);
  /** @type {import('axe-core').Result[]} */
  const violations = await page.evaluate(async () => {
    // @ts-expect-error -- axe is the global that axe.source just defined
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return results.violations;
  });
  const describe = (/** @type {import('axe-core').Result} */ v) =>
    `${v.impact ?? '?'} ${v.id}: ${v.help}\n    ${v.nodes
      .slice(0, 5)
      .map((node) => `${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
      .join('\n    ')}`;
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = violations.filter((v) => !blocking.includes(v));
  if (other.length > 0) console.log(`# axe (${label}), not blocking:\n# ${other.map(describe).join('\n# ')}`);
  assert.equal(blocking.length, 0, `axe found serious/critical violations on ${label}:\n${blocking.map(describe).join('\n')}`);
}

/**
 * Types a tax identifier in the settings form, saves, and returns the PATCH answer once it arrived.
 * @param {import('playwright-core').Page} page
 * @param {string} taxId
 */
async function save(page, taxId) {
  const form = page.getByRole('form', { name: 'Organisation settings' });
  await form.getByLabel('Tax identifier').fill(taxId);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${BASE_URL}/api/v1/organization` && r.request().method() === 'PATCH'),
    form.getByRole('button', { name: 'Save changes' }).click(),
  ]);
  const request = response.request();
  assert.equal(request.headers()['content-type'], 'application/merge-patch+json');
  assert.match(request.headers()['if-match'] ?? '', /^"\d+"$/);
  // Let the form settle on the new version before the next edit.
  await page.waitForLoadState('networkidle');
  return response;
}

/**
 * @param {string} apiPath
 * @returns {Promise<{ response: Response, body: any }>}
 */
async function getJson(apiPath) {
  const response = await fetch(BASE_URL + apiPath, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  return { response, body };
}

before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

describe('API', () => {
  test('GET /api/v1/meta answers 200 JSON with a version', { timeout: TIMEOUT }, async () => {
    const { response, body } = await getJson('/api/v1/meta');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(typeof body.version, 'string');
    assert.notEqual(body.version, '');
    assert.ok(Array.isArray(body.modules), 'meta lists the modules');
  });

  test('GET /api/v1/organization returns the ETag the SPA sends back in If-Match', { timeout: TIMEOUT }, async () => {
    const { response, body } = await getJson('/api/v1/organization');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('etag'), `"${body.version}"`);
  });
});

describe('web application', () => {
  test('the shell renders the navigation and the organisation from the server', { timeout: TIMEOUT }, async () => {
    const { body: organization } = await getJson('/api/v1/organization');
    const tracked = await open('/');
    const { page } = tracked;
    const navigation = page.getByRole('navigation', { name: 'Modules' });
    await navigation.getByRole('link', { name: 'Dashboards' }).waitFor();
    await navigation.getByRole('link', { name: 'Administration' }).waitFor();
    await page.getByRole('banner').getByText(organization.name, { exact: true }).waitFor();
    await page.getByRole('heading', { level: 2, name: `Welcome to ${organization.name}` }).waitFor();
    // The HTML the server sent has no inline script (the CSP would block it anyway).
    const inlineScripts = await page.locator('script:not([src])').count();
    assert.equal(inlineScripts, 0, 'index.html must not contain inline scripts');
    await screenshot(page, 'home');
    await assertAccessible(page, 'home (light)');
    assertNoProblems(tracked);
    await page.close();
  });

  test('dark theme and French are applied and remembered', { timeout: TIMEOUT }, async () => {
    const tracked = await open('/');
    const { page } = tracked;
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.getByRole('button', { name: /Change language/ }).click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    await page.getByRole('link', { name: 'Tableaux de bord' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    assert.equal(await page.locator('html').getAttribute('data-mantine-color-scheme'), 'dark');
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Tableaux de bord' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('data-mantine-color-scheme'), 'dark');
    await screenshot(page, 'home-dark-fr');
    await assertAccessible(page, 'home (dark, French)');
    assertNoProblems(tracked);
    await page.close();
  });

  test('the organisation settings form loads, saves with If-Match and is accessible', { timeout: TIMEOUT }, async () => {
    const { body: before } = await getJson('/api/v1/organization');
    const tracked = await open('/administration/organization');
    const { page } = tracked;
    const form = page.getByRole('form', { name: 'Organisation settings' });
    const name = form.getByRole('textbox', { name: /^Name\b/ });
    await name.waitFor();
    assert.equal(await name.inputValue(), before.name);
    await screenshot(page, 'settings');
    await assertAccessible(page, 'organisation settings');

    // A real round trip: change the tax identifier, save, and put it back.
    const marker = `E2E-${Date.now().toString(36).toUpperCase()}`;
    const saved = await save(page, marker);
    taxIdMarker = marker;
    assert.equal(saved.status(), 200);
    await page.getByText('Organisation settings saved').first().waitFor();
    const { body: after } = await getJson('/api/v1/organization');
    assert.equal(after.settings.tax_id, marker);
    assert.equal(after.version, before.version + 1);

    const restored = await save(page, before.settings.tax_id);
    assert.equal(restored.status(), 200);
    const { body: final } = await getJson('/api/v1/organization');
    assert.equal(final.settings.tax_id, before.settings.tax_id);
    assertNoProblems(tracked);
    await page.close();
  });

  test('the audit log shows the organisation creation and the settings update, with its diff', { timeout: TIMEOUT }, async () => {
    const tracked = await open('/administration');
    const { page } = tracked;
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const table = page.getByRole('table', { name: 'Audit events' });
    await table.waitFor();

    // Filter on the organisation through the real API; the filter goes into the address.
    const [filtered] = await Promise.all([
      page.waitForResponse((r) => {
        const url = new URL(r.url());
        return url.pathname === '/api/v1/audit-events' && url.searchParams.get('entity_type') === 'organization';
      }),
      page.getByRole('textbox', { name: 'Entity type' }).fill('organization'),
    ]);
    assert.equal(filtered.status(), 200);
    await page.waitForURL(/[?&]entity_type=organization\b/);
    await page.waitForLoadState('networkidle');

    const rows = table.locator('tbody tr');
    const updates = rows.filter({ has: page.locator('[data-action="update"]') }).filter({ hasText: 'settings.tax_id' });
    await updates.first().waitFor();
    // The settings test saved twice (its marker, then the original value back).
    assert.ok((await updates.count()) >= 2, 'the two saves of the settings test are in the trail');
    const creations = rows.filter({ has: page.locator('[data-action="create"]') });
    // The creation is the oldest event: load older pages until it shows.
    for (let attempt = 0; attempt < 20 && (await creations.count()) === 0; attempt += 1) {
      const more = page.getByRole('button', { name: 'Load more' });
      if ((await more.count()) === 0) break;
      await more.click();
      await page.waitForLoadState('networkidle');
    }
    assert.ok((await creations.count()) >= 1, 'the creation of the organisation is in the trail');
    await page.getByText(/^\d+ of \d+ events?$/).waitFor();

    // The export links carry the same filter and the server answers with an attachment.
    const csvHref = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    assert.ok(csvHref?.includes('entity_type=organization'), `export link: ${csvHref}`);
    const exported = await fetch(BASE_URL + csvHref);
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get('content-disposition') ?? '', /^attachment; filename=".+\.csv"$/);
    assert.match(await exported.text(), /^seq,occurred_at,/);

    await assertAccessible(page, 'audit log');

    // The newest update put the original tax identifier back: its "before" is the settings test's marker.
    await updates.first().getByRole('button', { name: /^Show details of event #\d+$/ }).click();
    const drawer = page.getByRole('dialog', { name: /^Audit event #\d+$/ });
    await drawer.waitFor();
    const diff = drawer.getByRole('table', { name: 'Changed fields' });
    const taxId = diff.getByRole('row').filter({ hasText: 'settings.tax_id' });
    await taxId.waitFor();
    if (taxIdMarker) {
      const [before] = await taxId.getByRole('cell').allTextContents();
      assert.equal(before, taxIdMarker);
    }
    // The drawer slides in (200 ms transition): let it finish before the scan and the picture.
    await page.waitForTimeout(500);
    await assertAccessible(page, 'audit event diff');
    await screenshot(page, 'audit-log');
    assertNoProblems(tracked);
    await page.close();
  });

  test('on a phone the navigation is behind a menu button', { timeout: TIMEOUT }, async () => {
    const tracked = await open('/', { width: 390, height: 844 });
    const { page } = tracked;
    const toggle = page.getByRole('button', { name: 'Open navigation' });
    await toggle.waitFor();
    await toggle.click();
    const navigation = page.getByRole('navigation', { name: 'Modules' });
    await navigation.getByRole('link', { name: 'Administration' }).waitFor();
    await screenshot(page, 'mobile-navigation');
    await navigation.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await page.getByRole('button', { name: 'Open navigation' }).waitFor();
    // The navigation slides away (200 ms transition): let it finish before the picture.
    await page.waitForTimeout(500);
    await screenshot(page, 'mobile-administration');
    await assertAccessible(page, 'administration (phone)');
    assertNoProblems(tracked);
    await page.close();
  });

  test('an unknown address shows the 404 page inside the shell', { timeout: TIMEOUT }, async () => {
    const tracked = await open('/no/such/page');
    const { page } = tracked;
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.getByRole('navigation', { name: 'Modules' }).waitFor();
    await screenshot(page, 'not-found');
    assertNoProblems(tracked);
    await page.close();
  });

  test('a module without pages yet says it arrives later', { timeout: TIMEOUT }, async () => {
    const tracked = await open('/incidents');
    const { page } = tracked;
    await page.getByText('This module arrives in a later release.').waitFor();
    assertNoProblems(tracked);
    await page.close();
  });

  test('the About page shows the server version', { timeout: TIMEOUT }, async () => {
    const { body: meta } = await getJson('/api/v1/meta');
    const tracked = await open('/about');
    const { page } = tracked;
    await page.getByRole('cell', { name: meta.version, exact: true }).waitFor();
    await screenshot(page, 'about');
    assertNoProblems(tracked);
    await page.close();
  });
});

describe('API reference', () => {
  test('/api/docs/ renders Swagger UI on the OpsDeck API', { timeout: TIMEOUT }, async () => {
    const tracked = await open('/api/docs/');
    const { page } = tracked;
    const title = page.locator('.swagger-ui .info .title');
    await title.waitFor();
    assert.match((await title.textContent()) ?? '', /OpsDeck API/);
    await page.locator('.swagger-ui .opblock').first().waitFor();
    await screenshot(page, 'api-docs');
    assertNoProblems(tracked);
    await page.close();
  });
});
