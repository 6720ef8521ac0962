import { test, expect, countRequests } from '../fixtures';

// The first poll leaves with the page (index.html), before the wasm is there; the console's
// poller takes those answers instead of asking again (src/api/client.rs). Incident Mode and a
// hidden tab keep it from asking at all (mission-control.spec.ts counts that at the simulator).

const ROUTES = ['/beak', '/beak/metrics', '/beak/system/status'];

test('the first poll is sent by the page before the wasm is in, each route once, and its answers are shown', async ({ page }) => {
  const asked = countRequests(page);
  await page.goto('checklist');
  await page.waitForFunction(() => performance.getEntriesByName('ops-console:ready').length > 0);
  await expect(page.getByTestId('data-status')).toContainText('Live');
  // The default interval is 15 s: nothing else asks in the next second.
  await page.waitForTimeout(1_000);
  expect(ROUTES.map(asked), 'one request per route').toEqual([1, 1, 1]);

  const timing = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => {
      const r = e as PerformanceResourceTiming;
      return { name: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd };
    }),
  );
  const wasm = timing.find((t) => /_bg\.wasm$/.test(t.name));
  expect(wasm, 'the main wasm was fetched').toBeTruthy();
  for (const route of ROUTES) {
    const asked = timing.filter((t) => t.name === route);
    expect(asked, `${route} asked once`).toHaveLength(1);
    expect(asked[0].start, `${route} asked before the wasm was in`).toBeLessThan(wasm!.end);
  }
});
