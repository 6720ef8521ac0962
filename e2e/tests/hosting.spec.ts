import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { test, expect, readRoutes, startSim, buildDist, DIST, type Sim } from '../fixtures';

// The build is plain static files: every route loads directly from a sub-path
// (`--public-url /ops/`) and from a plain static file server with no rewrite rules.

const routes = ['', ...readRoutes()];

test.describe('served from a sub-path', () => {
  test.describe.configure({ mode: 'serial' });
  let sim: Sim;

  test.beforeAll(async () => {
    test.setTimeout(600_000);
    const dist = buildDist('/ops/', process.env.E2E_DIST_OPS || 'target/dist-ops');
    sim = await startSim({ dist, basePath: '/ops/' });
  });
  test.afterAll(async () => {
    await sim?.stop();
  });

  test('every route loads under /ops/, with live data and working links', async ({ page }) => {
    test.setTimeout(120_000);
    // The page's Content Security Policy has base-uri 'none' (meta) and 'self' (header):
    // the document's own <base href="/ops/"> must still count, with no violation.
    const csp: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    for (const r of routes) {
      const res = await page.goto(sim.appUrl(r));
      expect(res?.status(), `/ops/${r}`).toBe(200);
      await expect(page.locator('h1').first()).toBeVisible();
      await expect(page.locator('h1').first()).not.toContainText('Not found');
      expect(await page.evaluate(() => document.baseURI), `/ops/${r}`).toBe(sim.appUrl(''));
    }
    expect(csp, 'no CSP violation').toEqual([]);
    await page.goto(sim.appUrl('checklist'));
    await expect(page.getByTestId('data-status')).toContainText('Live');
    await page.getByRole('navigation', { name: 'Pages', exact: true }).getByRole('link', { name: /System Health/ }).click();
    await expect(page).toHaveURL(/\/ops\/system-health$/);
    await expect(page.locator('h1').first()).toContainText('System Health');
    await page.goto(sim.appUrl('checklist'));
    await page.getByRole('link', { name: 'Mission Control → Alias Drift ↗' }).first().click();
    await expect(page).toHaveURL(/\/ops\/#alias-drift$/);
    // The Runbooks Index's results are plain links with the base in their address.
    await page.goto(sim.appUrl('runbooks'));
    const result = page.getByTestId('runbook-results').getByRole('link').first();
    await expect(result).toHaveAttribute('href', /^\/ops\/runbook#inc-\d+$/);
    const href = await result.getAttribute('href');
    await result.click();
    await expect(page).toHaveURL(sim.appUrl(href!.replace(/^\/ops\//, '')));
    await expect(page.locator('h1').first()).toContainText('Ops Runbook');
    // So are the Anomaly Summary's links to a card and to its runbook entry.
    await sim.setScenario('alias-drift');
    try {
      await page.goto(sim.appUrl(''));
      const drift = page.locator('#anomaly-summary li[data-kind="alias-drift"]');
      await expect(drift.getByRole('link', { name: 'Card' })).toHaveAttribute('href', '/ops/#alias-drift');
      const runbook = drift.getByRole('link', { name: 'Runbook INC-001' });
      await expect(runbook).toHaveAttribute('href', '/ops/runbook#inc-001');
      await runbook.click();
      await expect(page).toHaveURL(sim.appUrl('runbook#inc-001'));
      await expect(page.locator('h1').first()).toContainText('Ops Runbook');
    } finally {
      await sim.setScenario('healthy');
    }
    await page.goto(sim.appUrl('no-such-page'));
    await expect(page.locator('h1').first()).toContainText('Not found');
  });
});

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

test.describe('on a plain static file server', () => {
  let server: ChildProcess;
  let base: string;

  test.beforeAll(async () => {
    const port = await freePort();
    server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', DIST], {
      stdio: 'ignore',
    });
    base = `http://127.0.0.1:${port}/`;
    for (let i = 0; i < 50; i++) {
      const ok = await fetch(base).then((r) => r.ok).catch(() => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('python3 -m http.server did not start');
  });
  test.afterAll(() => {
    server?.kill();
  });

  test('every route loads directly and says honestly that there is no data', async ({ page }) => {
    test.setTimeout(120_000);
    for (const r of routes) {
      const res = await page.goto(base + r);
      expect(res?.status(), `/${r}`).toBe(200);
      await expect(page.locator('h1').first()).toBeVisible();
      await expect(page.locator('h1').first()).not.toContainText('Not found');
    }
    // This server has no /beak routes: the header must not claim live data.
    await page.goto(base);
    const status = page.getByTestId('data-status');
    await expect(status).not.toContainText('Connecting', { timeout: 15_000 });
    await expect(status).not.toContainText('Live');
  });
});
