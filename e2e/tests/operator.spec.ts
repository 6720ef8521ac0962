import type { Page } from '@playwright/test';
import { test, expect, serviceWorkerActive } from '../fixtures';

// Operator experience (issue 8): after a first visit the app shell loads with no network
// (service worker) and the pages show the platform's last-known answers (browser storage),
// labelled and never green; hand-off links carry the incident state to a second browser,
// read-only until adopted, and a malformed one is refused with its reason.

const KEY = (name: string) => `ops-console/v1/${name}`;
const envelope = (data: unknown) => JSON.stringify({ schema: 1, saved_at: '2026-11-29T00:00:00Z', data });
const LAST_KNOWN = /Last known at \d\d:\d\d:\d\d UTC, (under 1|\d+) min ago/;

const dataStatus = (page: Page) => page.getByTestId('data-status');
const card = (page: Page, id: string) => page.locator(`section#${id}`);

test('on a page the service worker controls, the platform routes go to the network without it', async ({ page }) => {
  await page.goto('');
  await serviceWorkerActive(page);
  await page.reload();
  await expect(page.getByTestId('data-status')).toContainText('Live');
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await page.getByRole('button', { name: 'Refresh now' }).click();
  // Chromium's static routing: each request says which route it matched (resource timing).
  const sources = () =>
    page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.startsWith('/beak'))
        .map((e) => (e as PerformanceResourceTiming & { workerMatchedSourceType?: string }).workerMatchedSourceType ?? ''),
    );
  await expect.poll(async () => (await sources()).length).toBeGreaterThanOrEqual(3);
  expect(new Set(await sources())).toEqual(new Set(['network']));
});

test('offline after a first visit: the shell loads and shows the last-known data, labelled, never green', async ({ page, context }) => {
  test.setTimeout(60_000);
  await page.goto('');
  await expect(dataStatus(page)).toContainText('Live');
  await expect(card(page, 'alias-drift')).toHaveAttribute('data-level', 'green');
  await expect(page.getByTestId('last-known')).toHaveCount(0);
  // The service worker is active: the shell of this build is cached.
  await serviceWorkerActive(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('h1').first()).toContainText('Mission Control');
  await expect(dataStatus(page)).toContainText('Offline');
  await expect(page.getByTestId('last-known')).toContainText(LAST_KNOWN);
  // The cards show the kept answers, muted and labelled, and nothing fed by data is green.
  const drift = card(page, 'alias-drift');
  await expect(drift).toContainText('42');
  await expect(drift).toHaveClass(/stale/);
  await expect(drift.locator('.last-known')).toContainText(LAST_KNOWN);
  await expect(drift).not.toHaveAttribute('data-level', 'green');
  await expect(page.getByTestId('health-score-value')).toContainText(/\d+\s*\/ 100/);
  await expect(card(page, 'health-score')).not.toHaveAttribute('data-level', 'green');
  await expect(card(page, 'anomaly-summary')).not.toHaveAttribute('data-level', 'green');
  await expect(page.locator('section.mc-card[data-level="green"]:not(#incident-mode)')).toHaveCount(0);

  // Any other route loads offline too.
  await page.goto('checklist');
  await expect(page.locator('h1').first()).toContainText('Ops Checklist');
  await expect(page.getByTestId('last-known')).toContainText(LAST_KNOWN);

  // Back online: fresh data replaces the last-known label.
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(dataStatus(page)).toContainText('Live');
  await expect(page.getByTestId('last-known')).toHaveCount(0);
});

test('a repeat visit: the last-known labels go when live data arrives, and nothing on the page moves', async ({ browser, sim }) => {
  test.setTimeout(90_000);
  for (const width of [412, 1350]) {
    const context = await browser.newContext({ baseURL: sim.url, viewport: { width, height: 900 }, serviceWorkers: 'block' });
    // The answers are held back below, which the console rightly counts as latency: past the
    // slow-route limit (1 s), the Anomaly Summary lists each route and grows by a line. The
    // limit is raised so that what is measured is the labels going, on any machine.
    await context.addInitScript(
      ([key, value]) => {
        if (!localStorage.getItem(key)) localStorage.setItem(key, value);
      },
      [KEY('thresholds'), envelope({ sla_latency_amber_ms: 60_000, sla_latency_red_ms: 120_000 })],
    );
    const page = await context.newPage();
    await page.goto('');
    await expect(dataStatus(page)).toContainText('Live');
    // Leaving the page saves its answers for the next visit.
    await page.goto('about:blank');

    // The next visit: the platform answers only once the kept answers are on screen.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/beak(\/|$)/, async (route) => {
      await held;
      await route.continue();
    });
    await page.addInitScript(() => {
      const w = window as unknown as { shifts: { value: number; at: number }[] };
      w.shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; startTime: number; hadRecentInput: boolean }[]) {
          if (!e.hadRecentInput) w.shifts.push({ value: e.value, at: e.startTime });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto('');
    await expect(page.getByTestId('last-known'), `${width} px`).toContainText(LAST_KNOWN);
    await expect(card(page, 'alias-drift').locator('.last-known')).toContainText(LAST_KNOWN);
    // The card's label sits on its top edge: the title below it is not covered.
    const label = await card(page, 'alias-drift').locator('.last-known').boundingBox();
    const title = await card(page, 'alias-drift').locator('h2').boundingBox();
    expect(label!.y + label!.height, `${width} px`).toBeLessThanOrEqual(title!.y);

    const from = await page.evaluate(() => performance.now());
    release();
    await expect(dataStatus(page)).toContainText('Live');
    await expect(page.locator('.last-known')).toHaveCount(0);
    await expect(card(page, 'anomaly-summary')).toContainText('No anomalies');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const shift = await page.evaluate(
      (from) => (window as unknown as { shifts: { value: number; at: number }[] }).shifts.filter((s) => s.at >= from).reduce((a, s) => a + s.value, 0),
      from,
    );
    // Measured 0.0005 (412 px) and 0.004 (1,350 px): the badges' words change width.
    expect(shift, `layout shift when live data replaced the kept answers, ${width} px`).toBeLessThan(0.01);
    await context.close();
  }
});

test('hand-off link: opened read-only beside the local state in another browser, adopted; a malformed one is refused', async ({ page, context, browser }) => {
  test.setTimeout(60_000);
  await context.addInitScript(
    ([key, settings]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, settings);
    },
    [KEY('settings'), envelope({ operator: 'ana' })],
  );
  await page.goto('');
  await page.getByTestId('incident-on').click();
  await expect(page.getByTestId('incident-chip')).toContainText('Incident Mode ON');
  await page.goto('checklist');
  for (const n of [1, 2]) await page.locator(`#chk-pre-deploy-${n}`).check();
  await expect(page.getByTestId('progress-pre-deploy')).toHaveText('2 / 10');
  await page.goto('incident-log');
  await page.getByTestId('handoff-copy').click();
  const link = await page.getByTestId('handoff-link').inputValue();
  expect(link).toMatch(/\/incident-log#handoff=v1\.[A-Za-z0-9_-]+$/);
  const id = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), KEY('incident-mode')))!).data.incident_id;

  // Another operator's browser: fresh storage.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  const errors: string[] = [];
  page2.on('pageerror', (e) => errors.push(e.message));
  try {
    // A link cut off in a chat message is refused with the reason; nothing changes.
    await page2.goto(link.slice(0, -8));
    await expect(page2.getByTestId('handoff-refused')).toContainText(/refused: its content cannot be read .*cut off\. Nothing was changed\./);
    await page2.getByTestId('handoff-dismiss').click();
    await expect(page2.getByTestId('handoff-refused')).toHaveCount(0);

    await page2.goto(link);
    const panel = page2.getByTestId('handoff-panel');
    await expect(panel).toContainText('Made by ana');
    const row = (label: string) => panel.locator('tr', { has: page2.locator('th', { hasText: label }) });
    await expect(row('Incident Mode')).toContainText(/on since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s*off/);
    await expect(row('Open incident')).toContainText(`${id} (P1)`);
    await expect(row('Pre-Deploy checklist')).toContainText('2 / 10 ticked (items 1, 2)');
    await expect(row('Pre-Deploy checklist')).toContainText('0 / 10 ticked');
    // Read-only: the local state is unchanged until adopted.
    await expect(page2.getByTestId('incident-chip')).toContainText('Incident Mode off');

    await page2.getByTestId('handoff-adopt').click();
    await expect(panel).toHaveCount(0);
    expect(new URL(page2.url()).hash).toBe('');
    await expect(page2.getByTestId('incident-chip')).toContainText('Incident Mode ON');
    await expect(page2.locator('h1').first()).toContainText('Incident Log');
    await expect(page2.locator('main')).toContainText(id);
    await page2.goto(new URL('checklist', link).href);
    await expect(page2.getByTestId('progress-pre-deploy')).toHaveText('2 / 10');
    await expect(page2.locator('#chk-pre-deploy-2')).toBeChecked();
    expect(errors).toEqual([]);
  } finally {
    await other.close();
  }
});
