import * as fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Download, Locator, Page } from '@playwright/test';
import { test, expect, readRoutes, type Sim } from '../fixtures';

// Faults from the browser (issue 7): localStorage unavailable or full, stored values that
// cannot be read, two tabs writing at once, and clocks that disagree. Each test drives the
// real app in Chromium; the `page` fixture fails a test on any panic or uncaught error, and
// `watch()` does the same for a second tab. See docs/reliability.md.

const KEY = (name: string) => `ops-console/v1/${name}`;
const envelope = (data: unknown, schema = 1) => JSON.stringify({ schema, saved_at: '2026-11-29T00:00:00Z', data });
const TEXT = 'kept "in memory" | <b>not bold</b>\nline 2 — ünï 🐤';

// Many steps per test, on a machine that may be busy.
test.describe.configure({ timeout: 90_000 });

/** Fails the test at its end if `p` (a second tab) logs a panic or throws. */
function watch(p: Page, fatal: string[]): void {
  p.on('console', (m) => {
    if (m.text().includes('panicked at')) fatal.push(m.text());
  });
  p.on('pageerror', (e) => fatal.push(`pageerror: ${e.message}`));
}

async function readDownload(d: Download): Promise<string> {
  return fs.readFileSync((await d.path())!, 'utf8');
}

const nav = (page: Page, name: RegExp) => page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name });

/** Ticks Pre-Deploy item 1, then (client-side, so memory survives) adds a Deploy Log entry. */
async function tickAndLog(page: Page, version: string): Promise<void> {
  await page.goto('checklist');
  await page.locator('#chk-pre-deploy-1').check();
  await expect(page.getByTestId('progress-pre-deploy')).toHaveText('1 / 10');
  await nav(page, /Deploy Log/).click();
  await expect(page.locator('h1')).toHaveText('Deploy Log');
  await page.locator('#deploy-version').fill(version);
  await page.locator('#deploy-what').fill(TEXT);
  await page.locator('#deploy-operator').fill('ana');
  await page.getByRole('button', { name: 'Add to the Deploy Log' }).click();
  await expect(page.getByTestId('deploy-table').locator('tbody tr', { hasText: 'kept "in memory"' })).toContainText(version);
}

/** Downloads the export the warning offers and returns the backup. */
async function exportFromWarning(warning: Locator, page: Page): Promise<{ name: string; entries: Record<string, { data: unknown }> }> {
  const [d] = await Promise.all([page.waitForEvent('download'), warning.getByTestId('storage-export').click()]);
  const backup = JSON.parse(await readDownload(d));
  expect(backup.format).toBe('ops-console-backup');
  return { name: d.suggestedFilename(), entries: backup.entries };
}

function expectTickAndEntry(entries: Record<string, { data: unknown }>, version: string): void {
  const lists = JSON.stringify(entries[KEY('checklists')]?.data ?? null);
  expect(lists).toContain('"done":true');
  const log = entries[KEY('deploy-log')]?.data as { entries: { version: string; what_changed: string }[] };
  expect(log.entries).toContainEqual(expect.objectContaining({ version, what_changed: TEXT }));
}

test('localStorage unavailable: runs in memory, says so, and the export holds the tick and the entry', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await tickAndLog(page, '77');
  const warning = page.locator('.storage-warning');
  await expect(warning).toContainText('Browser storage is unavailable (SecurityError');
  await expect(warning).toContainText('kept in this tab only');
  await expect(warning).not.toContainText('full');
  const { name, entries } = await exportFromWarning(warning, page);
  expect(name).toMatch(/^ops-console-backup-\d{8}-\d{6}\.json$/);
  expectTickAndEntry(entries, '77');
  // The Admin Panel's export holds the same (client-side navigation keeps the memory).
  await warning.getByRole('link', { name: 'Open the Admin Panel' }).click();
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-backup').click()]);
  expectTickAndEntry(JSON.parse(await readDownload(d)).entries, '77');
  // Back on the checklist the tick is still there.
  await nav(page, /Checklist/).click();
  await expect(page.locator('#chk-pre-deploy-1')).toBeChecked();
});

test('localStorage full: reads work, writes are kept in memory, the warning says "full", the export holds them', async ({ page }) => {
  await page.addInitScript(
    ([key, settings]) => {
      // Something stored before the storage filled up is still read.
      localStorage.setItem(key, settings);
      Storage.prototype.setItem = function () {
        throw new DOMException("Failed to execute 'setItem' on 'Storage': exceeded the quota.", 'QuotaExceededError');
      };
    },
    [KEY('settings'), envelope({ operator: 'mei', poll_interval_secs: 5 })],
  );
  await page.goto('admin');
  await expect(page.locator('#set-operator')).toHaveValue('mei');
  const warning = page.locator('.storage-warning');
  await expect(warning).toContainText('Browser storage is full');
  await expect(warning).not.toContainText('unavailable');
  await tickAndLog(page, '78');
  await expect(warning).toContainText('Browser storage is full');
  await expect(warning).toContainText('ops-console/v1/deploy-log');
  const { entries } = await exportFromWarning(warning, page);
  expectTickAndEntry(entries, '78');
  expect((entries[KEY('settings')]?.data as { operator: string }).operator).toBe('mei');
  // Nothing reached localStorage.
  expect(await page.evaluate((k) => localStorage.getItem(k), KEY('deploy-log'))).toBeNull();
});

test('unreadable stored values: corrupt, older, newer and hand-edited ones are quarantined; the rest loads on every page', async ({ page }) => {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const approval = {
    id: 'APR-BF-1', action: 'rollback', target: '41', reason: 'kept approval', approver: 'T-JOSH', method: 'call',
    reference: 'INC-BF', approved_at: now, recorded_by: 'ana', recorded_at: now,
  };
  const seeds: Record<string, string> = {
    // Corrupt JSON (cut off).
    [KEY('settings')]: '{"schema":1,"saved_at":"2026-11-29T00:00:00Z","data":{"operator":"an',
    // Written by a newer console.
    [KEY('thresholds')]: envelope({ cold_start_ms: 1500 }, 99),
    // Edited by hand into wrong types.
    [KEY('deploy-log')]: envelope({ entries: [{ id: 7, version: 43, what_changed: null, deployed_at: 'yesterday' }] }),
    // An older schema with no migration (every kind is at schema 1: there is no older one).
    [KEY('checklists')]: envelope({ lists: {} }, 0),
    // Good values: still loaded.
    [KEY('governance-log')]: envelope({ approvals: [approval] }),
    [KEY('gated-templates')]: envelope({}),
  };
  await page.addInitScript((s) => {
    if (sessionStorage.getItem('bf-seeded')) return;
    sessionStorage.setItem('bf-seeded', '1');
    for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v);
  }, seeds);

  // The first load quarantines every unreadable value (all stores load at the app's root)
  // and the header names each one with its reason.
  await page.goto('');
  const warning = page.locator('.storage-warning');
  for (const name of ['settings', 'thresholds', 'deploy-log', 'checklists']) {
    await expect(warning).toContainText(`Stored value ${KEY(name)} could not be read`);
  }
  await expect(warning).toContainText('not a readable console record');
  await expect(warning).toContainText('written by a newer console (schema 99');
  await expect(warning).toContainText('wrong shape');
  await expect(warning).toContainText('schema 0 cannot be migrated');

  // Every page loads (no panic: the fixture), with its heading.
  for (const route of readRoutes()) {
    await page.goto(route);
    await expect(page.locator('h1').first()).toBeVisible();
  }
  // The good values are shown.
  await page.goto('governance-log');
  await expect(page.getByTestId('gov-list')).toContainText('APR-BF-1');
  await expect(page.getByTestId('gov-list')).toContainText('kept approval');
  // The others were replaced by defaults, and the platform's deployments still show.
  await page.goto('deploy-log');
  await expect(page.getByTestId('deploy-table')).toContainText('peck retries');
  await page.goto('checklist');
  await expect(page.getByTestId('progress-pre-deploy')).toHaveText('0 / 10');

  // The Admin Panel lists every quarantined value with its reason; the header warns.
  await page.goto('admin');
  const q = page.getByTestId('quarantine-list');
  for (const name of ['settings', 'thresholds', 'deploy-log', 'checklists']) {
    await expect(q).toContainText(`ops-console/quarantine/${name}/`);
  }
  const quarantined = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ops-console/quarantine/')));
  expect(quarantined).toHaveLength(4);
  // The unreadable values were moved aside unchanged, never overwritten.
  const moved = await page.evaluate(
    (keys) => keys.map((k) => localStorage.getItem(k)),
    quarantined.filter((k) => k.includes('/settings/')),
  );
  expect(moved).toEqual([seeds[KEY('settings')]]);
});

test('two tabs writing at once: ticks, Deploy Log entries, settings, templates and thresholds all survive in both tabs', async ({ page, context }) => {
  const fatal: string[] = [];
  const other = await context.newPage();
  watch(other, fatal);
  for (const p of [page, other]) await p.goto('deploy-log');
  await expect(other.getByTestId('deploy-table')).toContainText('peck retries');

  // Log entries, at the same moment.
  const add = async (p: Page, version: string) => {
    await p.locator('#deploy-version').fill(version);
    await p.locator('#deploy-what').fill(`from tab ${version} | "q" <i>x</i>`);
    await p.locator('#deploy-operator').fill(`op${version}`);
    await p.getByRole('button', { name: 'Add to the Deploy Log' }).click();
  };
  await Promise.all([add(page, '91'), add(other, '92')]);
  for (const p of [page, other]) {
    const table = p.getByTestId('deploy-table');
    await expect(table.locator('tbody tr', { hasText: 'from tab 91' })).toContainText('91');
    await expect(table.locator('tbody tr', { hasText: 'from tab 92' })).toContainText('92');
  }

  // Ticks, at the same moment.
  for (const p of [page, other]) await p.goto('checklist');
  await Promise.all([
    page.locator('#chk-rollback-1').check(),
    other.locator('#chk-rollback-2').check(),
    page.locator('#chk-incident-triage-3').check(),
  ]);
  for (const p of [page, other]) {
    await expect(p.getByTestId('progress-rollback')).toHaveText('2 / 8');
    await expect(p.getByTestId('progress-incident-triage')).toHaveText('1 / 9');
  }

  // Settings: each tab changes a different field and saves at the same moment.
  for (const p of [page, other]) await p.goto('admin');
  await page.locator('#set-operator').fill('tab-one');
  await other.getByLabel('Poll interval (seconds)', { exact: true }).fill('9');
  await Promise.all([
    page.getByRole('button', { name: 'Save settings' }).click(),
    other.getByRole('button', { name: 'Save settings' }).click(),
  ]);
  for (const p of [page, other]) {
    await expect(p.locator('#set-operator')).toHaveValue('tab-one');
    await expect(p.getByLabel('Poll interval (seconds)', { exact: true })).toHaveValue('9');
  }
  const stored = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)!).data, KEY('settings'));
  expect(stored).toMatchObject({ operator: 'tab-one', poll_interval_secs: 9 });

  // Gated-step templates and alert thresholds merge per field too: different fields saved at
  // the same moment both survive; the same field saved later in one tab replaces the other's
  // value, and both tabs say which value won.
  const template = (p: Page, op: string) => p.getByTestId(`gated-${op}`);
  await template(page, 'rollback').getByText('Command template').click();
  await template(other, 'cert-revocation').getByText('Command template').click();
  await page.locator('#gated-rollback-template').fill('rb {function} {alias} {version} # tab one');
  await other.locator('#gated-cert-revocation-template').fill('revoke {cert} # tab two');
  await Promise.all([
    template(page, 'rollback').getByRole('button', { name: 'Save template' }).click(),
    template(other, 'cert-revocation').getByRole('button', { name: 'Save template' }).click(),
  ]);
  for (const p of [page, other]) {
    await expect(p.locator('#gated-rollback-template')).toHaveValue('rb {function} {alias} {version} # tab one');
    await expect(p.locator('#gated-cert-revocation-template')).toHaveValue('revoke {cert} # tab two');
  }
  for (const p of [page, other]) await p.goto('alert-thresholds');
  await page.locator('#th-cold-start-ms').fill('2500');
  await other.locator('#th-ses-amber-pct').fill('70');
  await Promise.all([
    page.getByRole('button', { name: 'Save thresholds' }).click(),
    other.getByRole('button', { name: 'Save thresholds' }).click(),
  ]);
  for (const p of [page, other]) {
    await expect(p.locator('#th-cold-start-ms')).toHaveValue('2500');
    await expect(p.locator('#th-ses-amber-pct')).toHaveValue('70');
  }
  // The same threshold: `other` is editing it when `page` saves; `other` saves later.
  await other.locator('#th-sla-latency-amber-ms').fill('700');
  await page.locator('#th-sla-latency-amber-ms').fill('600');
  await page.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(other.locator('#th-cold-start-ms')).toHaveValue('2500');
  await expect(other.locator('#th-sla-latency-amber-ms')).toHaveValue('700');
  await other.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(other.getByTestId('thresholds-merge-notes')).toContainText(
    'Latency p95 amber from: another tab had saved 600 ms; your later save replaced it with 700 ms.',
  );
  await expect(page.getByTestId('thresholds-merge-notes')).toContainText(
    'Latency p95 amber from: another tab saved 700 ms after your 600 ms; its later value is kept.',
  );
  for (const p of [page, other]) await expect(p.locator('#th-sla-latency-amber-ms')).toHaveValue('700');
  const thresholds = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)!).data, KEY('thresholds'));
  expect(thresholds).toMatchObject({ cold_start_ms: 2500, ses_amber_pct: 70, sla_latency_amber_ms: 700 });
  const templates = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)!).data, KEY('gated-templates'));
  expect(templates).toMatchObject({ rollback: 'rb {function} {alias} {version} # tab one', cert_revocation: 'revoke {cert} # tab two' });

  // A reload of either tab shows the union.
  await other.goto('deploy-log');
  await expect(other.getByTestId('deploy-table')).toContainText('from tab 91');
  await expect(other.getByTestId('deploy-table')).toContainText('from tab 92');
  await other.close();
  expect(fatal).toEqual([]);
});

/** Every text on the page that would show a negative age or time. */
async function negativeAges(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return text.split('\n').filter((l) => /(^|[\s(])[-−]\s?\d+\s?(s|min|h|d)\b|[-−]\d\d:\d\d:\d\d|in the future/.test(l));
}

for (const [label, deviceOffsetH, platformSkewH] of [
  ['device clock 3 h behind', -3, 0],
  ['device clock 5 h ahead', 5, 0],
  ['platform time 2 h ahead', 0, 2],
] as const) {
  test(`clock oddities (${label}): no negative age anywhere, every time and age labelled with its clock`, async ({ page, sim }) => {
    if (platformSkewH) await sim.setClockSkew(platformSkewH * 3600);
    if (deviceOffsetH) {
      await page.clock.install({ time: new Date(Date.now() + deviceOffsetH * 3_600_000) });
      await page.clock.resume();
    }
    for (const route of ['', 'checklist', 'system-health', 'deploy-log', 'incident-log', 'admin']) {
      await page.goto(route);
      await expect(page.getByTestId('data-status')).toContainText('Live', { timeout: 20_000 });
      // Data ages are measured on this device's clock, and say so.
      await expect(page.getByTestId('data-status')).toContainText(/data \d+ s old \(this device\)/);
      if (route === '') {
        const snapshot = page.locator('section#pipeline');
        // Measured on the platform's own clock: about 2 min whatever the device says.
        await expect(snapshot).toContainText(/Snapshot taken 2 min ago \(platform time/);
        // A platform time ahead of this device's clock says by how much, never "0 s".
        const pulse = page.locator('section#agent-fleet .age[data-clock="platform"]');
        const platformAhead = deviceOffsetH < 0 || platformSkewH > 0;
        if (platformAhead) {
          await expect(snapshot).toContainText(/ahead of this device by \d+ h/);
          await expect(pulse).toContainText(/\d+ s ago · platform time, ahead of this device by \d+ h/);
        } else {
          await expect(pulse).toContainText(/\d+ s ago · platform time$/);
          await expect(snapshot).not.toContainText('ahead of');
        }
        // Platform times (deployments) and device times (Route Health's checks) name their clock.
        await expect(page.locator('section#deployments time[data-clock="platform"]').first()).toContainText('· platform time');
        const checked = page.locator('section#route-health .age[data-clock="device"]').first();
        await expect(checked).toContainText(/\d+ s ago · this device/);
        await expect(checked).toHaveAttribute('title', /this device's clock/);
      }
      expect(await negativeAges(page), `${route || 'mission control'}`).toEqual([]);
    }
  });
}

// Pages are split out of the main wasm (src/pages/routes.rs, scripts/split-wasm). A page whose
// module cannot be fetched says so in place of the page, and the shell, the other pages and
// what was ticked stay. (No service worker here: it would serve the module from its cache.)
test.describe('a page whose code cannot be fetched', () => {
  test.use({ serviceWorkers: 'block' });

  test('says so and offers a reload; the shell, other pages and ticks stay; a reload brings it', async ({ page }) => {
    await page.goto('checklist');
    await page.locator('#chk-pre-deploy-1').check();
    await expect(page.getByTestId('progress-pre-deploy')).toHaveText('1 / 10');

    let blocked = true;
    let refused = 0;
    await page.route(/-split_ops_records\.wasm$/, (route) => {
      if (!blocked) return route.continue();
      refused++;
      return route.abort('internetdisconnected');
    });
    await nav(page, /Admin Panel/).click();
    await expect(page.locator('main h1')).toHaveText('This page could not be loaded');
    await expect(page.locator('main').getByRole('alert')).toContainText('could not fetch this page');
    expect(refused).toBeGreaterThan(0);

    // The rest works, with the tick.
    await nav(page, /Ops Checklist/).click();
    await expect(page.locator('main h1')).toHaveText(/Ops Checklist$/);
    await expect(page.getByTestId('progress-pre-deploy')).toHaveText('1 / 10');

    // A later visit tries again; with the network back, the reload the page offers brings it.
    await nav(page, /Admin Panel/).click();
    await expect(page.locator('main h1')).toHaveText('This page could not be loaded');
    blocked = false;
    await page.getByRole('button', { name: 'Reload the page' }).click();
    await expect(page.locator('main h1')).toHaveText(/Admin Panel$/);
    await nav(page, /Ops Checklist/).click();
    await expect(page.getByTestId('progress-pre-deploy')).toHaveText('1 / 10');
  });
});

// The console's own code failing (index.html's watchdog): a trap in the wasm (what a Rust panic
// becomes) or code that never arrives. The page says so instead of showing a frozen or inert
// console as if it were alive. These pages throw on purpose, so they are not the `page`
// fixture, which fails a test on any uncaught error.
test.describe("the console's own code failing", () => {
  async function bare(browser: Browser, sim: Sim): Promise<{ page: Page; errors: Error[]; close: () => Promise<void> }> {
    await sim.reset();
    const context = await browser.newContext({ baseURL: sim.url, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    return { page, errors, close: () => context.close() };
  }

  test('a trap in the wasm: the page says the console stopped, greys out and goes inert; Reload starts it with the tick kept', async ({
    browser,
    sim,
  }) => {
    const { page, errors, close } = await bare(browser, sim);
    await page.goto('checklist');
    await page.locator('#chk-pre-deploy-1').check();
    await expect(page.getByTestId('progress-pre-deploy')).toHaveText('1 / 10');
    await expect(page.locator('.console-stopped')).toHaveCount(0);

    // A real trap of the app's module: an allocation it cannot make aborts, as a panic does.
    await page.evaluate(() => {
      const exports = (window as unknown as { wasmBindings: { initSync: () => Record<string, unknown> } }).wasmBindings.initSync();
      const malloc = (exports.__wbindgen_malloc ?? exports.__wbindgen_export) as (size: number, align: number) => number;
      setTimeout(() => malloc(0xfffffff0, 8));
    });
    const banner = page.getByTestId('console-stopped');
    await expect(banner).toBeVisible();
    await expect(banner).toHaveAttribute('role', 'alert');
    await expect(banner).toContainText('stopped on an internal error');
    await expect(banner).toContainText('do not act on it');
    expect(errors.map((e) => e.name)).toContain('RuntimeError');
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-stopped'))).toBe('stopped');
    // The console under it takes no click: nothing can be ticked or written on a broken app.
    expect(await page.locator('#chk-pre-deploy-2').evaluate((el) => !!el.closest('[inert]'))).toBe(true);
    expect((await new AxeBuilder({ page }).include('[data-testid="console-stopped"]').analyze()).violations).toEqual([]);

    await banner.getByRole('button', { name: 'Reload' }).click();
    await expect(page.locator('main h1')).toHaveText(/Ops Checklist$/);
    await expect(page.getByTestId('progress-pre-deploy')).toHaveText('1 / 10');
    await expect(page.locator('.console-stopped')).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-stopped'))).toBe(false);
    await page.locator('#chk-pre-deploy-2').check();
    await expect(page.getByTestId('progress-pre-deploy')).toHaveText('2 / 10');
    await close();
  });

  test("errors of other code leave the page alone; the wasm's stack overflowing stops it like a trap", async ({ browser, sim }) => {
    const { page, errors, close } = await bare(browser, sim);
    await page.goto('checklist');
    // The app has started and drawn its first answers.
    await page.waitForFunction(() => performance.getEntriesByName('ops-console:ready').length > 0);
    // Uncaught errors that are not the console's wasm: a script's TypeError, a RangeError
    // from JavaScript, a rejected promise. The console still works, so no banner.
    await page.evaluate(() => {
      setTimeout(() => {
        throw new TypeError('Failed to fetch an extension script');
      });
      setTimeout(() => {
        throw new RangeError('Maximum call stack size exceeded');
      });
      void Promise.reject(new Error('some other rejection'));
    });
    await expect.poll(() => errors.length).toBeGreaterThanOrEqual(3);
    await page.waitForTimeout(300);
    await expect(page.locator('.console-stopped')).toHaveCount(0);
    await page.locator('#chk-pre-deploy-1').check();
    await expect(page.getByTestId('progress-pre-deploy')).toHaveText('1 / 10');

    // A stack overflow in wasm code is a RangeError whose stack holds wasm frames (V8 names
    // them `wasm-function[N]`, as in a trap's stack).
    await page.evaluate(() => {
      const overflow = new RangeError('Maximum call stack size exceeded');
      overflow.stack = `RangeError: Maximum call stack size exceeded\n    at ${location.origin}/ops-console_bg.wasm:wasm-function[2378]:0xbb6c0`;
      setTimeout(() => {
        throw overflow;
      });
    });
    await expect(page.getByTestId('console-stopped')).toContainText('stopped on an internal error');
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-stopped'))).toBe('stopped');
    await close();
  });

  test("the console's code cannot be fetched: the page says it could not start; with the network back, Reload starts it", async ({
    browser,
    sim,
  }) => {
    const { page, close } = await bare(browser, sim);
    await page.route(/_bg\.wasm$/, (r) => r.abort('internetdisconnected'));
    await page.goto('checklist');
    const banner = page.getByTestId('console-not-started');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('could not start');
    // The pre-rendered page stays under it, as drawn, greyed.
    await expect(page.locator('[data-prerendered] main h1')).toHaveText(/Ops Checklist/);
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-stopped'))).toBe('not-started');

    await page.unroute(/_bg\.wasm$/);
    await banner.getByRole('button', { name: 'Reload' }).click();
    await expect(page.locator('main h1')).toHaveText(/Ops Checklist$/);
    await expect(page.locator('[data-prerendered]')).toHaveCount(0);
    await expect(page.locator('.console-stopped')).toHaveCount(0);
    await page.locator('#chk-pre-deploy-1').check();
    await expect(page.getByTestId('progress-pre-deploy')).toHaveText('1 / 10');
    await close();
  });
});
