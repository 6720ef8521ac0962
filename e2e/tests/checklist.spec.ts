import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from '../fixtures';

// Ops Checklist (/checklist): the three lists verbatim (texts copied from
// ../shared/seed/checklist-items.md into e2e/fixtures/checklist-items.json), ticks that
// persist and merge across tabs, reset with confirmation, keyboard use, links, live hints
// from beak-sim, the change-freeze banner, the rollback command and axe.

interface FixtureLink {
  label: string;
  href: string;
}
interface FixtureItem {
  n: number;
  id: string;
  markdown: string;
  text: string;
  code: string[];
  link: FixtureLink | null;
}
interface FixtureList {
  id: string;
  icon: string;
  title: string;
  short: string;
  tag: string;
  description: string;
  items: FixtureItem[];
}
interface Fixture {
  title: string;
  subtitle: string;
  lists: FixtureList[];
  closing_link: FixtureLink;
}

const DATA: Fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'checklist-items.json'), 'utf8'),
);
const ALL_ITEMS = DATA.lists.flatMap((l) => l.items);

const KEY = (name: string) => `ops-console/v1/${name}`;
const envelope = (data: unknown) => JSON.stringify({ schema: 1, saved_at: new Date().toISOString(), data });

/** Operator "ana" and a fast poll, before the app starts (only when nothing is stored yet). */
async function setup(context: BrowserContext): Promise<void> {
  await context.addInitScript(
    ([key, value]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, value);
    },
    [KEY('settings'), envelope({ operator: 'ana', poll_interval_secs: 2, request_timeout_ms: 4000 })],
  );
}

// Many steps per test, on a machine that may be busy.
test.describe.configure({ timeout: 60_000 });

test.beforeEach(async ({ context }) => {
  await setup(context);
});

const checkbox = (page: Page, id: string) => page.locator(`#chk-${id}`);
const progress = (page: Page, list: string) => page.getByTestId(`progress-${list}`);
const hintOf = (page: Page, id: string) => page.getByTestId(`hint-${id}`);

/** Waits until the status route's data arrived (the alias-drift hint has a verdict). */
async function loaded(page: Page): Promise<void> {
  await expect(hintOf(page, 'pre-deploy-1')).toContainText(/drift/i);
  await expect(hintOf(page, 'pre-deploy-1')).not.toContainText('no data');
}

/** Records an approval in the Governance Log's storage, then reloads. */
/** An approval by T-JOSH, approved and recorded now. */
function approvalOf(action: string, target: string | null, id = `APR-e2e-${action}-${target ?? 'none'}`) {
  const now = new Date().toISOString();
  return {
    id, action, target, reason: 'e2e', approver: 'T-JOSH', method: 'chat', reference: '#e2e',
    approved_at: now, recorded_by: 'ana', recorded_at: now,
  };
}

async function recordApproval(page: Page, action: string, target: string | null): Promise<void> {
  const approval = approvalOf(action, target);
  await page.evaluate(
    ([key, a, env]) => {
      const raw = localStorage.getItem(key);
      const cur = raw ? JSON.parse(raw) : JSON.parse(env);
      cur.data.approvals = [...(cur.data.approvals ?? []), JSON.parse(a)];
      localStorage.setItem(key, JSON.stringify(cur));
    },
    [KEY('governance-log'), JSON.stringify(approval), envelope({ approvals: [] })],
  );
  await page.reload();
}

test('shows the title, subtitle, three lists and every item verbatim', async ({ page }) => {
  await page.goto('checklist');
  await expect(page.locator('h1')).toHaveText(/Ops Checklist/);
  await expect(page.locator('.subtitle').first()).toHaveText(DATA.subtitle);
  expect(ALL_ITEMS).toHaveLength(27);
  for (const list of DATA.lists) {
    const section = page.locator(`section#${list.id}`);
    await expect(section.locator('h2')).toHaveText(`${list.icon} ${list.title}`);
    await expect(section).toContainText(list.description);
    await expect(section.locator('.cl-tag')).toHaveText(list.tag);
    await expect(progress(page, list.id)).toHaveText(`0 / ${list.items.length}`);
    await expect(page.getByTestId(`summary-${list.id}`)).toHaveText(`0 / ${list.items.length}`);
    await expect(section.locator('.cl-item')).toHaveCount(list.items.length);
    for (const item of list.items) {
      const li = page.locator(`li#${item.id}`);
      // The item text is the checkbox's label, verbatim.
      await expect(li.locator('label.cl-label')).toHaveText(item.text);
      await expect(page.getByRole('checkbox', { name: item.text, exact: true })).toBeVisible();
      await expect(li.locator('label.cl-label code')).toHaveText(item.code);
      if (item.link) {
        await expect(li.locator('a.cl-link')).toHaveText(item.link.label);
      } else {
        await expect(li.locator('a.cl-link')).toHaveCount(0);
      }
    }
  }
  await expect(page.locator('.cl-closing a')).toHaveText(DATA.closing_link.label);
  await expect(page.getByTestId('nav-checklist-progress')).toHaveText('0/27');
});

test('ticking updates the counts and the navigation, records who and when, and survives a reload', async ({ page }) => {
  await page.goto('checklist');
  await checkbox(page, 'pre-deploy-1').check();
  await checkbox(page, 'rollback-2').check();
  await expect(progress(page, 'pre-deploy')).toHaveText('1 / 10');
  await expect(progress(page, 'rollback')).toHaveText('1 / 8');
  await expect(page.getByTestId('summary-pre-deploy')).toHaveText('1 / 10');
  await expect(page.getByTestId('nav-checklist-progress')).toHaveText('2/27');

  const item = page.locator('li#pre-deploy-1');
  const who = page.locator('#who-pre-deploy-1');
  await item.scrollIntoViewIfNeeded();
  await page.mouse.move(1, 1);
  await expect(who).toBeHidden();
  const heightBefore = (await item.boundingBox())!.height;
  await item.hover();
  await expect(who).toBeVisible();
  // Showing who and when never moves the content under the pointer.
  expect((await item.boundingBox())!.height).toBe(heightBefore);
  await expect(who).toContainText(/Ticked by ana at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);

  await page.reload();
  await expect(checkbox(page, 'pre-deploy-1')).toBeChecked();
  await expect(checkbox(page, 'rollback-2')).toBeChecked();
  await expect(checkbox(page, 'pre-deploy-2')).not.toBeChecked();
  await expect(progress(page, 'pre-deploy')).toHaveText('1 / 10');
  await expect(page.getByTestId('nav-checklist-progress')).toHaveText('2/27');

  // Unticking is allowed and recorded.
  await checkbox(page, 'pre-deploy-1').uncheck();
  await expect(progress(page, 'pre-deploy')).toHaveText('0 / 10');
  await checkbox(page, 'pre-deploy-1').focus();
  await expect(who).toBeVisible();
  await expect(who).toContainText('Unticked by ana');
  await page.reload();
  await expect(checkbox(page, 'pre-deploy-1')).not.toBeChecked();
  await expect(page.getByTestId('nav-checklist-progress')).toHaveText('1/27');
});

test('two tabs ticking different items both keep their ticks', async ({ page, context }) => {
  const other = await context.newPage();
  await page.goto('checklist');
  await other.goto('checklist');
  await expect(progress(other, 'pre-deploy')).toHaveText('0 / 10');

  await checkbox(page, 'pre-deploy-1').check();
  await checkbox(other, 'pre-deploy-2').check();
  await checkbox(other, 'incident-triage-9').check();

  // Each tab sees the other's ticks without a reload.
  for (const p of [page, other]) {
    await expect(checkbox(p, 'pre-deploy-1')).toBeChecked();
    await expect(checkbox(p, 'pre-deploy-2')).toBeChecked();
    await expect(checkbox(p, 'incident-triage-9')).toBeChecked();
    await expect(progress(p, 'pre-deploy')).toHaveText('2 / 10');
    await expect(p.getByTestId('nav-checklist-progress')).toHaveText('3/27');
  }
  await page.reload();
  await expect(progress(page, 'pre-deploy')).toHaveText('2 / 10');
  await expect(progress(page, 'incident-triage')).toHaveText('1 / 9');
  await other.close();
});

test('reset asks for confirmation naming what is cleared, and archives a run', async ({ page }) => {
  await page.goto('checklist');
  await checkbox(page, 'rollback-1').check();
  await checkbox(page, 'rollback-3').check();
  await checkbox(page, 'incident-triage-1').check();
  await expect(progress(page, 'rollback')).toHaveText('2 / 8');

  const dialog = page.getByTestId('reset-dialog');
  await page.getByRole('button', { name: 'Reset Rollback…' }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Reset the Rollback Checklist?');
  await expect(dialog).toContainText('Rollback Checklist (2 / 8 ticked)');
  await expect(dialog).not.toContainText('Pre-Deploy');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(progress(page, 'rollback')).toHaveText('2 / 8');

  // Escape also cancels.
  await page.getByRole('button', { name: 'Reset Rollback…' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(progress(page, 'rollback')).toHaveText('2 / 8');

  await page.getByRole('button', { name: 'Reset Rollback…' }).click();
  await dialog.getByRole('button', { name: 'Reset Rollback' }).click();
  await expect(dialog).toBeHidden();
  await expect(progress(page, 'rollback')).toHaveText('0 / 8');
  await expect(progress(page, 'incident-triage')).toHaveText('1 / 9');
  const runs = page.getByTestId('runs-rollback');
  await expect(runs).toContainText('Last runs (1)');
  await runs.locator('summary').click();
  await expect(runs).toContainText('2 / 8 ticked');

  await page.getByRole('button', { name: 'Reset all…' }).click();
  await expect(dialog).toContainText('Reset all three checklists?');
  for (const t of ['Pre-Deploy Checklist (0 / 10 ticked)', 'Rollback Checklist (0 / 8 ticked)', 'Incident Triage Checklist (1 / 9 ticked)']) {
    await expect(dialog).toContainText(t);
  }
  await dialog.getByRole('button', { name: 'Reset all' }).click();
  await expect(progress(page, 'incident-triage')).toHaveText('0 / 9');
  await expect(page.getByTestId('nav-checklist-progress')).toHaveText('0/27');
  await page.reload();
  await expect(page.getByTestId('nav-checklist-progress')).toHaveText('0/27');
  await expect(page.getByTestId('runs-incident-triage')).toContainText('Last runs (1)');
  await expect(page.getByTestId('runs-rollback')).toContainText('Last runs (1)');
});

test('the keyboard reaches and toggles every item, with a visible focus', async ({ page }) => {
  await page.goto('checklist');
  // The pre-rendered copy is inert and takes no focus: wait for the app's checkboxes.
  await expect(page.locator('[data-prerendered]')).toHaveCount(0);
  await checkbox(page, 'incident-triage-3').focus();
  // Tab: past item 3's link, to item 4's checkbox.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const box = checkbox(page, 'incident-triage-4');
  await expect(box).toBeFocused();
  const outline = await box.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Space');
  await expect(box).toBeChecked();
  await expect(progress(page, 'incident-triage')).toHaveText('1 / 9');
  await expect(page.locator('#who-incident-triage-4')).toBeVisible();
  await page.keyboard.press('Space');
  await expect(box).not.toBeChecked();
  await expect(progress(page, 'incident-triage')).toHaveText('0 / 9');
  // Every checkbox is a tab stop.
  for (const item of ALL_ITEMS) {
    expect(await checkbox(page, item.id).getAttribute('tabindex')).toBeNull();
    await expect(checkbox(page, item.id)).toBeEnabled();
  }
});

test('each link lands on its page and section', async ({ page }) => {
  test.setTimeout(180_000);
  const links = [
    ...ALL_ITEMS.filter((i) => i.link).map((i) => ({ id: i.id, link: i.link! })),
    { id: 'closing', link: DATA.closing_link },
  ];
  expect(links.length).toBe(25);
  for (const { id, link } of links) {
    await page.goto('checklist');
    await loaded(page);
    const a = id === 'closing' ? page.locator('.cl-closing a') : page.locator(`li#${id} a.cl-link`);
    await expect(a).toHaveText(link.label);
    await a.click();
    const [p, frag] = link.href.split('#');
    const want = new URL(p, page.url()).pathname;
    await expect(page, `${id}: ${link.label}`).toHaveURL((u) => u.pathname === want && (frag ? u.hash === `#${frag}` : true));
    await expect(page.locator('h1').first()).toBeVisible();
    await expect(page.locator('h1').first()).not.toContainText('Not found');
    if (frag) {
      await expect(page.locator(`[id="${frag}"]`), `${id}: section #${frag}`).toBeInViewport();
    }
  }
});

test('the gated items link to the Governance Log prefilled and show when unmet', async ({ page }) => {
  await page.goto('checklist');
  await loaded(page);
  await expect(page.locator('li#pre-deploy-10 a.cl-link')).toHaveAttribute('href', /\/governance-log\?action=alias-promotion&version=42$/);
  await expect(page.locator('li#rollback-4 a.cl-link')).toHaveAttribute('href', /\/governance-log\?action=rollback&version=41$/);
  await expect(page.getByTestId('gate-pre-deploy-10')).toContainText('Gate unmet');
  await expect(page.getByTestId('gate-rollback-4')).toContainText('Gate unmet');
  await recordApproval(page, 'alias-promotion', '42');
  await loaded(page);
  await expect(page.getByTestId('gate-pre-deploy-10')).toContainText('Gate met');
  await expect(page.getByTestId('gate-rollback-4')).toContainText('Gate unmet');
});

test('gates and the freeze banner follow an approval recorded in another tab, without a reload', async ({ page, context, sim }) => {
  await sim.setScenario('change-freeze');
  await page.goto('checklist');
  await loaded(page);
  const mission = await context.newPage();
  await mission.goto('./');
  const override = mission.getByTestId('freeze-override');
  await expect(mission.getByTestId('freeze-banner')).toBeVisible();
  await expect(override).toContainText('No T-JOSH approval for a change-freeze override');
  await expect(page.getByTestId('checklist-freeze-banner')).toBeVisible();
  await expect(page.getByTestId('gate-pre-deploy-10')).toContainText('Gate unmet');

  // A third tab writes the log (the storage event reaches the other two, as when an operator
  // records approvals on the Governance Log elsewhere).
  const writer = await context.newPage();
  await writer.goto('governance-log');
  const approvals = [approvalOf('alias-promotion', '42', 'APR-LIVE-1'), approvalOf('freeze-override', null, 'APR-LIVE-2')];
  await writer.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY('governance-log'), envelope({ approvals })]);
  await expect(page.getByTestId('gate-pre-deploy-10')).toContainText('Gate met');
  await expect(page.getByTestId('gate-pre-deploy-10')).toContainText('T-JOSH');
  await expect(page.getByTestId('gate-rollback-4')).toContainText('Gate unmet');
  await expect(page.getByTestId('checklist-freeze-banner')).toHaveCount(0);
  await expect(override).toContainText('Override approved');
  await expect(override).toContainText('APR-LIVE-2');
});

test('hints follow the simulator and say when there is no data or it is stale', async ({ page, sim }) => {
  await sim.setScenario('crash-loop');
  await page.goto('checklist');
  await expect(hintOf(page, 'pre-deploy-3')).toContainText('no data');
  await expect(hintOf(page, 'pre-deploy-2')).toContainText('HTTP 502');
  await expect(hintOf(page, 'incident-triage-4')).toContainText('/beak/system/status HTTP 502');

  await sim.setScenario('healthy');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await loaded(page);
  await expect(hintOf(page, 'pre-deploy-1')).toContainText('No drift');
  await expect(hintOf(page, 'pre-deploy-2')).toContainText('Valid JSON with lambda.version, database, agents present');
  await expect(hintOf(page, 'pre-deploy-3')).toContainText('12 of 12 agents alive');
  await expect(hintOf(page, 'pre-deploy-3')).toContainText(/\(\d+ s ago\)/);
  await expect(hintOf(page, 'rollback-2')).toContainText('prior stable version 41');

  await sim.setScenario('alias-drift');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(hintOf(page, 'pre-deploy-1')).toContainText('Drift: lambda_alias_version 41 ≠ lambda.version 42');

  await sim.setScenario('fleet-outage');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(hintOf(page, 'pre-deploy-3')).toContainText('0 of 12');
  await expect(hintOf(page, 'incident-triage-5')).toContainText('Total fleet outage');

  await sim.setScenario('ses-amber');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(hintOf(page, 'pre-deploy-6')).toContainText('170 / 200');

  // The hint never ticks for the operator.
  await expect(progress(page, 'pre-deploy')).toHaveText('0 / 10');

  // Data that stops coming is labelled stale.
  await sim.setFault('/beak/system/status', 'status-502');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(hintOf(page, 'pre-deploy-6')).toContainText(/stale \(\d+ s\)/);
});

test('between polls only the ages tick: a hint keeps its badge until its level changes', async ({ page, sim }) => {
  // Polls an hour apart: what changes on the page in between is the clock's doing.
  await page.addInitScript(
    ([key, value]) => localStorage.setItem(key, value),
    [KEY('settings'), envelope({ operator: 'ana', poll_interval_secs: 3600 })],
  );
  await page.goto('checklist');
  await loaded(page);
  const badge = hintOf(page, 'pre-deploy-1').locator('.badge');
  await expect(badge).toContainText('OK');
  const changes = await page.evaluate(async () => {
    const seen: string[] = [];
    const mo = new MutationObserver((records) => {
      for (const m of records) {
        const el = (m.target.nodeType === Node.ELEMENT_NODE ? m.target : m.target.parentElement) as Element;
        if (!el.closest('.cl-age')) seen.push(`${m.type} in ${el.tagName.toLowerCase()}.${el.className}`);
      }
    });
    mo.observe(document.querySelector('main')!, { subtree: true, attributes: true, childList: true, characterData: true });
    await new Promise((r) => setTimeout(r, 2500));
    mo.disconnect();
    return seen;
  });
  expect(changes).toEqual([]);
  await expect(hintOf(page, 'pre-deploy-1').locator('.cl-age')).toHaveText(/\(\d+ s ago\)/);

  // An answer that changes the level changes the badge.
  await sim.setScenario('alias-drift');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(hintOf(page, 'pre-deploy-1')).toContainText('Drift:');
  await expect(badge).not.toContainText('OK');
});

test('an active change freeze blocks Pre-Deploy until overridden', async ({ page, sim }) => {
  await page.goto('checklist');
  await loaded(page);
  const banner = page.getByTestId('checklist-freeze-banner');
  await expect(banner).toHaveCount(0);
  await sim.setScenario('change-freeze');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(/deployment is visually blocked/i);
  await expect(banner).toContainText('Quarterly audit window');
  await expect(page.locator('section#pre-deploy [data-testid="checklist-freeze-banner"]')).toHaveCount(1);
  await expect(hintOf(page, 'pre-deploy-7')).toContainText('Change freeze active');
  await recordApproval(page, 'freeze-override', null);
  await loaded(page);
  await expect(hintOf(page, 'pre-deploy-7')).toContainText('Change freeze active');
  await expect(banner).toHaveCount(0);
});

test('the rollback command refuses $LATEST, stays locked until approved, then copies', async ({ page, context, sim }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sim.origin });
  await page.goto('checklist');
  await loaded(page);
  const cmd = page.locator('#rollback-command-text');
  const version = page.locator('#rollback-version');
  const error = page.getByTestId('rollback-error');
  const copy = page.getByTestId('copy-rollback');
  const expected = 'aws lambda update-alias --function-name beak-api --name prod --function-version 41';
  await expect(version).toHaveValue('41');
  await expect(cmd).toHaveValue(expected);
  await expect(page.getByTestId('rollback-lock')).toContainText('Locked');
  await expect(copy).toBeDisabled();

  await version.fill('$LATEST');
  await expect(error).toContainText('$LATEST is refused');
  await expect(cmd).toHaveValue(/--function-version <prev-version>$/);
  await expect(copy).toBeDisabled();
  await version.fill('');
  await expect(error).toContainText('Enter the known-good version number');
  await version.fill('4x');
  await expect(error).toContainText('not a version number');
  await version.fill('40');
  await expect(error).toBeEmpty();
  await expect(cmd).toHaveValue(/--function-version 40$/);
  await expect(page.locator('li#rollback-4 a.cl-link')).toHaveAttribute('href', /action=rollback&version=40$/);

  // An approval for 41 unlocks the default version 41.
  await recordApproval(page, 'rollback', '41');
  await loaded(page);
  await expect(version).toHaveValue('41');
  await expect(page.getByTestId('gate-rollback-4')).toContainText('Gate met');
  await expect(page.getByTestId('rollback-lock')).not.toContainText('Locked');
  await expect(copy).toBeEnabled();
  await copy.click();
  await expect(page.locator('.toast')).toContainText('Copied the rollback command');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
  // Another version is locked again.
  await version.fill('40');
  await expect(copy).toBeDisabled();
  await expect(page.getByTestId('rollback-lock')).toContainText('Locked');
});

test('axe finds no accessibility violations', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('checklist');
  await loaded(page);
  await checkbox(page, 'pre-deploy-1').check();
  await checkbox(page, 'rollback-5').check();
  await page.locator('#rollback-version').fill('$LATEST');
  let results = await new AxeBuilder({ page }).analyze();
  expect(results.violations, JSON.stringify(results.violations, null, 2)).toEqual([]);
  await page.getByRole('button', { name: 'Reset all…' }).click();
  await expect(page.getByTestId('reset-dialog')).toBeVisible();
  results = await new AxeBuilder({ page }).analyze();
  expect(results.violations, JSON.stringify(results.violations, null, 2)).toEqual([]);
});
