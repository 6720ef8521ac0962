import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import { test, expect } from '../fixtures';
import type { Page } from '@playwright/test';

// System Health, Peck Audit, Ops Runbook, Runbooks Index, Alert Thresholds and Admin Panel
// against beak-sim scenarios: the status check, spikes, a threshold change re-levelling a
// page, import preview and refusal, gated commands, search, and axe.

const KEY = (name: string) => `ops-console/v1/${name}`;
const envelope = (data: unknown) => JSON.stringify({ schema: 1, saved_at: '2026-11-29T00:00:00Z', data });

test.beforeEach(async ({ page }) => {
  await page.addInitScript(
    ([key, settings]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, settings);
    },
    [KEY('settings'), envelope({ operator: 'ana', poll_interval_secs: 5 })],
  );
});


async function refresh(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Refresh now' });
  await expect(button).toBeEnabled();
  await button.click();
}

test('System Health: healthy platform passes the status check and is all green', async ({ page }) => {
  await page.goto('system-health');
  const check = page.locator('#status-check');
  await expect(check).toHaveAttribute('data-level', 'green');
  await expect(check).toContainText('Passed');
  for (const key of ['lambda-version', 'database', 'agents']) {
    await expect(page.getByTestId(`check-key-${key}`)).toHaveAttribute('data-present', 'present');
    await expect(page.getByTestId(`check-key-${key}`)).toContainText('present');
  }
  await expect(page.getByTestId('check-json')).toContainText('valid');
  await expect(page.getByTestId('overall')).toHaveAttribute('data-level', 'green');
  await expect(page.getByTestId('overall')).toContainText('All green');
  for (const m of ['availability', 'latency_p95', 'error_rate', 'cold_start']) {
    await expect(page.getByTestId(`metric-${m}`)).toHaveAttribute('data-level', 'green');
    await expect(page.getByTestId(`metric-${m}`).locator('svg.sparkline')).toBeVisible();
  }
  // History grows by one point per poll.
  const spark = page.getByTestId('metric-availability').getByTestId('sparkline');
  const before = Number(await spark.getAttribute('data-points'));
  await refresh(page);
  await expect.poll(async () => Number(await spark.getAttribute('data-points'))).toBeGreaterThan(before);
  await expect(page.locator('#database')).toHaveAttribute('data-level', 'green');
  await expect(page.locator('tr[data-route="/beak/metrics"]')).toHaveAttribute('data-level', 'green');
  // The raw status body is shown pretty-printed, as text.
  const raw = page.getByTestId('raw-beak-system-status').locator('pre');
  await expect(raw).toContainText('"lambda": {');
  await expect(raw).toContainText('"version": "42"');
});

test('System Health: missing keys are named and nothing is green', async ({ page, sim }) => {
  await page.goto('system-health');
  await expect(page.locator('#status-check')).toHaveAttribute('data-level', 'green');
  await sim.setScenario('missing-keys');
  await refresh(page);
  const check = page.locator('#status-check');
  await expect(check).toHaveAttribute('data-level', 'red');
  await expect(check).toContainText('Failed');
  await expect(page.getByTestId('check-json')).toContainText('valid');
  for (const key of ['lambda-version', 'database', 'agents']) {
    await expect(page.getByTestId(`check-key-${key}`)).toHaveAttribute('data-present', 'missing');
    await expect(page.getByTestId(`check-key-${key}`)).toContainText('missing');
  }
  await expect(page.getByTestId('check-summary')).toContainText('missing');
  await expect(page.getByTestId('overall')).not.toHaveAttribute('data-level', 'green');
  await expect(page.getByTestId('overall')).toContainText('Not all green');
  // Metrics lacks pecks too: its data is stale now and no metric is shown green.
  for (const m of ['availability', 'latency_p95', 'error_rate', 'cold_start']) {
    await expect(page.getByTestId(`metric-${m}`)).not.toHaveAttribute('data-level', 'green');
  }
});

test('System Health: not-JSON answers fail the check', async ({ page, sim }) => {
  await sim.setScenario('not-json');
  await page.goto('system-health');
  await expect(page.locator('#status-check')).toHaveAttribute('data-level', 'red');
  await expect(page.getByTestId('check-json')).toContainText('not valid');
  await expect(page.getByTestId('check-key-database')).toHaveAttribute('data-present', 'unknown');
  await expect(page.getByTestId('overall')).toHaveAttribute('data-level', 'red');
});

test('Peck Audit: callback errors are flagged as webhook delivery with the runbook entry', async ({ page, sim }) => {
  await page.goto('peck-audit');
  await expect(page.getByTestId('failure-rate')).toHaveAttribute('data-level', 'green');
  await expect(page.getByTestId('spike-callback_error')).toHaveAttribute('data-level', 'green');
  await sim.setScenario('peck-callback-errors');
  await refresh(page);
  const row = page.getByTestId('spike-callback_error');
  await expect(row).toHaveAttribute('data-level', 'red');
  await expect(row).toContainText('Spike: webhook delivery');
  await expect(row.getByRole('link', { name: /INC-004/ })).toHaveAttribute('href', /\/runbook#inc-004$/);
  await expect(page.getByTestId('failure-rate')).toHaveAttribute('data-level', 'red');
  await expect(page.getByTestId('spike-alert')).toContainText('webhook delivery');
  await expect(page.getByTestId('spike-denied')).toHaveAttribute('data-level', 'green');
  await expect(page.locator('tr[data-outcome="callback_error"]')).toContainText(/2[45]\.\d %/);
  await expect(page.getByTestId('rate-trend')).toHaveAttribute('data-points', /^[1-9]/);
  // The runbook link lands on the entry.
  await row.getByRole('link', { name: /INC-004/ }).click();
  await expect(page).toHaveURL(/\/runbook#inc-004$/);
  await expect(page.locator('#inc-004')).toBeInViewport();
});

test('Peck Audit: denied and expired spikes point at auth drift and slow responses', async ({ page, sim }) => {
  await sim.setScenario('peck-denied-spike');
  await page.goto('peck-audit');
  await expect(page.getByTestId('spike-denied')).toContainText('Spike: auth config drift');
  await sim.setScenario('peck-expired-spike');
  await refresh(page);
  await expect(page.getByTestId('spike-expired')).toContainText('Spike: slow response times');
  await expect(page.getByTestId('spike-expired').getByRole('link')).toHaveAttribute('href', /#inc-008$/);
});

test('Alert Thresholds: a saved change re-levels System Health and Peck Audit at once', async ({ page }) => {
  await page.goto('system-health');
  const cold = page.getByTestId('metric-cold_start');
  await expect(cold).toHaveAttribute('data-level', 'green');
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await nav.getByRole('link', { name: /Alert Thresholds/ }).click();
  await expect(page.locator('h1')).toHaveText('Alert Thresholds');
  const field = page.getByLabel('Cold start p95 limit', { exact: true });
  await expect(field).toHaveValue('2000');
  await field.fill('100');
  await expect(page.getByTestId('thresholds-state')).toHaveText('Unsaved changes');
  await page.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(page.getByTestId('thresholds-state')).toHaveText('Saved');
  // No reload: the shared store re-levels the other page.
  await nav.getByRole('link', { name: /System Health/ }).click();
  await expect(cold).toHaveAttribute('data-level', 'red');
  await expect(cold).toContainText('exceeds 100 ms');

  await nav.getByRole('link', { name: /Alert Thresholds/ }).click();
  await page.getByLabel('Peck failure rate amber from', { exact: true }).fill('0.5');
  await page.getByLabel('Peck failure rate red from', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Save thresholds' }).click();
  await nav.getByRole('link', { name: /Peck Audit/ }).click();
  await expect(page.getByTestId('failure-rate')).toHaveAttribute('data-level', 'red');

  // Reset all to defaults brings the green back.
  await nav.getByRole('link', { name: /Alert Thresholds/ }).click();
  await page.getByRole('button', { name: 'Reset all to defaults' }).click();
  await page.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(page.getByLabel('Cold start p95 limit', { exact: true })).toHaveValue('2000');
  await nav.getByRole('link', { name: /System Health/ }).click();
  await expect(cold).toHaveAttribute('data-level', 'green');
  // Saved across reloads.
  const stored = await page.evaluate((k) => localStorage.getItem(k), KEY('thresholds'));
  expect(JSON.parse(stored!).data.cold_start_ms).toBe(2000);
});

test('Alert Thresholds: validation next to the fields; nothing invalid is saved', async ({ page }) => {
  await page.goto('alert-thresholds');
  const amber = page.getByLabel('SES quota amber from', { exact: true });
  await amber.fill('96');
  await expect(page.locator('#th-ses-amber-pct-error')).toHaveText('The amber level must be below the red level.');
  await expect(page.locator('#th-ses-red-pct-error')).toBeVisible();
  await expect(amber).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Save thresholds' })).toBeDisabled();
  await amber.fill('abc');
  await expect(page.locator('#th-ses-amber-pct-error')).toHaveText('Enter a number.');
  await page.getByRole('button', { name: 'Reset SES quota amber from to its default' }).click();
  await expect(amber).toHaveValue('80');
  await expect(page.locator('#th-ses-amber-pct-error')).toBeHidden();

  await page.getByLabel('duck.cert_issued: normal from', { exact: true }).fill('61');
  await expect(page.locator('#th-audit-cert-issued-min-error')).toContainText('must not exceed');
  await page.getByLabel('duck.cert_issued: normal from', { exact: true }).fill('60');
  await expect(page.locator('#th-audit-cert-issued-min-error')).toBeHidden();
  await page.getByLabel('Data stale after', { exact: true }).fill('0');
  await expect(page.locator('#th-stale-after-polls-error')).toContainText('between 1 and 20');
  await page.getByLabel('Dead agents', { exact: true }).fill('2.5');
  await expect(page.locator('#th-health-weights-dead-agents-error')).toHaveText('Enter a whole number.');
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByTestId('thresholds-state')).toHaveText('Saved');
  expect(await page.evaluate((k) => localStorage.getItem(k), KEY('thresholds'))).toBeNull();
});

test('Runbooks Index: filters as you type and is keyboard navigable', async ({ page }) => {
  await page.goto('runbooks');
  const runbooks = page.getByTestId('runbook-results');
  const checklists = page.getByTestId('checklist-results');
  await expect(runbooks.getByRole('link')).toHaveCount(9);
  await expect(checklists.getByRole('link')).toHaveCount(3);
  await expect(checklists).toContainText('Pre-Deploy Checklist');
  await expect(checklists).toContainText('Rollback Checklist');
  await expect(checklists).toContainText('Incident Triage Checklist');
  const search = page.getByLabel('Search runbooks and checklists', { exact: true });
  await search.fill('webhook');
  await expect(runbooks.getByRole('link').first()).toContainText('INC-004');
  await search.fill('inc-003');
  await expect(runbooks.getByRole('link')).toHaveCount(1);
  await expect(runbooks).toContainText('Total fleet outage');
  await search.fill('zzzz');
  await expect(page.getByText('No runbook entry matches.')).toBeVisible();
  await expect(page.getByText('No checklist matches.')).toBeVisible();
  await search.fill('P0-Ready');
  await expect(checklists.getByRole('link')).toHaveCount(1);
  await expect(checklists.getByRole('link')).toHaveAttribute('href', /\/checklist#rollback$/);
  // Keyboard: ↓ moves into the results, Enter follows the focused link.
  await search.fill('spaceducks');
  await search.press('ArrowDown');
  await expect(runbooks.getByRole('link').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(checklists.getByRole('link').first()).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(search).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(runbooks.getByRole('link').first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/runbook#inc-003$/);
  await expect(page.locator('#inc-003')).toBeInViewport();
  await expect(page.locator('#inc-003')).toContainText('no spaceducks pulsing');
});

test('Ops Runbook: every entry has its anchor, confirm links and approval steps', async ({ page }) => {
  await page.goto('runbook#inc-003');
  for (let i = 1; i <= 9; i++) await expect(page.locator(`#inc-00${i}`)).toHaveCount(1);
  const fleet = page.locator('#inc-003');
  await expect(fleet).toBeInViewport();
  await expect(fleet).toContainText('cert issuance');
  await expect(fleet.getByRole('link', { name: 'Mission Control → Agent Fleet' })).toHaveAttribute('href', /\/#agent-fleet$/);
  const gates = fleet.locator('li.gated');
  await expect(gates.first()).toContainText('Needs T-JOSH approval');
  await expect(fleet.getByRole('link', { name: 'Governance Log → cert revocation' })).toHaveAttribute(
    'href',
    /\/governance-log\?action=cert-revocation$/,
  );
  await page.goto('runbook#inc-007');
  await expect(page.locator('#inc-007')).toBeInViewport();
  await expect(page.locator('#inc-007')).toContainText('freeze override');
});

test('Admin: export, import preview, a refused file changes nothing, then import applies', async ({ page }) => {
  await page.goto('admin');
  await expect(page.getByTestId('usage-table')).toContainText(KEY('settings'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-backup').click()]);
  expect(download.suggestedFilename()).toMatch(/^ops-console-backup-\d{8}-\d{6}\.json$/);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  const backup = JSON.parse(text);
  expect(backup.format).toBe('ops-console-backup');
  expect(backup.entries[KEY('settings')].data.operator).toBe('ana');
  const before = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));

  // A foreign file is refused with the reason; nothing changes.
  const file = page.getByTestId('import-file');
  await file.setInputFiles({ name: 'grafana.json', mimeType: 'application/json', buffer: Buffer.from('{"dashboard":{"panels":[]}}') });
  await expect(page.getByTestId('import-refused')).toContainText('Not an Ops Console backup');
  await expect(page.getByTestId('import-refused')).toContainText('Nothing was changed');
  // A damaged backup too.
  await file.setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, 80)) });
  await expect(page.getByTestId('import-refused')).toContainText('Not a JSON file');
  // Invalid values inside a backup are refused before anything is written.
  const bad = structuredClone(backup);
  bad.entries[KEY('settings')].data.poll_interval_secs = 0;
  await file.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByTestId('import-refused')).toContainText('poll_interval_secs');
  expect(await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()))).toBe(before);

  // The same backup: nothing to import.
  await file.setInputFiles({ name: 'same.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('import-summary')).toContainText('0 added, 0 changed, 0 removed');
  await expect(page.getByTestId('apply-import')).toBeDisabled();

  // A changed backup: the preview names the change; nothing is written until confirmed.
  const changed = structuredClone(backup);
  changed.entries[KEY('settings')].data.operator = 'raj';
  changed.entries[KEY('thresholds')] = { schema: 1, saved_at: '2026-11-29T00:00:00Z', data: { cold_start_ms: 1500 } };
  await file.setInputFiles({ name: 'changed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(changed)) });
  const preview = page.getByTestId('import-preview');
  await expect(page.getByTestId('import-summary')).toContainText('1 added, 1 changed');
  await expect(preview.locator('tr[data-change="changed"]')).toContainText('operator');
  await expect(preview.locator('tr[data-change="added"]')).toContainText(KEY('thresholds'));
  expect(await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()))).toBe(before);
  await page.getByTestId('apply-import').click();
  await expect(page.getByTestId('import-done')).toBeVisible();
  // The page reloads and every store reads the imported state.
  await expect(page.locator('#set-operator')).toHaveValue('raj', { timeout: 10_000 });
  await page.goto('alert-thresholds');
  await expect(page.getByLabel('Cold start p95 limit', { exact: true })).toHaveValue('1500');
  await page.goto('admin');
  await expect(page.getByTestId('trail-check')).toContainText('Chain verified');
});

test('Admin: settings validation next to the fields, quarantine view and discard, reset all', async ({ page }) => {
  await page.goto('admin');
  await page.evaluate(() => localStorage.setItem('ops-console/quarantine/settings/2026-11-29T00:00:00Z', '{not json <b>x</b>'));
  await page.getByRole('button', { name: 'Re-read storage' }).click();
  const q = page.getByTestId('quarantine-list');
  await expect(q).toContainText('ops-console/quarantine/settings/2026-11-29T00:00:00Z');
  await q.getByRole('button', { name: 'View' }).click();
  await expect(q.locator('pre')).toHaveText('{not json <b>x</b>');
  await q.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByTestId('no-quarantine')).toBeVisible();

  const poll = page.getByLabel('Poll interval (seconds)', { exact: true });
  await poll.fill('1');
  await expect(page.locator('#set-poll-interval-error')).toContainText('between 2 and 3600');
  await page.getByLabel('API base URL', { exact: true }).fill('ftp://nope');
  await expect(page.locator('#set-api-base-url-error')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  await page.getByLabel('API base URL', { exact: true }).fill('');
  await poll.fill('7');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-state')).toHaveText('Saved');
  const stored = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)!), KEY('settings'));
  expect(stored.data.poll_interval_secs).toBe(7);

  const reset = page.getByRole('button', { name: 'Reset all console state' });
  await expect(reset).toBeDisabled();
  await page.getByLabel('Type RESET to confirm', { exact: true }).fill('reset');
  await expect(reset).toBeDisabled();
  await page.getByLabel('Type RESET to confirm', { exact: true }).fill('RESET');
  await reset.click();
  await expect(page.getByText(/Removed \d+ values/)).toBeVisible();
  await page.waitForLoadState('load');
  await expect(page.getByLabel('Poll interval (seconds)', { exact: true })).toHaveValue(/^(15|5)$/, { timeout: 10_000 });
});

test('Admin: gated operations stay locked until a matching approval, then build the command', async ({ page }) => {
  await page.goto('admin');
  const card = page.getByTestId('gated-rollback');
  await card.getByLabel('Known-good version', { exact: true }).fill('$LATEST');
  await expect(card.locator('.field-error').first()).toContainText('$LATEST');
  await card.getByLabel('Known-good version', { exact: true }).fill('41');
  await expect(card).toHaveAttribute('data-locked', 'true');
  await expect(card).toContainText('No approval for Rollback of 41');
  await expect(card.getByRole('link', { name: 'Record an approval' })).toHaveAttribute('href', /governance-log\?action=rollback$/);
  await expect(card.getByTestId('command')).toHaveCount(0);

  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const approval = (id: string, action: string, target: string | null) => ({
    id, action, target, reason: 'INC drill', approver: 'T-JOSH', method: 'call', reference: 'INC-9',
    approved_at: now, recorded_by: 'ana', recorded_at: now,
  });
  await page.evaluate(
    ([k, v]) => localStorage.setItem(k, v),
    [KEY('governance-log'), envelope({ approvals: [approval('APR-E2E-1', 'rollback', '41'), approval('APR-E2E-2', 'cert-revocation', null)] })],
  );
  await page.reload();
  await card.getByLabel('Known-good version', { exact: true }).fill('41');
  await expect(card).toHaveAttribute('data-locked', 'false');
  await expect(card).toContainText('Unlocked');
  await expect(card).toContainText('APR-E2E-1');
  await expect(card.getByTestId('command')).toHaveText(
    'aws lambda update-alias --function-name beak-api --name prod --function-version 41',
  );
  await card.getByLabel('Known-good version', { exact: true }).fill('40');
  await expect(card).toHaveAttribute('data-locked', 'true');

  const cert = page.getByTestId('gated-cert-revocation');
  await cert.getByLabel('Certificate id', { exact: true }).fill('duck-07;rm');
  await expect(cert.locator('.field-error').first()).toContainText('no spaces or quotes');
  await cert.getByLabel('Certificate id', { exact: true }).fill('duck-07');
  await expect(cert.getByTestId('command')).toHaveText('beak-admin certs revoke --cert-id duck-07');
  await expect(cert).toContainText('APR-E2E-2');
  const conn = page.getByTestId('gated-connection-termination');
  await conn.getByLabel('Connection id', { exact: true }).fill('conn-1');
  await expect(conn).toHaveAttribute('data-locked', 'true');

  // A template edit is checked and saved.
  await cert.getByText('Command template').click();
  const tpl = cert.getByLabel('Template', { exact: true });
  await tpl.fill('beak-admin certs revoke {serial}');
  await expect(cert.getByText(/must contain \{cert\}/)).toBeVisible();
  await tpl.fill('beak-admin certs revoke --now {cert}');
  await cert.getByRole('button', { name: 'Save template' }).click();
  await expect(cert.getByTestId('command')).toHaveText('beak-admin certs revoke --now duck-07');
  await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+/);
});

for (const p of ['system-health', 'peck-audit', 'runbook', 'runbooks', 'alert-thresholds', 'admin']) {
  test(`axe finds no violations on /${p}`, async ({ page, sim }) => {
    test.setTimeout(90_000);
    await sim.setScenario('peck-callback-errors');
    await page.goto(p);
    await expect(page.locator('h1')).toBeVisible();
    if (p === 'system-health') await expect(page.locator('#status-check')).not.toHaveAttribute('data-level', 'unknown');
    if (p === 'peck-audit') await expect(page.getByTestId('spike-callback_error')).toHaveAttribute('data-level', 'red');
    if (p === 'runbooks') await page.getByLabel('Search runbooks and checklists', { exact: true }).fill('fleet');
    if (p === 'alert-thresholds') await page.getByLabel('SES quota amber from', { exact: true }).fill('99');
    if (p === 'admin') {
      await page.getByLabel('Poll interval (seconds)', { exact: true }).fill('0');
      await page.getByTestId('gated-rollback').getByLabel('Known-good version', { exact: true }).fill('41');
    }
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations, `${p}: ${JSON.stringify(results.violations, null, 2)}`).toEqual([]);
  });
}
