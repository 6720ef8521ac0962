import { test, expect, readRoutes } from '../fixtures';

// Every app route (routes.txt) and the root load directly, as on a static host
// (each route has its own index.html), render an h1, and log no errors.
const paths = ['', ...readRoutes()];

for (const p of paths) {
  test(`loads /${p} directly`, async ({ page, consoleErrors }) => {
    const res = await page.goto(p);
    expect(res?.status(), `HTTP status of /${p}`).toBe(200);
    const h1 = page.locator('h1').first();
    await expect(h1).toBeVisible();
    await expect(h1).not.toContainText('Not found');
    // Let pending effects and first fetches settle before checking the console.
    await page.waitForLoadState('networkidle');
    expect(consoleErrors, 'console errors').toEqual([]);
    // The watchdog of index.html stays quiet on a page that works.
    await expect(page.locator('.console-stopped')).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-stopped'))).toBe(false);
  });
}

test('an unknown path shows the not-found page', async ({ page }) => {
  await page.goto('nope');
  await expect(page.locator('h1').first()).toContainText('Not found');
});
