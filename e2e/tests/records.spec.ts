import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import { test, expect } from '../fixtures';
import type { Download, Locator, Page } from '@playwright/test';

// The console's records: Deploy Log, Governance Log (approvals and the gate), Incident Log
// (opened from Incident Mode, handoff bundle), Incident Postmortem and the activity trail.
// Entries persist across reloads, exports download with the right content, operator text stays
// inert, the governance form is prefilled from links, and axe finds no violations.

const KEY = (name: string) => `ops-console/v1/${name}`;
const envelope = (data: unknown) => JSON.stringify({ schema: 1, saved_at: '2026-11-29T00:00:00Z', data });
const NASTY = 'a, "b" | <b>bold</b> & *x*\nline 2 — ünï 🐤';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(
    ([key, settings]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, settings);
    },
    [KEY('settings'), envelope({ operator: 'ana', poll_interval_secs: 5 })],
  );
});


async function download(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: d.suggestedFilename(), text: await readDownload(d) };
}

async function readDownload(d: Download): Promise<string> {
  const p = await d.path();
  return fs.readFileSync(p!, 'utf8');
}

function isoMinutesAgo(min: number): string {
  return new Date(Date.now() - min * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
}

async function setIncidentMode(page: Page, mode: Record<string, unknown>): Promise<void> {
  await page.evaluate(([key, env]) => localStorage.setItem(key, env), [KEY('incident-mode'), envelope(mode)]);
}

test('Deploy Log: validation next to the fields, entries persist, platform rows are marked', async ({ page }) => {
  await page.goto('deploy-log');
  await expect(page.locator('h1')).toHaveText('Deploy Log');
  // The platform's deployments arrive from the simulator: 42 current, 41 prior stable.
  const table = page.getByTestId('deploy-table');
  await expect(table.locator('tr', { hasText: 'peck retries' })).toContainText('current alias');
  await expect(table.locator('tr', { hasText: 'cert renewals' })).toContainText('prior stable');
  await expect(table.locator('tr', { hasText: 'peck retries' })).toContainText('platform');
  await expect(page.locator('#deploy-operator')).toHaveValue('ana');

  // Refusals, next to each field.
  await page.locator('#deploy-version').fill('$LATEST');
  await page.locator('#deploy-at').fill('2999-01-01 00:00');
  await page.getByRole('button', { name: 'Add to the Deploy Log' }).click();
  await expect(page.locator('#deploy-version-error')).toContainText('$LATEST');
  await expect(page.locator('#deploy-what-error')).toContainText('what changed');
  await expect(page.locator('#deploy-at-error')).toContainText('future');
  await expect(page.locator('#deploy-version')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toBeVisible();
  await page.locator('#deploy-at').fill('soon');
  await page.getByRole('button', { name: 'Add to the Deploy Log' }).click();
  await expect(page.locator('#deploy-at-error')).toContainText('UTC time');

  await page.locator('#deploy-version').fill('43');
  await page.locator('#deploy-what').fill(NASTY);
  // Ten minutes ago, but never before today's UTC midnight: the date filter below is today.
  const sinceMidnight = Math.floor((Date.now() % 86_400_000) / 60_000);
  await page.locator('#deploy-at').fill(isoMinutesAgo(Math.min(10, sinceMidnight)));
  await page.getByRole('button', { name: 'Add to the Deploy Log' }).click();
  await expect(page.locator('#deploy-version-error')).toHaveCount(0);
  const row = table.locator('tbody tr').first();
  await expect(row).toContainText('43');
  await expect(row).toContainText('console');
  // Operator text is shown as text, never as HTML.
  await expect(row).toContainText('<b>bold</b>');
  await expect(table.locator('b')).toHaveCount(0);

  await page.reload();
  await expect(table.locator('tbody tr').first()).toContainText('43');
  await expect(table.locator('tr', { hasText: 'peck retries' })).toContainText('current alias');

  // Filter by text and by date.
  await page.locator('#deploy-filter-text').fill('ünï');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await page.locator('#deploy-filter-text').fill('');
  await page.locator('#deploy-filter-from').fill('not a date');
  await expect(page.locator('#deploy-filter-from-error')).toContainText('2026-11-29');
  await page.locator('#deploy-filter-from').fill(new Date().toISOString().slice(0, 10));
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await page.locator('#deploy-filter-from').fill('');
});

test('Deploy Log: exports download as JSON, CSV and Markdown with escaped text', async ({ page }) => {
  await page.goto('deploy-log');
  await page.locator('#deploy-version').fill('43');
  await page.locator('#deploy-what').fill(NASTY);
  await page.getByRole('button', { name: 'Add to the Deploy Log' }).click();
  await expect(page.getByTestId('deploy-table').locator('tbody tr').first()).toContainText('43');
  await expect(page.getByTestId('deploy-table')).toContainText('peck retries');

  const json = await download(page, page.getByRole('button', { name: 'JSON', exact: true }));
  expect(json.name).toMatch(/^deploy-log-\d{8}-\d{6}\.json$/);
  const rows = JSON.parse(json.text);
  expect(rows[0]).toMatchObject({ version: '43', source: 'console', what_changed: NASTY });
  expect(rows.find((r: { version: string }) => r.version === '42')).toMatchObject({ source: 'platform', current: true });

  const csv = await download(page, page.getByRole('button', { name: 'CSV' }));
  expect(csv.text.startsWith('version,deployed_at_utc,operator,source,mark,what_changed\r\n')).toBe(true);
  expect(csv.text).toContain(',ana,console,,"a, ""b"" | <b>bold</b> & *x*\nline 2 — ünï 🐤"\r\n');
  expect(csv.text).toContain('42,');

  const md = await download(page, page.getByRole('button', { name: 'Markdown' }));
  expect(md.name).toMatch(/\.md$/);
  expect(md.text).toContain('# Deploy Log');
  expect(md.text).toContain('a, "b" \\| &lt;b&gt;bold&lt;/b&gt; &amp; \\*x\\*<br>line 2 — ünï 🐤');
  expect(md.text).not.toContain('<b>');
});

test('Governance Log: prefilled from the link, validated, recorded, persisted, exported', async ({ page }) => {
  await page.goto('governance-log?action=rollback&version=41');
  await expect(page.locator('#gov-action')).toHaveValue('rollback');
  await expect(page.locator('#gov-target')).toHaveValue('41');
  await expect(page.getByTestId('gov-prefill')).toContainText('Rollback');
  await expect(page.locator('#gov-approver')).toHaveValue('T-JOSH');
  await expect(page.locator('label[for="gov-target"]')).toHaveText('Target version');

  // The gate is locked until the approval is recorded.
  await page.locator('#gov-check-target').fill('41');
  await expect(page.getByTestId('gov-gate')).toContainText('Locked');

  await page.getByRole('button', { name: 'Record the approval' }).click();
  await expect(page.locator('#gov-reason-error')).toBeVisible();
  await expect(page.locator('#gov-method-error')).toBeVisible();
  await page.locator('#gov-target').fill('$LATEST');
  await page.getByRole('button', { name: 'Record the approval' }).click();
  await expect(page.locator('#gov-target-error')).toContainText('$LATEST');

  await page.locator('#gov-target').fill('41');
  await page.locator('#gov-reason').fill(NASTY);
  await page.locator('#gov-method').fill('call');
  await page.locator('#gov-reference').fill('INC-7 | bridge');
  await page.getByRole('button', { name: 'Record the approval' }).click();
  const list = page.getByTestId('gov-list');
  await expect(list.locator('li')).toHaveCount(1);
  await expect(list).toContainText('Rollback → 41');
  await expect(list).toContainText('<b>bold</b>');
  await expect(list.locator('b')).toHaveCount(0);
  await expect(page.getByTestId('gov-gate')).toContainText('Unlocked');
  await expect(page.getByTestId('gov-gate')).toContainText('T-JOSH');

  await page.reload();
  await expect(list.locator('li')).toHaveCount(1);
  await expect(list).toContainText('Recorded');
  await expect(list).toContainText('ana');

  const md = await download(page, page.getByRole('button', { name: 'GOVERNANCE-LOG.md' }));
  expect(md.name).toBe('GOVERNANCE-LOG.md');
  expect(md.text).toMatch(/## APR-\d{8}-\d{6}-[0-9a-f]{4} — Rollback → 41/);
  expect(md.text).toContain('- Approver: T-JOSH');
  expect(md.text).toContain('- Method: call');
  expect(md.text).toContain('- Reference: INC-7 \\| bridge');
  expect(md.text).toContain('&lt;b&gt;bold&lt;/b&gt;');
  const json = await download(page, page.getByRole('button', { name: 'JSON', exact: true }));
  const data = JSON.parse(json.text);
  expect(data.approvals[0]).toMatchObject({ action: 'rollback', target: '41', reason: NASTY, approver: 'T-JOSH' });

  // The approval went to the activity trail, whose chain verifies.
  const trail = page.locator('.trail-panel');
  await expect(trail).toContainText('Chain verified');
  await expect(trail.locator('tbody')).toContainText('approval');
  await expect(trail.locator('tbody')).toContainText('Rollback → 41');
});

test('the activity trail reports a tampered chain and never repairs it', async ({ page }) => {
  await page.goto('governance-log?action=freeze-override');
  await page.locator('#gov-reason').fill('hotfix during freeze');
  await page.locator('#gov-method').fill('chat');
  await page.getByRole('button', { name: 'Record the approval' }).click();
  await expect(page.getByTestId('gov-list').locator('li')).toHaveCount(1);
  await expect(page.locator('.trail-panel')).toContainText('Chain verified');
  await page.evaluate((key) => {
    const env = JSON.parse(localStorage.getItem(key)!);
    env.data.entries[0].detail = 'edited afterwards';
    localStorage.setItem(key, JSON.stringify(env));
  }, KEY('activity-trail'));
  await page.reload();
  await expect(page.locator('.trail-panel')).toContainText('Chain broken');
  await expect(page.locator('.trail-panel')).toContainText('entry #1 was changed');
  // Still broken after the page records more.
  await page.locator('#gov-reason').fill('again');
  await page.locator('#gov-method').fill('chat');
  await page.getByRole('button', { name: 'Record the approval' }).click();
  await expect(page.getByTestId('gov-list').locator('li')).toHaveCount(2);
  await expect(page.locator('.trail-panel')).toContainText('Chain broken');
});

test('the rollback command unlocks only after a matching approval recorded on the Governance Log', async ({ page }) => {
  await page.goto('checklist');
  await expect(page.getByTestId('rollback-lock')).toContainText('Locked');
  await page.locator('li#rollback-4 a.cl-link').click();
  await expect(page).toHaveURL(/governance-log\?action=rollback&version=41$/);
  await expect(page.locator('#gov-target')).toHaveValue('41');
  // A rollback approval for another version does not unlock 41.
  await page.locator('#gov-target').fill('40');
  await page.locator('#gov-reason').fill('wrong version');
  await page.locator('#gov-method').fill('chat');
  await page.getByRole('button', { name: 'Record the approval' }).click();
  await expect(page.getByTestId('gov-list').locator('li')).toHaveCount(1);
  await page.goto('checklist');
  await expect(page.getByTestId('rollback-lock')).toContainText('Locked');
  await page.goto('governance-log?action=rollback&version=41');
  await page.locator('#gov-reason').fill('5xx after 42');
  await page.locator('#gov-method').fill('call');
  await page.getByRole('button', { name: 'Record the approval' }).click();
  await expect(page.getByTestId('gov-list').locator('li')).toHaveCount(2);
  await page.goto('checklist');
  await expect(page.getByTestId('gate-rollback-4')).toContainText('Gate met');
  await expect(page.getByTestId('rollback-lock')).not.toContainText('Locked');
});

test('Incident Log: opened from Incident Mode, persisted, resolved with an offer to exit, handoff exported', async ({ page }) => {
  await page.goto('incident-log');
  const start = isoMinutesAgo(30);
  await setIncidentMode(page, {
    active: true,
    started_at: start,
    incident_id: 'INC-E2E-1',
    changed_by: 'ana',
    changed_at: start,
  });
  await page.reload();
  await expect(page.getByTestId('inc-session')).toContainText('INC-E2E-1');
  await page.getByRole('button', { name: 'Open the entry for this incident' }).click();
  await expect(page.locator('#inc-title-input')).toHaveValue('Incident INC-E2E-1');
  await expect(page.locator('#inc-started')).toHaveValue(start.replace('T', ' ').replace('Z', ''));

  await page.locator('#inc-title-input').fill('');
  await page.locator('#inc-detected').fill('yesterday');
  await page.getByRole('button', { name: 'Open the entry', exact: true }).click();
  await expect(page.locator('#inc-title-input-error')).toBeVisible();
  await expect(page.locator('#inc-detected-error')).toContainText('UTC time');

  await page.locator('#inc-title-input').fill('Peck storm | <i>db</i>');
  await page.locator('#inc-detected').fill('');
  await page.locator('#inc-severity').selectOption('P0');
  await page.locator('#inc-components').fill('peck-worker, database');
  await page.locator('#inc-root-cause').fill(NASTY);
  await page.getByRole('button', { name: 'Open the entry', exact: true }).click();
  const list = page.getByTestId('inc-list');
  await expect(list.locator(':scope > li')).toHaveCount(1);
  await expect(list).toContainText('Peck storm | <i>db</i>');
  await expect(list.locator('i')).toHaveCount(0);
  await expect(list).toContainText('P0');
  await expect(list).toContainText('opened from Incident Mode');
  await expect(page.getByTestId('inc-session')).toHaveCount(0);

  await page.reload();
  await expect(list.locator(':scope > li')).toHaveCount(1);
  await expect(list).toContainText('peck-worker, database');

  // Resolving while Incident Mode is on offers to end it.
  await list.getByRole('button', { name: 'Edit' }).click();
  await page.locator('#inc-status').selectOption('resolved');
  await page.getByRole('button', { name: 'Save the entry' }).click();
  await expect(page.locator('#inc-resolved-error')).toContainText('resolution time');
  await page.locator('#inc-resolved').fill(isoMinutesAgo(0));
  await page.getByRole('button', { name: 'Save the entry' }).click();
  await expect(page.getByTestId('inc-exit-offer')).toBeVisible();
  await page.getByTestId('inc-exit-offer').getByRole('button', { name: 'End Incident Mode' }).click();
  await expect(page.getByTestId('inc-exit-offer')).toHaveCount(0);
  const mode = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!).data, KEY('incident-mode'));
  expect(mode.active).toBe(false);
  expect(mode.ended_at).toBeTruthy();
  await expect(list).toContainText('resolved');

  const md = await download(page, list.getByRole('button', { name: 'Handoff Markdown' }));
  expect(md.name).toBe('incident-handoff-INC-E2E-1.md');
  expect(md.text).toContain('# Incident handoff: INC-E2E-1 — Peck storm \\| &lt;i&gt;db&lt;/i&gt;');
  expect(md.text).toContain('- Severity: P0');
  expect(md.text).toContain('## Checklist runs and ticks');
  expect(md.text).toContain('## Deployments in the window');
  const json = await download(page, list.getByRole('button', { name: 'Handoff JSON' }));
  const bundle = JSON.parse(json.text);
  expect(bundle.kind).toBe('ops-console-incident-handoff');
  expect(bundle.incident).toMatchObject({ id: 'INC-E2E-1', severity: 'P0', status: 'resolved', root_cause: NASTY });
  // The trail entries in the incident's window (its opening was recorded in it).
  expect(bundle.activity.some((e: { kind: string; detail: string }) => e.kind === 'incident' && e.detail.includes('INC-E2E-1 opened'))).toBe(true);
});

test('diagnostics snapshots copied during Incident Mode are recorded, kept, listed on the Incident Log entry and in the handoff', async ({ page, context, sim }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sim.origin });
  const stored = async (name: string) =>
    JSON.parse((await page.evaluate((key) => localStorage.getItem(key), KEY(name))) ?? '{}').data;

  await page.goto('');
  await expect(page.getByTestId('health-score-value')).toContainText(/\d+\s*\/ 100/);
  await page.getByTestId('incident-on').click();
  await expect(page.locator('section#incident-mode')).toContainText('Incident Mode ON');
  const id: string = (await stored('incident-mode')).incident_id;
  expect(id).toMatch(/^INC-\d{8}-\d{4}$/);

  // The Diagnostics JSON carries the trail's verification; the copy is recorded and kept.
  await page.getByTestId('copy-json').click();
  await expect(page.locator('.toast').filter({ hasText: 'Copied Diagnostics JSON' })).toBeVisible();
  const json = await page.evaluate(() => navigator.clipboard.readText());
  const doc = JSON.parse(json);
  expect(doc.trail).toMatchObject({ verified: true, problem: null, archived: 0 });
  expect(doc.trail.entries).toBeGreaterThan(0);
  expect(doc.incident_mode).toMatchObject({ active: true, incident_id: id });
  await expect(page.getByTestId('snapshot-kept')).toContainText('1 kept');

  await page.getByTestId('copy-snapshot').click();
  await expect(page.locator('.toast').filter({ hasText: 'Copied Incident Snapshot' })).toBeVisible();
  const md = await page.evaluate(() => navigator.clipboard.readText());
  expect(md).toContain('- Activity trail: ');
  expect(md).toContain('chain verified');
  await expect(page.getByTestId('snapshot-kept')).toContainText('2 kept');

  const kept = (await stored('diagnostics-snapshots')).snapshots;
  expect(kept).toHaveLength(2);
  expect(kept[0]).toMatchObject({ kind: 'diagnostics-json', body: json, method: 'clipboard', incident_id: id, copied_by: 'ana' });
  expect(kept[1]).toMatchObject({ kind: 'incident-snapshot', body: md });
  expect(kept[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  const trail = (await stored('activity-trail')).entries.filter((e: { kind: string }) => e.kind === 'snapshot');
  expect(trail).toHaveLength(2);
  expect(trail[0].detail).toContain(`Diagnostics JSON copied to the clipboard (${kept[0].id}, sha256 ${kept[0].sha256.slice(0, 12)}`);
  expect(trail[1].detail).toContain(`sha256 ${kept[1].sha256.slice(0, 12)}`);

  // The Incident Log entry lists both, to view and download.
  await page.goto('incident-log');
  const entry = page.getByTestId('inc-list').locator(':scope > li', { hasText: id });
  const snaps = entry.getByTestId('inc-snapshots');
  await expect(snaps.locator('li')).toHaveCount(2);
  await expect(snaps.locator('li').first()).toContainText('Diagnostics JSON');
  await expect(snaps.locator('li').first()).toContainText(kept[0].sha256.slice(0, 12));
  await expect(snaps.locator('li').nth(1)).toContainText('Incident Snapshot');
  await snaps.locator('li').first().locator('summary').click();
  await expect(snaps.locator('li').first().locator('pre')).toContainText('"schema": 1');
  const body = await download(page, snaps.locator('li').first().getByRole('button', { name: 'Download' }));
  expect(body.name).toMatch(/^diagnostics-json-\d{8}-\d{6}\.json$/);
  expect(body.text).toBe(json);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations, JSON.stringify(axe.violations, null, 2)).toEqual([]);

  // The handoff bundle holds them, bodies included.
  const handoff = await download(page, entry.getByRole('button', { name: 'Handoff JSON' }));
  const bundle = JSON.parse(handoff.text);
  expect(bundle.snapshots).toHaveLength(2);
  expect(bundle.snapshots[0]).toMatchObject({ id: kept[0].id, kind: 'diagnostics-json', sha256: kept[0].sha256, body: json });
  expect(bundle.snapshots[1]).toMatchObject({ kind: 'incident-snapshot', body: md });
  const handoffMd = await download(page, entry.getByRole('button', { name: 'Handoff Markdown' }));
  expect(handoffMd.text).toContain('## Diagnostics snapshots (2)');
  expect(handoffMd.text).toContain(`SHA-256 \`${kept[0].sha256}\``);
  expect(handoffMd.text).toContain('```json\n' + json);
  expect(handoffMd.text).toContain('## Snapshot copies in the activity trail (2)');

  // A snapshot copied after the incident was resolved is not part of it.
  await entry.getByRole('button', { name: 'Edit' }).click();
  await page.locator('#inc-status').selectOption('resolved');
  // The resolution time is whole seconds: let the copies above fall before it.
  await page.waitForTimeout(1_100);
  await page.locator('#inc-resolved').fill(isoMinutesAgo(0));
  await page.getByRole('button', { name: 'Save the entry' }).click();
  await expect(page.getByTestId('inc-exit-offer')).toBeVisible();
  await page.getByTestId('inc-exit-offer').getByRole('button', { name: 'End Incident Mode' }).click();
  await expect(page.getByTestId('inc-exit-offer')).toHaveCount(0);
  await page.waitForTimeout(1_100);
  await page.goto('');
  await page.getByTestId('copy-json').click();
  await expect(page.getByTestId('snapshot-kept')).toContainText('3 kept');
  await page.goto('incident-log');
  await expect(entry.getByTestId('inc-snapshots').locator('li')).toHaveCount(2);
});

test('Postmortem: prefilled from an Incident Mode session, saved as typed, exported and copied', async ({ page, context, sim }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sim.origin });
  await page.goto('governance-log?action=rollback&version=41');
  // An approval during the session, recorded through the UI (it reaches the trail too).
  await page.locator('#gov-reason').fill('roll back during the incident');
  await page.locator('#gov-method').fill('call');
  await page.getByRole('button', { name: 'Record the approval' }).click();
  await expect(page.getByTestId('gov-list').locator('li')).toHaveCount(1);

  const start = isoMinutesAgo(20);
  const end = new Date(Date.now() + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  await setIncidentMode(page, {
    active: false,
    started_at: start,
    ended_at: end,
    incident_id: 'INC-E2E-PM',
    changed_by: 'ana',
    changed_at: end,
  });
  await page.goto('postmortem?incident=INC-E2E-PM');
  await expect(page.getByTestId('pm-session')).toContainText('INC-E2E-PM');
  await page.getByRole('button', { name: 'Create the entry from this session' }).click();
  await expect(page.getByTestId('pm-session')).toHaveCount(0);
  await expect(page.locator('#pm-summary')).toHaveValue(/P1 incident "Incident INC-E2E-PM" started/);
  const timeline = page.locator('#pm-timeline');
  await expect(timeline).toHaveValue(/Incident started/);
  await expect(timeline).toHaveValue(/Approved: Rollback → 41 by T-JOSH \(call\)/);
  await expect(timeline).toHaveValue(/Incident resolved/);
  await expect(page.getByTestId('pm-facts')).toContainText('duration 00:20:');

  await page.locator('#pm-went-well').fill(NASTY);
  await page.getByRole('button', { name: 'Add an action' }).click();
  await page.locator('#pm-action-0-what').fill('cap retries');
  await expect(page.locator('.rec-action-row').first()).toContainText('Every action needs an owner');
  await page.locator('#pm-action-0-owner').fill('raj');
  await page.locator('#pm-action-0-due').fill('2026-12-15');
  await expect(page.getByTestId('pm-saved')).toContainText('Draft saved');

  await page.reload();
  await expect(page.locator('#pm-went-well')).toHaveValue(NASTY);
  await expect(page.locator('#pm-action-0-owner')).toHaveValue('raj');
  await expect(page.getByTestId('pm-saved')).toContainText('Draft loaded');

  const md = await download(page, page.getByRole('button', { name: 'Export Markdown' }));
  expect(md.name).toBe('POSTMORTEM-INC-E2E-PM.md');
  for (const section of ['## Summary', '## Impact', '## Timeline (UTC)', '## Root cause', '## What went well', '## What went wrong', '## Corrective actions']) {
    expect(md.text).toContain(section);
  }
  expect(md.text).toContain('| cap retries | raj | 2026-12-15 |');
  expect(md.text).toContain('a, "b" \\| &lt;b&gt;bold&lt;/b&gt;');

  await page.getByRole('button', { name: 'Copy to clipboard' }).click();
  await expect(page.locator('.toast').filter({ hasText: 'copied to the clipboard' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('# Postmortem: INC-E2E-PM');
});

test('Postmortem: a refused clipboard shows the text selected instead', async ({ page }) => {
  await page.goto('postmortem');
  await page.evaluate(
    ([key, env]) => localStorage.setItem(key, env),
    [
      KEY('incident-log'),
      envelope({
        incidents: [
          {
            id: 'INC-CLIP',
            title: 'Clipboard',
            severity: 'P2',
            status: 'open',
            started_at: '2026-11-29T19:00:00Z',
            detected_at: null,
            resolved_at: null,
            affected_components: [],
            root_cause: '',
            corrective_actions: '',
            created_by: 'ana',
            created_at: '2026-11-29T19:00:00Z',
            updated_at: '2026-11-29T19:00:00Z',
          },
        ],
      }),
    ],
  );
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new Error('denied')) },
    });
  });
  await page.reload();
  await expect(page.locator('#pm-incident')).toHaveValue('INC-CLIP');
  await page.getByRole('button', { name: 'Copy to clipboard' }).click();
  const area = page.locator('#pm-copy-fallback');
  await expect(area).toBeFocused();
  const value = await area.inputValue();
  expect(value).toContain('# Postmortem: INC-CLIP');
  const selected = await area.evaluate((el: HTMLTextAreaElement) => el.selectionEnd - el.selectionStart);
  expect(selected).toBe(value.length);
});

test('axe finds no violations on the record pages', async ({ page }) => {
  test.setTimeout(120_000);
  const start = isoMinutesAgo(15);
  await page.goto('incident-log');
  await setIncidentMode(page, { active: true, started_at: start, incident_id: 'INC-AXE', changed_by: 'ana', changed_at: start });
  await page.reload();
  await page.getByRole('button', { name: 'Open the entry for this incident' }).click();
  await page.getByRole('button', { name: 'Open the entry', exact: true }).click();
  await expect(page.getByTestId('inc-list').locator(':scope > li')).toHaveCount(1);

  for (const p of ['deploy-log', 'governance-log?action=rollback&version=41', 'incident-log', 'postmortem']) {
    await page.goto(p);
    await expect(page.locator('h1')).toBeVisible();
    if (p === 'deploy-log') {
      // Show the refusals too.
      await page.getByRole('button', { name: 'Add to the Deploy Log' }).click();
      await expect(page.locator('#deploy-version-error')).toBeVisible();
    }
    if (p === 'postmortem') await expect(page.locator('#pm-summary')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations, `${p}: ${JSON.stringify(results.violations, null, 2)}`).toEqual([]);
  }
});

test('long logs: a page at a time, the filter starts again at page 1, a link opens the page that holds its approval', async ({ page }) => {
  // 120 approvals, one an hour, oldest first as stored.
  const t0 = Date.parse('2026-06-01T00:00:00Z');
  const approvals = Array.from({ length: 120 }, (_, i) => {
    const at = new Date(t0 + i * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    return {
      id: `APR-${String(i).padStart(4, '0')}`,
      action: i % 2 ? 'rollback' : 'alias-promotion',
      target: String(100 + i),
      reason: `reason ${i}`,
      approver: 'T-JOSH',
      method: 'chat',
      reference: '',
      approved_at: at,
      recorded_by: 'ana',
      recorded_at: at,
    };
  });
  await page.addInitScript(
    ([key, value]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, value);
    },
    [KEY('governance-log'), envelope({ approvals })],
  );

  await page.goto('governance-log');
  const list = page.getByTestId('gov-list').locator('> li');
  const pager = page.getByTestId('gov-pager');
  await expect(pager.locator('.pager-where')).toHaveText('Approvals 1–20 of 120 · page 1 of 6');
  await expect(list).toHaveCount(20);
  await expect(list.first()).toHaveAttribute('id', 'APR-0119'); // newest first
  await expect(pager.getByRole('button', { name: '‹ Previous' })).toBeDisabled();
  await pager.getByRole('button', { name: 'Last »' }).click();
  await expect(pager.locator('.pager-where')).toHaveText('Approvals 101–120 of 120 · page 6 of 6');
  await expect(list).toHaveCount(20);
  await expect(list.last()).toHaveAttribute('id', 'APR-0000');

  // A filter shows its matches from the first page.
  await page.locator('#gov-filter-text').fill('reason 11');
  await expect(page.locator('.rec-list .card-head [role=status]')).toHaveText('11 of 120 shown');
  await expect(pager.locator('.pager-where')).toHaveText('11 approvals');
  await expect(list).toHaveCount(11);
  await page.locator('#gov-filter-text').fill('no such approval');
  await expect(page.getByText('No approvals match.')).toBeVisible();
  await expect(pager).toHaveCount(0);

  // A link to an old approval (as the Incident Log makes) clears the filter and opens its page.
  await page.goto('incident-log');
  await page.goto('governance-log#APR-0003');
  await expect(page.locator('#APR-0003')).toBeInViewport();
  await expect(pager.locator('.pager-where')).toHaveText('Approvals 101–120 of 120 · page 6 of 6');

  // The Deploy Log pages the same way (120 console entries and the platform's 4).
  const deploys = approvals.map((a, i) => ({
    id: `DEP-${i}`,
    version: String(100 + i),
    what_changed: `change ${i}`,
    deployed_at: a.approved_at,
    operator: 'ana',
    recorded_at: a.approved_at,
  }));
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY('deploy-log'), envelope({ entries: deploys })]);
  await page.goto('deploy-log');
  const dpager = page.getByTestId('deploy-pager');
  await expect(dpager.locator('.pager-where')).toContainText(/^Deployments 1–50 of 12\d · page 1 of 3$/);
  await expect(page.getByTestId('deploy-table').locator('tbody tr')).toHaveCount(50);
  await dpager.getByRole('button', { name: 'Next ›' }).click();
  await expect(dpager.locator('.pager-where')).toContainText(/^Deployments 51–100 of 12\d · page 2 of 3$/);
  await page.locator('#deploy-filter-text').fill('change 11');
  await expect(dpager.locator('.pager-where')).toHaveText('11 deployments');
});
