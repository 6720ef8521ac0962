import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect, readRoutes, type Sim } from '../fixtures';
import { deployLog, governanceLog, activityTrail } from '../../bench/scale.mjs';

// Each page's HTML holds the page as the app first draws it (scripts/prerender.mjs), painted
// before the wasm arrives; the app then replaces it in one step (src/prerender.rs).
const paths = ['', ...readRoutes()];

const ITEMS: string[] = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'checklist-items.json'), 'utf8'),
).lists.flatMap((l: { items: { text: string }[] }) => l.items.map((i) => i.text));

// A page of its own: a page without its wasm fails to start (an uncaught rejection), which
// the `page` fixture counts as a crash.
// Closed after each test: a page left open would go on polling the worker's simulator, and
// other tests count the requests it answers.
const opened: BrowserContext[] = [];
async function ownPage(browser: Browser, sim: Sim): Promise<Page> {
  const context = await browser.newContext({ baseURL: sim.url, serviceWorkers: 'block' });
  opened.push(context);
  return context.newPage();
}
test.afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
});

const PLATFORM = (u: URL) => /(^|\/)(beak|__sim)(\/|$)/.test(u.pathname);
const WASM = (u: URL) => u.pathname.endsWith('.wasm');

// The visible text of the page's elements in document order, each element's own text (its
// direct text nodes; the parser joins what the app builds as several). `pre`: only inside the
// pre-rendered copy; otherwise only outside it.
async function visibleTexts(page: Page, pre: boolean): Promise<string[]> {
  return page.evaluate((pre) => {
    const out: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('noscript, script, style')) continue;
      if (!!el.closest('[data-prerendered]') !== pre) continue;
      // A field's value and a box's tick are shown too.
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
        if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
        const type = el instanceof HTMLInputElement ? el.type : el.tagName.toLowerCase();
        if (type === 'hidden' || type === 'file') continue;
        const checkable = el instanceof HTMLInputElement && (type === 'checkbox' || type === 'radio');
        out.push(`${type} #${el.id}: ${checkable ? String((el as HTMLInputElement).checked) : el.value}`);
        continue;
      }
      const own = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join('')
        .replace(/\s+/g, ' ')
        .trim();
      if (!own) continue;
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      out.push(`${el.tagName.toLowerCase()}: ${own}`);
    }
    return out;
  }, pre);
}

// The texts of `pre` not found, in order, in `app` (none when `pre` is a subsequence of
// `app`: the app only adds to what the copy showed).
function missingTexts(pre: string[], app: string[]): string[] {
  const missing: string[] = [];
  let j = 0;
  for (const t of pre) {
    const k = app.indexOf(t, j);
    if (k < 0) missing.push(t);
    else j = k + 1;
  }
  return missing;
}

test('every page HTML holds its page, inert, with the checklist items verbatim', async ({ browser, sim }) => {
  const page = await ownPage(browser, sim);
  for (const p of paths) {
    const res = await page.request.get(`${sim.url}/${p}`);
    const html = await res.text();
    expect(html, `/${p}`).toContain('<!--prerender-->');
    expect(html, `/${p}`).toMatch(/<main\b/);
    expect(html, `/${p}`).toMatch(new RegExp(`data-prerendered="/${p}" inert="" aria-hidden="true"`));
  }
  await page.route(WASM, (r) => r.abort());
  await page.goto('checklist');
  const labels = page.locator('[data-prerendered] .cl-label');
  await expect(labels).toHaveCount(ITEMS.length);
  for (const [i, text] of ITEMS.entries()) {
    await expect(labels.nth(i)).toHaveText(text);
  }
  // Nothing in the copy takes a click or a key: the app's own elements replace it.
  await expect(page.locator('body > [data-prerendered]').first()).toHaveAttribute('inert', '');
});

test('the first visit: the copy is painted without the wasm, and the app takes over on every page with no blank frame and no shift', async ({
  browser,
  sim,
}) => {
  const page = await ownPage(browser, sim);
  // Without the wasm the page is there, its heading, navigation and static text.
  await page.route(WASM, (r) => r.abort());
  await page.goto('checklist');
  // Inert and hidden from assistive technology until the app's own page is there.
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
  await expect(page.locator('[data-prerendered] main h1')).toHaveText(/Ops Checklist/);
  // Nothing stored: the copy is the first visit's page, progress included; fields appear
  // with the app.
  expect(await page.evaluate(() => document.documentElement.hasAttribute('data-returning'))).toBe(false);
  await expect(page.locator('[data-prerendered] [data-testid="summary-pre-deploy"]')).toBeVisible();
  await expect(page.locator('[data-prerendered] [data-testid="summary-pre-deploy"]')).toHaveText('0 / 10');
  await expect(page.locator('[data-prerendered] .cl-check').first()).toBeHidden();
  await page.unroute(WASM);

  // Each frame from the first paint until the app has taken over has a page heading; the
  // layout shifts from the end of parsing (a page painted while its HTML still arrives may
  // move as the rest comes in, which is not the takeover's doing) until then are summed. No
  // answer from the platform: its data would move the cards, which is not the copy's doing.
  await page.route(PLATFORM, () => {});
  await page.addInitScript(() => {
    const w = window as unknown as {
      __probe: { frames: number; blank: number; shift: number; done: boolean; seen: boolean };
    };
    const probe = { frames: 0, blank: 0, shift: 0, done: false, seen: false };
    w.__probe = probe;
    new PerformanceObserver((list) => {
      const parsed = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; startTime: number }[]) {
        const afterParse = !!parsed && parsed.domInteractive > 0 && e.startTime >= parsed.domInteractive;
        if (!probe.done && !e.hadRecentInput && afterParse) probe.shift += e.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
    let after = -1;
    const tick = () => {
      if (document.body) {
        probe.frames++;
        // From the first frame that shows the copy's heading (the HTML may arrive in parts).
        probe.seen ||= !!document.querySelector('[data-prerendered] main h1');
        if (probe.seen && !document.querySelector('main h1')) probe.blank++;
        // Three frames after the copy is gone.
        if (after < 0 && (probe.seen || probe.frames > 30) && !document.querySelector('[data-prerendered]')) after = 0;
      }
      if (after >= 0 && ++after > 3) probe.done = true;
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  for (const p of paths) {
    await page.goto(p);
    await page.waitForFunction(() => (window as unknown as { __probe: { done: boolean } }).__probe.done);
    const { probe, mains } = await page.evaluate(() => ({
      probe: (window as unknown as { __probe: { frames: number; blank: number; shift: number; seen: boolean } })
        .__probe,
      mains: document.querySelectorAll('main').length,
    }));
    expect(mains, `/${p}: one main`).toBe(1);
    expect(probe.seen, `/${p}: the copy was painted before the app took over`).toBe(true);
    expect(probe.blank, `/${p}: frames without the page heading, of ${probe.frames}`).toBe(0);
    expect(probe.shift, `/${p}: layout shift`).toBeLessThan(0.001);
  }
});

test('a returning operator: the copy shows nothing this browser keeps that the app then contradicts, on every page', async ({
  browser,
  sim,
}) => {
  test.setTimeout(120_000);
  const page = await ownPage(browser, sim);
  // What an operator leaves behind: ticks, a theme, Incident Mode on, changed thresholds and
  // records in every log.
  await page.goto('checklist');
  await page.locator('#pre-deploy .cl-check').nth(0).check();
  await page.locator('#rollback .cl-check').nth(1).check();
  await expect(page.getByTestId('summary-pre-deploy')).toHaveText('1 / 10');
  const now = new Date().toISOString().slice(0, 19) + 'Z';
  const started = new Date(Date.now() - 600_000).toISOString().slice(0, 19) + 'Z';
  await page.evaluate(
    ({ seeds }) => {
      for (const [k, v] of Object.entries(seeds)) localStorage.setItem(`ops-console/v1/${k}`, v);
    },
    {
      seeds: {
        settings: JSON.stringify({ schema: 1, saved_at: now, data: { theme: 'dark', operator: 'dara', approver: 'T-JOSH' } }),
        thresholds: JSON.stringify({ schema: 1, saved_at: now, data: { stale_after_polls: 7 } }),
        'incident-mode': JSON.stringify({
          schema: 1,
          saved_at: now,
          data: { active: true, started_at: started, changed_by: 'dara', changed_at: started },
        }),
        'deploy-log': deployLog(30),
        'governance-log': governanceLog(30),
        'activity-trail': activityTrail(30),
      },
    },
  );
  await page.goto('');
  await expect(page.getByTestId('incident-chip')).toContainText('Incident Mode ON');

  const problems: string[] = [];
  for (const p of paths) {
    // The platform's answers are not what this compares: no last-known data, no answer.
    await page.evaluate(() => localStorage.removeItem('ops-console/v1/last-known'));
    await page.route(PLATFORM, () => {});
    await page.route(WASM, (r) => r.abort());
    await page.goto(p);
    await expect(page.locator('[data-prerendered] main h1')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.dataset.theme), `/${p}: the stored theme`).toBe('dark');
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-returning')), `/${p}`).toBe(true);
    await expect(page.locator('[data-prerendered] [data-testid="incident-chip"]')).toBeHidden();
    const pre = await visibleTexts(page, true);
    await page.unroute(WASM);
    await page.evaluate(() => localStorage.removeItem('ops-console/v1/last-known'));
    await page.goto(p);
    await expect(page.locator('[data-prerendered]')).toHaveCount(0);
    await expect(page.locator('main h1').first()).toBeVisible();
    const app = await visibleTexts(page, false);
    for (const t of missingTexts(pre, app)) problems.push(`/${p}: the copy shows "${t}", the app does not`);
    await page.unroute(PLATFORM);
  }
  expect(problems).toEqual([]);
});

test('a copy served for another path (an offline shell) is dropped before it is painted', async ({ browser, sim }) => {
  const page = await ownPage(browser, sim);
  const root = await (await page.request.get(`${sim.url}/`)).text();
  await page.route(/\/checklist$/, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: root }));
  await page.route(WASM, (r) => r.abort());
  await page.goto('checklist');
  await expect(page.locator('[data-prerendered]')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('Mission Control');
});

test('a page module that stalls does not hold the console: the app starts after a few seconds and the other pages work', async ({
  browser,
  sim,
}) => {
  const page = await ownPage(browser, sim);
  // The checklist's module never answers.
  await page.route(/-split_ops_checklist\.wasm$/, () => {});
  await page.goto('checklist');
  await expect(page.locator('[data-prerendered] main h1')).toHaveText(/Ops Checklist/);
  await expect(page.locator('[data-prerendered]')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('data-status')).toBeVisible();
  await page.getByRole('link', { name: 'Mission Control' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mission Control' })).toBeVisible();
});
