import * as path from 'node:path';
import { test, expect, REPO_ROOT } from '../fixtures';
import type { Page } from '@playwright/test';

// The README's screenshots. Each one is taken only once the page shows what the caption
// says (live data, Incident Mode on, ticks made), so a broken page fails here instead of
// ending up in the README.

const OUT = process.env.SCREENSHOTS_DIR || path.join(REPO_ROOT, 'docs', 'screenshots');
const KEY = (name: string) => `ops-console/v1/${name}`;
const envelope = (data: unknown) => JSON.stringify({ schema: 1, saved_at: new Date().toISOString(), data });

async function shot(page: Page, name: string): Promise<void> {
  // No blinking caret or hover state in the picture.
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), caret: 'hide' });
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(
    ([key, value]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, value);
    },
    [KEY('settings'), envelope({ operator: 'ana' })],
  );
});

test('Mission Control, healthy', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('');
  await expect(page.getByTestId('data-status')).toContainText('Live');
  await expect(page.locator('#health-score')).not.toHaveAttribute('data-level', 'unknown');
  await shot(page, 'mission-control-healthy');
});

test('Mission Control in an incident', async ({ page, sim }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await sim.setScenario('fleet-outage');
  await page.goto('');
  await expect(page.getByTestId('data-status')).toContainText('Live');
  await page.getByTestId('incident-on').click();
  await expect(page.getByTestId('incident-chip')).toContainText('Incident Mode ON');
  await expect(page.locator('#health-score')).toHaveAttribute('data-level', /amber|red/);
  await page.evaluate(() => window.scrollTo(0, 0));
  // Let the "Incident Mode on" toast go.
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 15_000 });
  await shot(page, 'mission-control-incident');
});

test('Ops Checklist', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('checklist');
  await expect(page.getByTestId('data-status')).toContainText('Live');
  for (const id of ['pre-deploy-1', 'pre-deploy-2', 'pre-deploy-3']) {
    await page.locator(`#chk-${id}`).check();
  }
  await expect(page.getByTestId('nav-checklist-progress')).toHaveText('3/27');
  await shot(page, 'checklist');
});

test('phone-sized Mission Control (360 px)', async ({ page, sim }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await sim.setScenario('alias-drift');
  await page.goto('');
  await expect(page.getByTestId('data-status')).toContainText('Live');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await shot(page, 'phone');
});
