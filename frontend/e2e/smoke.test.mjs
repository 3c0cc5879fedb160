// @ts-check
// Smoke test of the web application against a running `opsdeck serve` (nothing here mocks the API).
// Drives Debian's Chromium through playwright-core: signs in through the login page as the seeded demo users, checks the
// shell, the settings form, the audit log, what a viewer is not shown, two-step verification (enrol, sign in with it,
// turn it off), the 404 page and the API reference; runs axe-core on the main pages in both colour schemes, fails on
// any console error (CSP violations included) and saves screenshots in e2e/screenshots/ for a person to look at.
//
//   OPSDECK_E2E_BASE_URL   server to test (default http://127.0.0.1:8080), seeded with `opsdeck seed --demo`
//   OPSDECK_CHROMIUM       browser binary (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.OPSDECK_E2E_BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const CHROMIUM = process.env.OPSDECK_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const TIMEOUT = 60_000;

/** The password of every demo user (backend/internal/app/seed.go). */
const DEMO_PASSWORD = 'Harbour-Lantern-Quartz-42';
const OWNER = 'owner@acme-energy.example';
const EDITOR = 'editor@acme-energy.example';
const VIEWER = 'viewer@acme-energy.example';
const EMPLOYEE = 'employee@acme-energy.example';

/** @type {import('playwright-core').Browser} */
let browser;

/** The tax identifier the settings test saved (then put back); the audit log test looks for it in the diff. */
/** @type {string | undefined} */
let taxIdMarker;

/**
 * @typedef {{ method: string, path: string, status: number }} ExpectedFailure
 * @typedef {{ page: import('playwright-core').Page, problems: string[], expect: (failure: ExpectedFailure) => void }} TrackedPage
 */

/**
 * Answers every page may get without being an error: on start, the app asks /auth/refresh for a session, which is 401
 * when the browser has none.
 * @type {ExpectedFailure[]}
 */
const ALWAYS_EXPECTED = [{ method: 'POST', path: '/api/v1/auth/refresh', status: 401 }];

/**
 * Opens `route` in a fresh browser context (own localStorage and cookies: language, theme and session start from the
 * defaults), recording console errors, uncaught exceptions, failed same-origin requests and error answers (except the
 * expected ones).
 * @param {string} route
 * @param {{ viewport?: { width: number, height: number }, colorScheme?: 'light' | 'dark' }} [options]
 * @returns {Promise<TrackedPage>}
 */
async function open(route, { viewport = { width: 1366, height: 900 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, locale: 'en-GB', colorScheme });
  const page = await context.newPage();
  page.on('close', () => void context.close().catch(() => {})); // the browser may already be closing
  /** @type {string[]} */
  const problems = [];
  /** @type {ExpectedFailure[]} */
  const expected = [...ALWAYS_EXPECTED];
  /** @param {string} method @param {string} url @param {number} status */
  const isExpected = (method, url, status) =>
    url.startsWith(BASE_URL) &&
    expected.some((e) => e.method === method && e.path === new URL(url).pathname && e.status === status);
  /** The URLs that answered an expected error: Chromium logs each as "Failed to load resource" in the console. */
  const expectedUrls = new Set();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const failedLoad = /^Failed to load resource: the server responded with a status of \d+/.test(message.text());
    if (failedLoad && expectedUrls.has(message.location().url)) return;
    problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => {
    problems.push(`uncaught exception: ${error.message}`);
  });
  page.on('requestfailed', (request) => {
    // A request the browser itself cancels (the page navigated or reloaded while it was in flight) is not a failure
    // of the server; every other network failure is.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? '?'})`);
  });
  page.on('response', (response) => {
    if (!response.url().startsWith(BASE_URL) || response.status() < 400) return;
    if (isExpected(response.request().method(), response.url(), response.status())) {
      expectedUrls.add(response.url());
      return;
    }
    problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  await page.goto(BASE_URL + route, { waitUntil: 'networkidle' });
  return { page, problems, expect: (failure) => void expected.push(failure) };
}

/**
 * Signs in through the login page and waits for the app to come back to `route`.
 * @param {import('playwright-core').Page} page
 * @param {string} email
 * @param {string} route
 */
async function signIn(page, email, route) {
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByRole('textbox', { name: /^E-mail address/ }).fill(email);
  await form.getByLabel(/^Password/).fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  const target = new URL(route, BASE_URL);
  await page.waitForURL((url) => url.pathname === target.pathname);
  await page.waitForLoadState('networkidle');
}

/**
 * Opens `route` signed in as `email`: the app sends a browser without a session to the login page (remembering the
 * route), the user signs in there, and the app brings them back.
 * @param {string} route
 * @param {string} [email]
 * @param {Parameters<typeof open>[1]} [options]
 * @returns {Promise<TrackedPage>}
 */
async function openSignedIn(route, email = OWNER, options = {}) {
  const tracked = await open(`/login?redirect=${encodeURIComponent(route)}`, options);
  await signIn(tracked.page, email, route);
  return tracked;
}

/**
 * The banner's account menu: signed in as someone (and not the development bootstrap administrator).
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
async function assertSignedInAs(page, name) {
  const banner = page.getByRole('banner');
  await banner.getByRole('button', { name: `Account menu of ${name}` }).waitFor();
  assert.equal(await banner.getByText('Development: not signed in').count(), 0, 'no bootstrap badge when signed in');
}

/**
 * Switches the page to the dark scheme with the top bar's toggle.
 * @param {import('playwright-core').Page} page
 */
async function switchToDark(page) {
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.locator('html[data-mantine-color-scheme="dark"]').waitFor();
  // Away from the toggle, so that its tooltip closes before pictures and scans.
  await page.mouse.move(0, 0);
  await page.getByRole('tooltip').waitFor({ state: 'detached' });
}

/**
 * RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits) of a base32 secret at `time` (ms since the epoch).
 * @param {string} secret
 * @param {number} time
 */
function totp(secret, time) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    assert.ok(value >= 0, `not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 1000 / 30)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = (hmac[hmac.length - 1] ?? 0) & 0x0f;
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
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
  // From the top: a full-page picture of a scrolled page draws the fixed header in the middle.
  await page.evaluate('window.scrollTo(0, 0)');
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
 * Runs assertAccessible on each page of a walk and collects the failures, so that one page's violations do not hide
 * the next pages'; `done()` fails with all of them.
 */
function axeWalk() {
  /** @type {string[]} */
  const failures = [];
  return {
    /** @param {import('playwright-core').Page} page @param {string} label */
    check: async (page, label) => {
      try {
        await assertAccessible(page, label);
      } catch (error) {
        if (!(error instanceof assert.AssertionError)) throw error;
        failures.push(error.message);
      }
    },
    done: () => {
      if (failures.length > 0) assert.fail(failures.join('\n\n'));
    },
  };
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

/**
 * @param {string} apiPath
 * @param {unknown} body
 * @returns {Promise<{ response: Response, body: any }>}
 */
async function postJson(apiPath, body) {
  const response = await fetch(BASE_URL + apiPath, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { response, body: await response.json() };
}

/**
 * On a list page, opens the first row's item by its link (the first link of the first body row of `table`) and waits
 * for the detail page's h1, which is the item's name; returns that name.
 * @param {import('playwright-core').Page} page
 * @param {string} table the table's accessible name
 * @param {RegExp} detailPath the detail page's path
 */
async function openFirstRow(page, table, detailPath) {
  const link = page.getByRole('table', { name: table, exact: true }).locator('tbody tr').first().getByRole('link').first();
  await link.waitFor();
  const name = ((await link.textContent()) ?? '').trim();
  assert.notEqual(name, '', `the first row of ${table} has a named link`);
  await link.click();
  await page.waitForURL((url) => detailPath.test(url.pathname));
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  await page.waitForLoadState('networkidle');
  return name;
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

  test('a report runs as a job: 202, progress to completed, then the PDF downloads', { timeout: 2 * TIMEOUT }, async () => {
    const started = await fetch(BASE_URL + '/api/v1/organization/summary-report', { method: 'POST' });
    assert.equal(started.status, 202);
    const { job_id: jobId } = /** @type {{ job_id: number }} */ (await started.json());
    assert.equal(typeof jobId, 'number');
    let job;
    for (let i = 0; i < 100; i++) {
      ({ body: job } = await getJson(`/api/v1/jobs/${jobId}`));
      if (job.state === 'completed' || job.state === 'discarded') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(job.state, 'completed', JSON.stringify(job.errors));
    assert.equal(job.percent, 100);
    const file = await fetch(BASE_URL + job.result.href);
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-disposition') ?? '', /\.pdf/);
    assert.match(file.headers.get('digest') ?? '', /^sha-256=/);
    const bytes = new Uint8Array(await file.arrayBuffer());
    assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), '%PDF-');
  });

  test('GET /api/v1/organization returns the ETag the SPA sends back in If-Match', { timeout: TIMEOUT }, async () => {
    const { response, body } = await getJson('/api/v1/organization');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('etag'), `"${body.version}"`);
  });
});

describe('signing in', () => {
  test('the login page is accessible in both schemes and says when the password is wrong', { timeout: TIMEOUT }, async () => {
    const tracked = await open('/');
    const { page } = tracked;
    // The development server lets the app in without a session, and says so.
    const banner = page.getByRole('banner');
    await banner.getByText('Development: not signed in').waitFor();
    await banner.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL(`${BASE_URL}/login`);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.waitFor();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await screenshot(page, 'login');
    await assertAccessible(page, 'login (light)');

    // One wrong password (the lockout starts after five): the form says so and stays.
    tracked.expect({ method: 'POST', path: '/api/v1/auth/login', status: 401 });
    await form.getByRole('textbox', { name: /^E-mail address/ }).fill(VIEWER);
    await form.getByLabel(/^Password/).fill('not-the-password-1');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The e-mail address or the password is not correct.' }).waitFor();
    assert.equal(await form.getByLabel(/^Password/).inputValue(), '');

    await switchToDark(page);
    await screenshot(page, 'login-dark');
    await assertAccessible(page, 'login (dark, with an error)');
    assertNoProblems(tracked);
    await page.close();
  });

  test('a platform administrator sees the organisations, and no business module', { timeout: TIMEOUT }, async () => {
    const tracked = await openSignedIn('/platform/organizations', 'platform@opsdeck.example');
    const { page } = tracked;
    await assertSignedInAs(page, 'Demo Platform Administrator');
    await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
    await page.getByRole('cell', { name: 'Acme Energy' }).first().waitFor();
    await page.getByRole('cell', { name: 'National Cyber Authority' }).first().waitFor();
    await screenshot(page, 'platform-organisations');
    await assertAccessible(page, 'platform organisations (light)');
    assertNoProblems(tracked);
    await page.close();
  });

  test('a viewer does not see Administration', { timeout: TIMEOUT }, async () => {
    const tracked = await openSignedIn('/', VIEWER);
    const { page } = tracked;
    await assertSignedInAs(page, 'Demo Viewer');
    const navigation = page.getByRole('navigation', { name: 'Modules' });
    await navigation.getByRole('link', { name: 'Assets and inventory' }).waitFor();
    assert.equal(await navigation.getByRole('link', { name: 'Administration' }).count(), 0);
    // A bookmarked administration page says why it is not shown (the API would refuse it anyway).
    await page.goto(`${BASE_URL}/administration/audit-log`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: 'No access to this module' }).waitFor();
    await assertAccessible(page, 'no access (viewer)');
    assertNoProblems(tracked);
    await page.close();
  });

  test('an editor reads the organisation settings but cannot save them', { timeout: TIMEOUT }, async () => {
    const tracked = await openSignedIn('/administration/organization', EDITOR);
    const { page } = tracked;
    const form = page.getByRole('form', { name: 'Organisation settings' });
    await form.getByText(/Changing them needs the Administer level on Administration/).waitFor();
    assert.equal(await form.getByRole('button', { name: 'Save changes' }).count(), 0);
    assert.equal(await form.getByRole('textbox', { name: /^Name\b/ }).isDisabled(), true);
    assertNoProblems(tracked);
    await page.close();
  });
});

describe('web application (signed in as the owner)', () => {
  test('the shell renders the navigation and the organisation from the server', { timeout: TIMEOUT }, async () => {
    const { body: organization } = await getJson('/api/v1/organization');
    const tracked = await openSignedIn('/');
    const { page } = tracked;
    await assertSignedInAs(page, 'Demo Owner');
    const navigation = page.getByRole('navigation', { name: 'Modules' });
    await navigation.getByRole('link', { name: 'Dashboards' }).waitFor();
    await navigation.getByRole('link', { name: 'Administration' }).waitFor();
    await page.getByRole('banner').getByText(organization.name, { exact: true }).waitFor();
    await page.getByRole('heading', { level: 2, name: `Welcome to ${organization.name}` }).waitFor();
    // The owner belongs to one organisation: no switcher.
    assert.equal(await page.getByRole('button', { name: /Switch organisation/ }).count(), 0);
    // The HTML the server sent has no inline script (the CSP would block it anyway).
    const inlineScripts = await page.locator('script:not([src])').count();
    assert.equal(inlineScripts, 0, 'index.html must not contain inline scripts');
    // The access token stays in memory: nothing of the session in Web Storage, and the refresh cookie is httpOnly.
    /** @type {string} */
    const stored = await page.evaluate('JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])');
    assert.doesNotMatch(stored, /eyJ|ort_/, 'no token in Web Storage');
    assert.equal(await page.evaluate('document.cookie'), '');
    await screenshot(page, 'home');
    await assertAccessible(page, 'home (light)');
    assertNoProblems(tracked);
    await page.close();
  });

  test('dark theme and French are applied and remembered, and a reload keeps the session', { timeout: TIMEOUT }, async () => {
    const tracked = await openSignedIn('/');
    const { page } = tracked;
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.getByRole('button', { name: /Change language/ }).click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    await page.getByRole('link', { name: 'Tableaux de bord' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    assert.equal(await page.locator('html').getAttribute('data-mantine-color-scheme'), 'dark');
    // The token lives in memory only: the reload restores the session from the refresh cookie.
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Tableaux de bord' }).waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Menu du compte de Demo Owner' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('data-mantine-color-scheme'), 'dark');
    await screenshot(page, 'home-dark-fr');
    await assertAccessible(page, 'home (dark, French)');
    assertNoProblems(tracked);
    await page.close();
  });

  test('the organisation settings form loads, saves with If-Match and is accessible', { timeout: TIMEOUT }, async () => {
    const { body: before } = await getJson('/api/v1/organization');
    const tracked = await openSignedIn('/administration/organization');
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
    assert.match(saved.request().headers()['authorization'] ?? '', /^Bearer /, 'the save is signed with the session');
    await page.getByText('Organisation settings saved').first().waitFor();
    const { body: after } = await getJson('/api/v1/organization');
    assert.equal(after.settings.tax_id, marker);
    assert.equal(after.version, before.version + 1);

    const restored = await save(page, before.settings.tax_id);
    assert.equal(restored.status(), 200);
    const { body: final } = await getJson('/api/v1/organization');
    assert.equal(final.settings.tax_id, before.settings.tax_id);

    // The primary button used to fail colour contrast in the dark scheme.
    await switchToDark(page);
    await screenshot(page, 'settings-dark');
    await assertAccessible(page, 'organisation settings (dark)');
    assertNoProblems(tracked);
    await page.close();
  });

  test('the audit log shows the organisation creation and the settings update, with its diff', { timeout: TIMEOUT }, async () => {
    const tracked = await openSignedIn('/administration');
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
    // Signed in, the saves are the owner's (no longer the bootstrap administrator's).
    await updates.first().getByText('Demo Owner').waitFor();
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

    // The export carries the same filter, goes through the API client (with the session's token) and is saved.
    const [exportRequest, download] = await Promise.all([
      page.waitForRequest((r) => r.url().startsWith(`${BASE_URL}/api/v1/audit-events/export?`)),
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    assert.ok(exportRequest.url().includes('entity_type=organization'), `export request: ${exportRequest.url()}`);
    assert.match(exportRequest.headers()['authorization'] ?? '', /^Bearer /);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const saved = await download.path();
    assert.match(await readFile(saved, 'utf8'), /^seq,occurred_at,/);

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

  test('every page passes axe in the dark scheme', { timeout: 4 * TIMEOUT }, async () => {
    const tracked = await openSignedIn('/', OWNER, { colorScheme: 'dark' });
    const { page } = tracked;
    assert.equal(await page.locator('html').getAttribute('data-mantine-color-scheme'), 'dark');
    const pages = axeWalk();
    for (const [route, heading] of [
      ['/', 'Dashboard'],
      ['/administration', 'Administration'],
      ['/administration/organization', 'Organisation settings'],
      ['/administration/audit-log', 'Audit log'],
      ['/administration/members', 'Members'],
      ['/administration/groups', 'Groups'],
      ['/administration/roles', 'Roles and permissions'],
      ['/administration/security/sso', 'Single sign-on'],
      ['/administration/webhooks', 'Webhooks'],
      ['/administration/notifications', 'Notification settings'],
      ['/administration/notification-deliveries', 'Delivery log'],
      ['/administration/tags', 'Tags'],
      ['/administration/custom-fields', 'Custom fields'],
      ['/assets', 'Assets'],
      ['/assets/locations', 'Locations'],
      ['/assets/import', 'Import assets'],
      ['/assets/import?entity=software', 'Import software'],
      ['/assets/peripherals', 'Peripherals'],
      ['/assets/maintenance', 'Maintenance'],
      ['/assets/disposals', 'Disposals'],
      ['/assets/inventory', 'Inventory campaigns'],
      ['/assets/software', 'Software'],
      ['/assets/licences', 'Licences'],
      ['/assets/configurations', 'Configurations'],
      ['/assets/dashboard', 'Assets dashboard'],
      ['/assets/reports', 'Asset reports'],
      ['/jobs', 'Background jobs'],
      ['/notifications', 'Notifications'],
      ['/about', 'About OpsDeck'],
      ['/incidents', 'Incidents'],
      ['/no/such/page', 'Page not found'],
    ]) {
      await page.goto(BASE_URL + route, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await pages.check(page, `${route} (dark)`);
    }
    // The menus of the top bar, open.
    await page.getByRole('button', { name: 'Account menu of Demo Owner' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
    await assertAccessible(page, 'user menu (dark)');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Change language/ }).click();
    await page.getByRole('menuitem', { name: 'Français' }).waitFor();
    await assertAccessible(page, 'language menu (dark)');
    await page.keyboard.press('Escape');
    pages.done();
    assertNoProblems(tracked);
    await page.close();
  });

  test('a peripheral, a licence, a configuration and an inventory campaign pass axe in the dark scheme', { timeout: 3 * TIMEOUT }, async () => {
    const tracked = await openSignedIn('/assets/peripherals', OWNER, { colorScheme: 'dark' });
    const { page } = tracked;
    assert.equal(await page.locator('html').getAttribute('data-mantine-color-scheme'), 'dark');
    const details = axeWalk();
    for (const [list, heading, table, detail, picture] of /** @type {const} */ ([
      ['/assets/peripherals', 'Peripherals', 'Peripherals', /^\/assets\/peripherals\/[0-9a-f-]{36}$/, 'peripheral-dark'],
      ['/assets/licences', 'Licences', 'Licences', /^\/assets\/licences\/[0-9a-f-]{36}$/, 'licence-dark'],
      ['/assets/configurations', 'Configurations', 'Configurations', /^\/assets\/configurations\/[0-9a-f-]{36}$/, 'configuration-dark'],
      ['/assets/inventory', 'Inventory campaigns', 'Inventory campaigns', /^\/assets\/inventory\/[0-9a-f-]{36}$/, 'campaign-dark'],
    ])) {
      await page.goto(BASE_URL + list, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      const name = await openFirstRow(page, table, detail);
      await screenshot(page, picture);
      await details.check(page, `${list}: ${name} (dark)`);
    }
    details.done();
    assertNoProblems(tracked);
    await page.close();
  });

  test('the assets dashboard draws its figures and charts from the server', { timeout: TIMEOUT }, async () => {
    const { response, body: dashboard } = await getJson('/api/v1/assets/dashboard');
    const tracked = await openSignedIn('/assets/dashboard');
    const { page } = tracked;
    await page.getByRole('heading', { level: 1, name: 'Assets dashboard' }).waitFor();
    const fleet = page.getByRole('region', { name: 'Fleet', exact: true }).locator('[data-stat]');
    await fleet.waitFor();
    const shown = ((await fleet.textContent()) ?? '').trim();
    assert.match(shown, /^\d[\d,]*$/, `the fleet size is a number: ${shown}`);
    if (response.status === 200) assert.equal(shown.replace(/,/g, ''), String(dashboard.fleet));
    assert.ok(Number(shown.replace(/,/g, '')) > 0, 'the demo fleet is not empty');
    // Every statistic has a value.
    const stats = await page.locator('[data-stat]').allTextContents();
    assert.ok(stats.length >= 8, `eight statistics, got ${stats.length}`);
    for (const stat of stats) assert.notEqual(stat.trim(), '', 'no empty statistic');
    // The charts: each a figure named by its caption, with bars drawn (the demo fleet has statuses and brands).
    for (const chart of ['Status mix', 'Brand mix']) {
      const figure = page.getByRole('figure', { name: chart });
      await figure.waitFor();
      assert.ok((await figure.locator('[data-bar]').count()) > 0, `${chart} draws bars`);
    }
    await page.getByRole('figure', { name: /^Warranties ending per month/ }).waitFor();
    await page.getByRole('table', { name: 'CAPEX and current value' }).or(page.getByText('No asset has a cost yet.')).waitFor();
    await screenshot(page, 'assets-dashboard');
    await assertAccessible(page, 'assets dashboard (light)');
    assertNoProblems(tracked);
    await page.close();
  });

  test('scanning a tag in an open inventory campaign verifies the asset', { timeout: 2 * TIMEOUT }, async () => {
    // An open campaign in progress (the demo has one about half done), else any open one with an asset still to check,
    // else a new one over the fleet.
    const { body: open } = await getJson('/api/v1/inventory-campaigns?status=open&limit=50');
    /** @typedef {{ id: string, name: string, pending: number, verified: number, flagged: number }} OpenCampaign */
    /** @type {OpenCampaign[]} */
    const candidates = open.items.filter((/** @type {OpenCampaign} */ c) => c.pending > 0);
    let campaign = candidates.find((c) => c.verified + c.flagged > 0) ?? candidates[0];
    if (campaign === undefined) {
      const { response, body } = await postJson('/api/v1/inventory-campaigns', { name: `E2E inventory ${Date.now().toString(36)}` });
      assert.equal(response.status, 201, JSON.stringify(body));
      campaign = body;
    }
    assert.ok(campaign);
    const { body: pending } = await getJson(`/api/v1/inventory-campaigns/${campaign.id}/items?result=pending&limit=100`);
    const item = pending.items.find((/** @type {{ asset_tag: string | null }} */ i) => i.asset_tag);
    assert.ok(item, 'a pending asset with a tag');

    const tracked = await openSignedIn(`/assets/inventory/${campaign.id}`);
    const { page } = tracked;
    await page.getByRole('heading', { level: 1, name: campaign.name, exact: true }).waitFor();
    const verified = page.getByTestId('count-verified');
    const before = Number(((await verified.locator('p').first().textContent()) ?? '').replace(/,/g, ''));
    await screenshot(page, 'campaign');

    const scan = page.getByRole('textbox', { name: 'Asset tag or serial' });
    await scan.fill(item.asset_tag);
    await scan.press('Enter');
    await page.getByRole('status').filter({ hasText: `${item.asset_name} verified.` }).waitFor();
    // Ready for the next scan: emptied, focused.
    assert.equal(await scan.inputValue(), '');
    await page.waitForFunction("document.activeElement?.labels?.[0]?.textContent?.trim() === 'Asset tag or serial'");
    // The counts follow.
    await verified.getByText(new Intl.NumberFormat('en-GB').format(before + 1), { exact: true }).waitFor();
    const { body: after } = await getJson(`/api/v1/inventory-campaigns/${campaign.id}/items?q=${encodeURIComponent(item.asset_tag)}`);
    const checked = after.items.find((/** @type {{ asset_id: string }} */ i) => i.asset_id === item.asset_id);
    assert.equal(checked?.result, 'verified');
    await screenshot(page, 'campaign-scanned');

    // Scanning it again says it is done already.
    await scan.fill(item.asset_tag);
    await scan.press('Enter');
    await page.getByRole('status').filter({ hasText: `${item.asset_name} is already checked (Verified)` }).waitFor();
    await assertAccessible(page, 'inventory campaign after scans');
    assertNoProblems(tracked);
    await page.close();
  });

  test('the software list leads the owner to the software import wizard', { timeout: TIMEOUT }, async () => {
    const tracked = await openSignedIn('/assets/software');
    const { page } = tracked;
    await page.getByRole('heading', { level: 1, name: 'Software', exact: true }).waitFor();
    await page.getByRole('table', { name: 'Software', exact: true }).locator('tbody tr').first().waitFor();
    await screenshot(page, 'software');
    const open = page.getByRole('link', { name: 'Import', exact: true });
    await open.click();
    await page.waitForURL((url) => url.pathname === '/assets/import' && url.searchParams.get('entity') === 'software');
    await page.getByRole('heading', { level: 1, name: 'Import software' }).waitFor();
    await page.getByRole('table', { name: 'Expected columns' }).locator('tbody tr').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'import-software');
    await assertAccessible(page, 'import software (light)');
    assertNoProblems(tracked);
    await page.close();
  });

  test('an asset is created, checked out, checked in, and its history tells it', { timeout: 2 * TIMEOUT }, async () => {
    const tracked = await openSignedIn('/assets');
    const { page } = tracked;
    await page.getByRole('heading', { level: 1, name: 'Assets' }).waitFor();
    // The demo fleet is there, paged by the server.
    await page.getByRole('table', { name: 'Assets' }).getByRole('row').nth(5).waitFor();
    await screenshot(page, 'assets');
    const tag = `E2E-${Date.now().toString(36).toUpperCase()}`;
    await page.getByRole('button', { name: 'New asset' }).click();
    const form = page.getByRole('dialog', { name: 'New asset' });
    await form.getByRole('textbox', { name: /^Name/ }).fill(`E2E laptop ${tag}`);
    await form.getByRole('textbox', { name: /^Asset tag/ }).fill(tag);
    await screenshot(page, 'asset-form');
    await assertAccessible(page, 'new asset form');
    await form.getByRole('button', { name: 'Add the asset' }).click();
    // The new asset's page.
    await page.getByRole('heading', { level: 1, name: new RegExp(`E2E laptop ${tag}`) }).waitFor();
    await page.getByText('In stock').first().waitFor();

    await page.getByRole('button', { name: 'Check out' }).click();
    const out = page.getByRole('dialog', { name: /^Check out/ });
    const person = out.getByRole('combobox', { name: /^Person/ }).or(out.getByRole('textbox', { name: /^Person/ }));
    await person.click();
    await person.fill('Demo Employee');
    await page.getByRole('option', { name: /Demo Employee/ }).click();
    await out.getByRole('textbox', { name: /^Note/ }).fill('Laptop for the e2e run');
    await out.getByRole('button', { name: 'Check out' }).click();
    await page.getByText('In use').first().waitFor();

    await page.getByRole('button', { name: 'Check in' }).click();
    const back = page.getByRole('dialog', { name: /^Check in/ });
    await back.getByRole('button', { name: 'Check in' }).click();
    await page.getByText('In stock').first().waitFor();

    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByText(/Checked out to Demo Employee/).first().waitFor();
    await page.getByText(/Laptop for the e2e run/).first().waitFor();
    await screenshot(page, 'asset-history');
    await assertAccessible(page, 'asset history');
    await page.getByRole('tab', { name: 'Custody' }).click();
    await page.getByRole('table').getByText('Demo Employee').first().waitFor();
    await page.getByRole('tab', { name: 'Links' }).click();
    await screenshot(page, 'asset-links');
    await assertAccessible(page, 'asset links');
    assertNoProblems(tracked);
    await page.close();
  });

  test('the import wizard checks a file and lists its problems line by line', { timeout: 2 * TIMEOUT }, async () => {
    const tracked = await openSignedIn('/assets/import');
    const { page } = tracked;
    await page.getByRole('heading', { level: 1, name: 'Import assets' }).waitFor();
    await page.getByRole('table', { name: 'Expected columns' }).getByText('cf.cost_centre').waitFor();
    const csv = 'asset_tag,name,purchase_date,location\n' +
      'E2E-IMP-1,Imported laptop,2025-02-01,Brussels HQ\n' +
      'E2E-IMP-2,Bad date,2025-02-30,Brussels HQ\n' +
      'E2E-IMP-3,Nowhere,,Atlantis\n';
    await page.locator('input[type="file"]').setInputFiles({ name: 'assets.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const problems = page.getByRole('table', { name: 'Problems found' });
    await problems.getByText('must be a date YYYY-MM-DD').waitFor({ timeout: 30_000 });
    await problems.getByText(/Atlantis/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Apply the import' }).isDisabled(), true, 'a file with problems cannot be applied');
    await screenshot(page, 'import-dry-run');
    await assertAccessible(page, 'import dry run');
    const { body } = await getJson('/api/v1/assets?q=E2E-IMP');
    assert.equal(body.total, 0, 'the dry run wrote nothing');
    assertNoProblems(tracked);
    await page.close();
  });

  test('on a phone the navigation is behind a menu button', { timeout: TIMEOUT }, async () => {
    const tracked = await openSignedIn('/', OWNER, { viewport: { width: 390, height: 844 } });
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
    const tracked = await openSignedIn('/no/such/page');
    const { page } = tracked;
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.getByRole('navigation', { name: 'Modules' }).waitFor();
    await screenshot(page, 'not-found');
    assertNoProblems(tracked);
    await page.close();
  });

  test('a module without pages yet says it arrives later', { timeout: TIMEOUT }, async () => {
    const tracked = await openSignedIn('/incidents');
    const { page } = tracked;
    await page.getByText('This module arrives in a later release.').waitFor();
    assertNoProblems(tracked);
    await page.close();
  });

  test('the About page shows the server version', { timeout: TIMEOUT }, async () => {
    const { body: meta } = await getJson('/api/v1/meta');
    const tracked = await openSignedIn('/about');
    const { page } = tracked;
    // The version's own row: in a build from a clean checkout the version and the commit are the same string.
    await page.getByRole('row', { name: /^Server version/ }).getByRole('cell', { name: meta.version, exact: true }).waitFor();
    await screenshot(page, 'about');
    assertNoProblems(tracked);
    await page.close();
  });

  test('signing out forgets the session, also after a reload', { timeout: TIMEOUT }, async () => {
    const tracked = await openSignedIn('/about');
    const { page } = tracked;
    await page.getByRole('button', { name: 'Account menu of Demo Owner' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(`${BASE_URL}/login`);
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    await page.reload({ waitUntil: 'networkidle' });
    // No session any more: the development server's bootstrap administrator is back.
    await page.goto(`${BASE_URL}/`, { waitUntil: 'networkidle' });
    await page.getByRole('banner').getByText('Development: not signed in').waitFor();
    assertNoProblems(tracked);
    await page.close();
  });
});

describe('two-step verification', () => {
  test('enrol an authenticator app, sign in with it, turn it off', { timeout: 3 * TIMEOUT }, async () => {
    const tracked = await openSignedIn('/profile', EMPLOYEE);
    const { page } = tracked;
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    const twoStep = page.getByRole('region', { name: 'Two-step verification' });
    await twoStep.getByTestId('two-step-status').filter({ hasText: 'Off' }).waitFor();
    // An employee reads policies and training only.
    const navigation = page.getByRole('navigation', { name: 'Modules' });
    await navigation.getByRole('link', { name: 'Training' }).waitFor();
    assert.equal(await navigation.getByRole('link', { name: 'Administration' }).count(), 0);
    await screenshot(page, 'profile');
    await assertAccessible(page, 'profile (light)');

    // Enrol: the QR code and the secret, then a first code computed here from the secret.
    await twoStep.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await twoStep.getByRole('img', { name: 'QR code to add OpsDeck to your authenticator app' }).waitFor();
    const secret = ((await twoStep.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    await assertAccessible(page, 'profile: enrolment');
    const enrolment = twoStep.getByRole('form', { name: 'Confirm the authenticator app' });
    await enrolment.getByRole('textbox', { name: /^Code from the app/ }).fill(totp(secret, Date.now()));
    await enrolment.getByRole('button', { name: 'Verify and turn on' }).click();
    const codes = twoStep.getByRole('list', { name: 'Recovery codes' });
    await codes.waitFor();
    assert.equal(await codes.getByRole('listitem').count(), 10);
    await twoStep.getByText('Store these recovery codes now: they will not be shown again.').waitFor();
    await screenshot(page, 'profile-recovery-codes');
    await assertAccessible(page, 'profile: recovery codes');
    await twoStep.getByRole('button', { name: 'I have stored them' }).click();
    await twoStep.getByTestId('two-step-status').filter({ hasText: 'On' }).waitFor();

    // Sign out, and in again: the password is not enough any more.
    await page.getByRole('button', { name: 'Account menu of Demo Employee' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(`${BASE_URL}/login`);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByRole('textbox', { name: /^E-mail address/ }).fill(EMPLOYEE);
    await form.getByLabel(/^Password/).fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    const step = page.getByRole('form', { name: 'Two-step verification' });
    await step.waitFor();
    await page.getByRole('heading', { level: 1, name: 'Two-step verification' }).waitFor();
    await page.getByRole('button', { name: 'Use a recovery code instead' }).waitFor();
    await screenshot(page, 'totp');
    await assertAccessible(page, 'TOTP step (light)');
    await switchToDark(page);
    await screenshot(page, 'totp-dark');
    await assertAccessible(page, 'TOTP step (dark)');
    // The enrolment used the current step's code: a code is accepted once, so answer with the next step's.
    await step.getByRole('textbox', { name: /^Authentication code/ }).fill(totp(secret, Date.now() + 30_000));
    await step.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${BASE_URL}/`);
    await assertSignedInAs(page, 'Demo Employee');

    // Turn it off again with the password.
    await page.goto(`${BASE_URL}/profile`, { waitUntil: 'networkidle' });
    const section = page.getByRole('region', { name: 'Two-step verification' });
    await section.getByTestId('two-step-status').filter({ hasText: 'On' }).waitFor();
    await screenshot(page, 'profile-dark');
    await assertAccessible(page, 'profile (dark)');
    const disable = section.getByRole('form', { name: 'Turn off two-step verification' });
    await disable.getByLabel(/^Current password/).fill(DEMO_PASSWORD);
    const [disabled] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${BASE_URL}/api/v1/me/mfa/totp/disable`),
      disable.getByRole('button', { name: 'Turn off two-step verification' }).click(),
    ]);
    assert.equal(disabled.status(), 204);
    await section.getByTestId('two-step-status').filter({ hasText: 'Off' }).waitFor();
    assertNoProblems(tracked);
    await page.close();
  });

  test('an API token is shown once, listed by its prefix, and revoked', { timeout: TIMEOUT }, async () => {
    const tracked = await openSignedIn('/profile', OWNER);
    const { page } = tracked;
    const tokens = page.getByRole('region', { name: 'API tokens' });
    await tokens.getByRole('button', { name: 'Create a token' }).click();
    const form = tokens.getByRole('form', { name: 'New API token' });
    await form.getByRole('textbox', { name: /^Name/ }).fill('E2E integration');
    await form.getByRole('combobox', { name: /^Module/ }).click();
    await page.getByRole('option', { name: 'Assets and inventory' }).click();
    await form.getByRole('button', { name: 'Create the token' }).click();
    const shown = tokens.getByTestId('new-api-token');
    await shown.waitFor();
    const token = (await shown.textContent()) ?? '';
    assert.match(token, /^odk_/);
    await assertAccessible(page, 'profile: new API token');

    // The token works on the API, within its scope.
    const meta = await fetch(`${BASE_URL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(meta.status, 200);
    const principal = /** @type {{ kind: string }} */ (await meta.json());
    assert.equal(principal.kind, 'api_token');

    await tokens.getByRole('button', { name: 'Done' }).click();
    assert.equal(await page.getByText(token).count(), 0, 'the token is never shown again');
    const row = tokens.getByRole('row').filter({ hasText: 'E2E integration' });
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: 'Revoke the token “E2E integration”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this token?' });
    await dialog.getByRole('button', { name: 'Revoke the token' }).click();
    await row.getByText('Revoked').waitFor();
    const revoked = await fetch(`${BASE_URL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(revoked.status, 401);
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
