import type { Page } from '@playwright/test';
import { test, expect, serviceWorkerActive, startSim, type Sim } from '../fixtures';

// The fault matrix (issue 7): every beak-sim fault (Fault::ALL in beak-sim/src/scenario.rs)
// on each of the three /beak routes, plus connection refused (a stopped simulator). For each:
// Route Health names the fault, the header never says Live, the broken route's cards say
// "No data" or "stale (age)", the other routes' cards keep their data, navigation and a
// checklist tick still work, no panic and no uncaught error (the `page` fixture), and the
// console recovers to Live by itself once the simulator is healthy again.
// Results are written up in docs/reliability.md.

test.describe.configure({ mode: 'parallel', timeout: 60_000 });

const POLL_SECS = 2;
const TIMEOUT_MS = 1500;
const SETTINGS = JSON.stringify({
  schema: 1,
  saved_at: '2026-11-29T00:00:00Z',
  data: { poll_interval_secs: POLL_SECS, request_timeout_ms: TIMEOUT_MS },
});

test.beforeEach(async ({ context }) => {
  await context.addInitScript((settings) => {
    if (!localStorage.getItem('ops-console/v1/settings')) localStorage.setItem('ops-console/v1/settings', settings);
  }, SETTINGS);
});

type RouteKey = '/beak' | '/beak/metrics' | '/beak/system/status';
const ROUTES: RouteKey[] = ['/beak', '/beak/metrics', '/beak/system/status'];

/** Mission Control cards fed only by each route. */
const CARDS: Record<RouteKey, string[]> = {
  '/beak': [],
  '/beak/metrics': ['peck-failures', 'audit-activity'],
  '/beak/system/status': ['alias-drift', 'agent-fleet', 'ses-quota', 'sandbox', 'change-freeze', 'pipeline', 'deployments'],
};

/**
 * What Route Health shows for a fault on a route: the named error, or `null` when the console
 * can use the answer (a valid payload, or one whose required keys are there).
 */
const FAULTS: Record<string, Record<RouteKey, RegExp | null>> = {
  'status-500': { '/beak': /HTTP 500/, '/beak/metrics': /HTTP 500/, '/beak/system/status': /HTTP 500/ },
  'status-502': {
    '/beak': /HTTP 502 \(cold start or crash loop\)/,
    '/beak/metrics': /HTTP 502 \(cold start or crash loop\)/,
    '/beak/system/status': /HTTP 502 \(cold start or crash loop\)/,
  },
  'status-504': {
    '/beak': /HTTP 504 \(cold start or crash loop\)/,
    '/beak/metrics': /HTTP 504 \(cold start or crash loop\)/,
    '/beak/system/status': /HTTP 504 \(cold start or crash loop\)/,
  },
  hang: {
    '/beak': new RegExp(`timeout after ${TIMEOUT_MS} ms`),
    '/beak/metrics': new RegExp(`timeout after ${TIMEOUT_MS} ms`),
    '/beak/system/status': new RegExp(`timeout after ${TIMEOUT_MS} ms`),
  },
  'html-error': { '/beak': /not JSON/, '/beak/metrics': /not JSON/, '/beak/system/status': /not JSON/ },
  truncated: { '/beak': /not JSON/, '/beak/metrics': /not JSON/, '/beak/system/status': /not JSON/ },
  'missing-keys': {
    '/beak': null,
    '/beak/metrics': /JSON missing pecks/,
    '/beak/system/status': /JSON missing lambda\.version, database, agents/,
  },
  // Root and metrics answers with wrong types are usable in part: amber, fields named.
  'wrong-types': {
    '/beak': /wrong types: \d+ fields? unknown/,
    '/beak/metrics': /wrong types: \d+ fields? unknown/,
    '/beak/system/status': /JSON missing database/,
  },
  huge: { '/beak': null, '/beak/metrics': null, '/beak/system/status': null },
  xss: { '/beak': null, '/beak/metrics': null, '/beak/system/status': null },
};

const card = (page: Page, id: string) => page.locator(`section#${id}`);
const badge = (page: Page, id: string) => card(page, id).locator('.card-head');
const routeRow = (page: Page, p: string) => page.locator(`#route-health tr[data-route="${p}"]`);
const dataStatus = (page: Page) => page.getByTestId('data-status');
const nav = (page: Page) => page.getByRole('navigation', { name: 'Pages', exact: true });

async function loaded(page: Page): Promise<void> {
  await expect(page.getByTestId('health-score-value')).toContainText(/\d+\s*\/ 100/);
  await expect(dataStatus(page)).toContainText('Live');
}

/** Navigation and a checklist tick while the fault is on, then back to Mission Control. */
async function stillWorks(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: /Ops Checklist/ }).click();
  await expect(page).toHaveURL(/\/checklist$/);
  const tick = page.locator('#chk-pre-deploy-2');
  await tick.check();
  await expect(tick).toBeChecked();
  await nav(page).getByRole('link', { name: /System Health/ }).click();
  await expect(page.locator('h1').first()).toContainText('System Health');
  await nav(page).getByRole('link', { name: /Ops Checklist/ }).click();
  await expect(page.locator('#chk-pre-deploy-2')).toBeChecked();
  await nav(page).getByRole('link', { name: /Mission Control/ }).click();
  await expect(page.locator('#route-health')).toBeVisible();
}

for (const [fault, perRoute] of Object.entries(FAULTS)) {
  for (const route of ROUTES) {
    const named = perRoute[route];
    test(`${fault} on ${route}`, async ({ page, sim }, testInfo) => {
      await page.goto('');
      await loaded(page);
      await sim.setFault(route, fault);

      const row = routeRow(page, route);
      const others = ROUTES.filter((r) => r !== route);
      if (named) {
        // Named on Route Health, red (amber for a partly usable answer); the header is
        // stale or partial (never Live) and names the route.
        const partial = /wrong types/.test(named.source);
        await expect(row).toContainText(named, { timeout: 15_000 });
        await expect(row).toHaveAttribute('data-level', partial ? 'amber' : 'red');
        await expect(dataStatus(page)).not.toContainText('Live');
        await expect(dataStatus(page)).toContainText(partial ? /Partial/ : /Stale|Offline/);
        await expect(dataStatus(page)).toContainText(route);
        // The broken route's cards: no data or stale with an age, never green.
        for (const id of CARDS[route]) {
          await expect(badge(page, id), id).toContainText(/No data|stale \(/);
          await expect(card(page, id), id).not.toHaveAttribute('data-level', 'green');
        }
      } else {
        // The console can use this answer: wait until it got one after the fault was set.
        const before = (await sim.stats()).requests[route] ?? 0;
        await expect.poll(async () => (await sim.stats()).requests[route] ?? 0, { timeout: 15_000 }).toBeGreaterThan(before);
        await page.waitForTimeout(500);
        await expect(row).not.toHaveAttribute('data-level', 'red');
      }
      // The other routes keep their data, fresh and green.
      for (const r of others) {
        await expect(routeRow(page, r)).toHaveAttribute('data-level', 'green');
        for (const id of CARDS[r]) {
          await expect(badge(page, id), id).not.toContainText(/No data|stale \(/);
        }
      }
      testInfo.annotations.push(
        { type: 'route-health', description: (await row.locator('td').first().innerText()).trim() },
        { type: 'header', description: (await dataStatus(page).innerText()).trim() },
        {
          type: 'cards',
          description: (
            await Promise.all(CARDS[route].map(async (id) => `${id}: ${(await badge(page, id).innerText()).replace(/\s+/g, ' ').trim()}`))
          ).join('; '),
        },
      );

      // Navigation and a checklist tick while a fault is on (once per fault, to keep the
      // matrix fast; the connection-refused test below checks it too).
      if (route === '/beak/system/status') await stillWorks(page);

      // Healthy again: Live within one poll interval after the back-off.
      await sim.reset();
      await expect(dataStatus(page)).toContainText('Live', { timeout: (POLL_SECS * 2 + 6) * 1000 });
      await expect(row).toHaveAttribute('data-level', 'green');
      await expect(row).toContainText('OK');
      for (const id of CARDS[route]) {
        await expect(badge(page, id), id).not.toContainText(/No data|stale \(/);
      }
    });
  }
}

test('connection refused (beak-sim stopped) on every route, then back', async ({ page }, testInfo) => {
  let own: Sim | undefined = await startSim();
  try {
    const port = Number(new URL(own.url).port);
    await page.goto(own.url);
    await loaded(page);
    // The pages' modules come from the server or from the service worker's cache: the first
    // answers can be in before the worker has cached them, so wait for it before the server
    // goes.
    await serviceWorkerActive(page);
    await own.stop();
    own = undefined;
    for (const r of ROUTES) {
      await expect(routeRow(page, r)).toContainText('unreachable', { timeout: 15_000 });
      await expect(routeRow(page, r)).toHaveAttribute('data-level', 'red');
    }
    await expect(dataStatus(page)).toContainText(/Offline · last data \d+ s old/);
    for (const r of ROUTES) {
      for (const id of CARDS[r]) {
        await expect(badge(page, id), id).toContainText(/No data|stale \(/);
        await expect(card(page, id), id).not.toHaveAttribute('data-level', 'green');
      }
    }
    testInfo.annotations.push({ type: 'header', description: (await dataStatus(page).innerText()).trim() });
    // The app is already loaded: in-app navigation and ticks need no server.
    await stillWorks(page);
    // Back on the same port: recovers by itself within the back-off (it grew while all
    // three routes failed: 2, 4, 8 … s, at most 120 s) plus one poll.
    const failedFor = Date.now();
    own = await startSim({ port });
    await expect(dataStatus(page)).toContainText('Live', { timeout: 30_000 });
    testInfo.annotations.push({ type: 'recovered-after-ms', description: String(Date.now() - failedFor) });
    for (const r of ROUTES) await expect(routeRow(page, r)).toHaveAttribute('data-level', 'green');
  } finally {
    await own?.stop();
  }
});
