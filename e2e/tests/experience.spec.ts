import AxeBuilder from '@axe-core/playwright';
import { test, expect, readRoutes } from '../fixtures';
import type { Page } from '@playwright/test';

// The operator's experience: keyboard shortcuts and focus, the theme switch, phone-sized
// screens without horizontal scrolling, and axe on every page in both themes and both widths.

const KEY = (name: string) => `ops-console/v1/${name}`;
const envelope = (data: unknown) => JSON.stringify({ schema: 1, saved_at: '2026-11-29T00:00:00Z', data });

/** Stores `entries` before the app's first start in this tab only, so what the test then
 * changes survives its reloads. */
async function seedOnce(page: Page, entries: Record<string, string>): Promise<void> {
  await page.addInitScript((s) => {
    if (!sessionStorage.getItem('seeded')) {
      for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v);
      sessionStorage.setItem('seeded', '1');
    }
  }, entries);
}

async function ready(page: Page): Promise<void> {
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page.getByTestId('data-status')).not.toContainText('Connecting');
}

test('keyboard: ? lists the shortcuts, g goes to pages, / finds the filter, i asks first, Esc closes', async ({ page }) => {
  await page.goto('');
  await ready(page);

  // ? opens the panel; Esc closes it and gives the focus back.
  const refresh = page.getByRole('button', { name: 'Refresh now' });
  await refresh.focus();
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-dialog');
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /g\s*c\s*Go to Ops Checklist/ })).toBeVisible();
  // Keys do nothing behind an open dialog.
  await page.keyboard.press('g');
  await page.keyboard.press('c');
  await expect(page).toHaveURL(/\/$/);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(refresh).toBeFocused();

  // g then a letter goes to the page and puts the focus on its heading.
  await page.keyboard.press('g');
  await expect(page.getByTestId('go-hint')).toBeVisible();
  await page.keyboard.press('c');
  await expect(page).toHaveURL(/\/checklist$/);
  await expect(page.locator('main h1')).toHaveText(/Ops Checklist$/);
  await expect(page.locator('main h1')).toBeFocused();
  await expect(page.getByTestId('go-hint')).toBeHidden();

  // g g is the Governance Log; an unknown letter says so and stays.
  await page.keyboard.press('g');
  await page.keyboard.press('z');
  await expect(page.locator('.toast').filter({ hasText: 'No page has the shortcut g z' })).toBeVisible();
  await expect(page).toHaveURL(/\/checklist$/);
  await page.keyboard.press('g');
  await page.keyboard.press('g');
  await expect(page).toHaveURL(/\/governance-log$/);

  // / focuses the page's filter, and typing there never fires a shortcut.
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  await expect(page).toHaveURL(/\/deploy-log$/);
  await page.keyboard.press('/');
  const filter = page.locator('#deploy-filter-text');
  await expect(filter).toBeFocused();
  await page.keyboard.type('gci?/');
  await expect(filter).toHaveValue('gci?/');
  await expect(page).toHaveURL(/\/deploy-log$/);
  await expect(help).toBeHidden();
  await expect(page.getByTestId('incident-shortcut-dialog')).toBeHidden();
  // A page without a search says so.
  await filter.blur();
  await page.keyboard.press('g');
  await page.keyboard.press('a');
  await expect(page).toHaveURL(/\/admin$/);
  await page.keyboard.press('/');
  await expect(page.locator('.toast').filter({ hasText: 'This page has no search or filter.' })).toBeVisible();

  // i asks before turning Incident Mode on; Esc (or Cancel) changes nothing.
  const chip = page.getByTestId('incident-chip');
  const confirm = page.getByTestId('incident-shortcut-dialog');
  await page.keyboard.press('i');
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('heading')).toHaveText('Turn Incident Mode on?');
  // The safe choice has the focus.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(chip).toHaveText('Incident Mode off');
  await page.keyboard.press('i');
  await confirm.getByTestId('incident-shortcut-confirm').click();
  await expect(chip).toContainText('Incident Mode ON');
  await expect(page.getByTestId('incident-news')).toHaveText('Incident Mode is on: polling is frozen.');
  // The Incident Log entry was opened, as from the Incident Mode card.
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(page).toHaveURL(/\/incident-log$/);
  await expect(page.getByTestId('inc-list').locator(':scope > li')).toHaveCount(1);
  await page.keyboard.press('i');
  await expect(confirm.getByRole('heading')).toHaveText('End Incident Mode?');
  await confirm.getByTestId('incident-shortcut-confirm').click();
  await expect(chip).toHaveText('Incident Mode off');
  await expect(page.getByTestId('incident-news')).toHaveText('Incident Mode is off: polling resumed.');
});

test('the theme switch is remembered; without a choice the system decides', async ({ page }) => {
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('checklist');
  await ready(page);
  const sw = page.getByTestId('theme-switch');
  await expect(sw).toHaveText(/System/);
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  const systemDark = await bg();
  await page.emulateMedia({ colorScheme: 'light' });
  const systemLight = await bg();
  expect(systemDark).not.toEqual(systemLight);

  await sw.click();
  await expect(sw).toHaveText(/Light/);
  await sw.click();
  await expect(sw).toHaveText(/Dark/);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The operator's choice wins over the system's, and survives a reload.
  expect(await bg()).toEqual(systemDark);
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('theme-switch')).toHaveText(/Dark/);
  expect(await bg()).toEqual(systemDark);
  const stored = await page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? '{}'), KEY('settings'));
  expect(stored.data.theme).toBe('dark');
  // Back to the system's choice.
  await page.getByTestId('theme-switch').click();
  await expect(page.getByTestId('theme-switch')).toHaveText(/System/);
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await bg()).toEqual(systemLight);
});

// Long words an operator may store (an id, a hash, a URL, a pasted token) wrap inside their box
// on a phone, in every row that shows them (`overflow-wrap`, style/main.css).
const LONG = 'sha256:' + '0123456789abcdef'.repeat(8);
const LONG_URL = 'https://beak.example/' + 'very-long-path-segment-'.repeat(6) + '?token=' + 'x'.repeat(60);
const LONG_AT = '2026-11-29T19:00:00Z';

test('long unbroken words wrap at 360 px on the pages that show stored text', async ({ page }) => {
  test.setTimeout(120_000);
  const incident = {
    id: 'INC-LONG-1', title: LONG, severity: 'P1', status: 'open', started_at: LONG_AT,
    detected_at: null, resolved_at: null, affected_components: [LONG], root_cause: LONG_URL,
    corrective_actions: LONG, approval_ids: [], notes: LONG_URL, from_incident_mode: false,
    created_by: LONG, created_at: LONG_AT, updated_at: LONG_AT,
  };
  const seeds: Record<string, string> = {
    [KEY('settings')]: envelope({ operator: LONG, approver: LONG, theme: 'dark' }),
    [KEY('deploy-log')]: envelope({
      entries: [{ id: 'DEP-LONG-1', version: LONG, what_changed: LONG_URL, deployed_at: LONG_AT, operator: LONG, recorded_at: LONG_AT }],
    }),
    [KEY('governance-log')]: envelope({
      approvals: [{
        id: 'APR-LONG-1', action: 'rollback', target: LONG, reason: LONG_URL, approver: LONG, method: 'chat',
        reference: LONG, approved_at: LONG_AT, recorded_by: LONG, recorded_at: LONG_AT,
      }],
    }),
    [KEY('incident-log')]: envelope({ incidents: [incident] }),
  };
  await seedOnce(page, seeds);
  await page.setViewportSize({ width: 360, height: 740 });
  const problems: string[] = [];
  for (const route of ['', 'checklist', 'deploy-log', 'governance-log', 'incident-log', 'postmortem?incident=INC-LONG-1', 'admin']) {
    await page.goto(route);
    await ready(page);
    // The stored words are on the page (in a field's value or in its text).
    const shown = await page.evaluate(
      (word) => document.body.innerText.includes(word) || Array.from(document.querySelectorAll('input, textarea')).some((f) => (f as HTMLInputElement).value.includes(word)),
      LONG.slice(0, 40),
    );
    if (route !== '' && route !== 'checklist') expect(shown, `/${route}: shows the long word`).toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) problems.push(`/${route}: page ${width} px wide`);
    for (const o of await overflowing(page)) problems.push(`/${route}: ${o}`);
  }
  expect(problems).toEqual([]);
});

/** Elements that stick out of the viewport's right edge, outside any box that scrolls. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    const scrolls = (el: Element | null): boolean => {
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 1 && !scrolls(el.parentElement)) {
        const what = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${Array.from(el.classList).join('.')}`;
        out.push(`${what} right=${Math.round(r.right)} (${(el.textContent ?? '').trim().slice(0, 40)})`);
      }
    }
    return out.slice(0, 10);
  });
}

async function axe(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations, `${what}: ${JSON.stringify(results.violations, null, 2)}`).toEqual([]);
}

for (const route of ['', ...readRoutes(), 'no-such-page']) {
  const name = route === '' ? '/' : `/${route}`;
  test(`${name}: at 360 px nothing is cut off and axe passes in both themes; and in dark at 1280 px`, async ({ page, sim }) => {
    test.setTimeout(90_000);
    await sim.setScenario('peck-callback-errors');
    await seedOnce(page, { [KEY('settings')]: envelope({ operator: 'ana', theme: 'dark' }) });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(route);
    await expect(page.locator('main h1')).toBeVisible();
    if (route !== 'no-such-page') await ready(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, `${name}: page wider than 360 px`).toBeLessThanOrEqual(360);
    expect(await overflowing(page), `${name}: cut off at 360 px`).toEqual([]);
    if (route !== 'no-such-page') {
      // The navigation row scrolls sideways on a phone: the current page's link is in view.
      const box = await page.locator('.app-nav a[aria-current=page]').boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 360, `${name}: current link at ${JSON.stringify(box)}`).toBe(true);
    }
    await axe(page, `${name} dark 360`);

    // Dark → System; the test's browser prefers light.
    await page.getByTestId('theme-switch').click();
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
    expect(await overflowing(page), `${name}: cut off at 360 px (light)`).toEqual([]);
    await axe(page, `${name} light 360`);

    // System → Light → Dark, on a wide screen.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('theme-switch').click();
    await page.getByTestId('theme-switch').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await axe(page, `${name} dark 1280`);
  });
}
