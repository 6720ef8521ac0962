import { test, expect, countRequests } from '../fixtures';

// The header on every page: where the data comes from and how fresh it is. It never shows
// "Live" on data it does not have: stale when routes fail, offline when nothing answers.

const FAST_SETTINGS = JSON.stringify({
  schema: 1,
  saved_at: '2026-11-29T00:00:00Z',
  data: { poll_interval_secs: 2, request_timeout_ms: 1000 },
});

test.beforeEach(async ({ page }) => {
  await page.addInitScript((settings) => {
    if (!localStorage.getItem('ops-console/v1/settings')) {
      localStorage.setItem('ops-console/v1/settings', settings);
    }
  }, FAST_SETTINGS);
});

test('header shows live data, then offline when the platform hangs, then recovers', async ({ page, sim }) => {
  await page.goto('checklist');
  const status = page.getByTestId('data-status');
  await expect(status).toContainText('Live');
  await expect(page.locator('.source')).toContainText('this origin');
  await sim.setScenario('hang');
  await expect(status).toContainText('Offline', { timeout: 15_000 });
  await expect(status).not.toContainText('Live');
  await sim.setScenario('healthy');
  // Back-off after failures is at most a few intervals at this speed.
  await expect(status).toContainText('Live', { timeout: 25_000 });
});

test('a crash loop marks the data stale and names the failing routes', async ({ page, sim }) => {
  await page.goto('');
  const status = page.getByTestId('data-status');
  await expect(status).toContainText('Live');
  await sim.setScenario('crash-loop');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(status).toContainText('Stale');
  await expect(status).toContainText('/beak/system/status');
  await expect(status).toContainText('/beak/metrics');
});

test('navigation reaches every page without a reload and marks the current one', async ({ page }) => {
  await page.goto('');
  const nav = page.getByRole('navigation', { name: 'Pages', exact: true });
  const links = nav.getByRole('link');
  await expect(links).toHaveCount(12);
  const count = await links.count();
  for (let i = 0; i < count; i++) {
    const link = links.nth(i);
    const title = (await link.locator('.nav-title').textContent())?.trim() ?? '';
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('h1').first()).toBeVisible();
    expect(title.length).toBeGreaterThan(0);
  }
});

test('polls never overlap: one request per route while one is in flight', async ({ page, sim }) => {
  await page.goto('checklist');
  await expect(page.getByTestId('data-status')).toContainText('Live');
  await sim.setScenario('slow');
  const header = page.locator('.app-header');
  await expect(header.getByRole('button', { name: 'Refresh now' })).toBeEnabled();
  const asked = countRequests(page);
  await header.getByRole('button', { name: 'Refresh now' }).click();
  const busy = header.getByRole('button', { name: 'Refreshing…' });
  await expect(busy).toBeDisabled();
  await page.waitForTimeout(1500);
  expect(asked('/beak/system/status')).toBeLessThanOrEqual(1);
  await expect(header.getByRole('button', { name: 'Refresh now' })).toBeEnabled({ timeout: 10_000 });
});
