import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Sim } from '../fixtures';
import type { BrowserContext, Page } from '@playwright/test';

// Mission Control (/): each beak-sim scenario shows its card states and anomalies, Incident
// Mode freezes polling (counted at the simulator) and survives reloads and other tabs, the
// diagnostics reach the clipboard (or a dialog when refused), and axe finds no violations.

const FAST_SETTINGS = JSON.stringify({
  schema: 1,
  saved_at: '2026-11-29T00:00:00Z',
  data: { poll_interval_secs: 2, request_timeout_ms: 4000 },
});

async function fastPolling(context: BrowserContext): Promise<void> {
  await context.addInitScript((settings) => {
    if (!localStorage.getItem('ops-console/v1/settings')) {
      localStorage.setItem('ops-console/v1/settings', settings);
    }
  }, FAST_SETTINGS);
}

test.beforeEach(async ({ context }) => {
  await fastPolling(context);
});

const card = (page: Page, id: string) => page.locator(`section#${id}`);
const anomaly = (page: Page, kind: string) => page.locator(`#anomaly-summary li[data-kind="${kind}"]`);
const routeRow = (page: Page, p: string) => page.locator(`#route-health tr[data-route="${p}"]`);

/** Waits for the first data: the health score shows a number. */
async function loaded(page: Page): Promise<void> {
  await expect(page.getByTestId('health-score-value')).toContainText(/\d+\s*\/ 100/);
}

async function beakRequests(sim: Sim): Promise<number[]> {
  const s = await sim.stats();
  return ['/beak', '/beak/metrics', '/beak/system/status'].map((r) => s.requests[r] ?? 0);
}

type Check = (page: Page) => Promise<void>;

const scenarios: Record<string, Check> = {
  healthy: async (page) => {
    await loaded(page);
    await expect(page.getByTestId('anomaly-empty')).toContainText(/No anomalies \(data \d+ s old\)/);
    await expect(page.getByTestId('health-score-value')).toContainText('100');
    for (const id of ['alias-drift', 'agent-fleet', 'peck-failures', 'ses-quota', 'sandbox', 'change-freeze', 'pipeline', 'audit-activity', 'route-health', 'health-score']) {
      await expect(card(page, id), id).toHaveAttribute('data-level', 'green');
    }
    await expect(card(page, 'deployments')).toContainText('current');
    await expect(card(page, 'deployments')).toContainText('prior stable');
    await expect(page.getByTestId('freeze-banner')).toHaveCount(0);
  },
  'alias-drift': async (page) => {
    await expect(card(page, 'alias-drift')).toHaveAttribute('data-level', 'red');
    await expect(card(page, 'alias-drift')).toContainText('Drift: alias 41 ≠ function 42');
    await expect(anomaly(page, 'alias-drift')).toContainText('Runbook INC-001');
    await expect(page.locator('#health-score')).toContainText('Alias drift');
  },
  'partial-fleet': async (page) => {
    await expect(card(page, 'agent-fleet')).toHaveAttribute('data-level', 'amber');
    await expect(card(page, 'agent-fleet')).toContainText('duck-03, duck-07, duck-11');
    await expect(anomaly(page, 'fleet')).toContainText('Dead agents');
  },
  'fleet-outage': async (page) => {
    await expect(card(page, 'agent-fleet')).toHaveAttribute('data-level', 'red');
    await expect(card(page, 'agent-fleet')).toContainText('Total outage');
    await expect(card(page, 'agent-fleet').getByRole('link', { name: 'Runbook INC-003' })).toHaveAttribute('href', /\/runbook#inc-003$/);
    await expect(anomaly(page, 'fleet')).toContainText('Total fleet outage');
  },
  'peck-callback-errors': async (page) => {
    await expect(card(page, 'peck-failures')).toHaveAttribute('data-level', 'red');
    await expect(card(page, 'peck-failures')).toContainText('webhook delivery');
    await expect(anomaly(page, 'peck-callback_error')).toContainText('Runbook INC-004');
  },
  'peck-denied-spike': async (page) => {
    await expect(card(page, 'peck-failures')).toContainText('auth config drift');
    await expect(anomaly(page, 'peck-denied')).toContainText('Runbook INC-008');
  },
  'peck-expired-spike': async (page) => {
    await expect(card(page, 'peck-failures')).toContainText('slow response times');
    await expect(anomaly(page, 'peck-expired')).toContainText('Runbook INC-008');
  },
  'audit-spike': async (page) => {
    await expect(card(page, 'audit-activity')).toHaveAttribute('data-level', 'amber');
    await expect(card(page, 'audit-activity')).toContainText('Abnormally high');
    await expect(card(page, 'audit-activity')).toContainText('Abnormally low');
    await expect(anomaly(page, 'audit-peck_notify')).toBeVisible();
    await expect(anomaly(page, 'audit-duck.cert_issued')).toBeVisible();
  },
  'ses-amber': async (page) => {
    await expect(card(page, 'ses-quota')).toHaveAttribute('data-level', 'amber');
    await expect(card(page, 'ses-quota')).toContainText('170 / 200');
    await expect(anomaly(page, 'ses-quota')).toHaveAttribute('data-level', 'amber');
  },
  'ses-red': async (page) => {
    await expect(card(page, 'ses-quota')).toHaveAttribute('data-level', 'red');
    await expect(card(page, 'ses-quota')).toContainText('194 / 200');
    await expect(anomaly(page, 'ses-quota')).toHaveAttribute('data-level', 'red');
  },
  sandbox: async (page) => {
    await expect(card(page, 'sandbox')).toHaveAttribute('data-level', 'red');
    await expect(card(page, 'sandbox')).toContainText('SES and SNS in the sandbox');
    await expect(anomaly(page, 'sandbox')).toContainText('Runbook INC-005');
  },
  'change-freeze': async (page) => {
    const banner = page.getByTestId('freeze-banner');
    await expect(banner).toContainText('deployment blocked');
    await expect(banner).toContainText('Quarterly audit window');
    await expect(banner).toContainText('T-JOSH');
    await expect(card(page, 'change-freeze')).toHaveAttribute('data-level', 'red');
    await expect(card(page, 'change-freeze').getByRole('link', { name: 'Request override approval' })).toHaveAttribute(
      'href',
      /\/governance-log\?action=freeze-override$/,
    );
    await expect(anomaly(page, 'change-freeze')).toContainText('Runbook INC-007');
  },
  'stale-snapshot': async (page) => {
    await expect(card(page, 'pipeline')).toHaveAttribute('data-level', 'red');
    await expect(card(page, 'pipeline')).toContainText('Snapshot is stale');
    await expect(anomaly(page, 'stale-snapshot')).toContainText('Runbook INC-006');
  },
  slow: async (page) => {
    await expect(routeRow(page, '/beak/system/status')).toHaveAttribute('data-level', 'amber', { timeout: 15_000 });
    await expect(routeRow(page, '/beak/system/status')).toContainText('Slow');
    await expect(anomaly(page, 'slow-/beak/system/status')).toContainText('Runbook INC-009');
  },
  'crash-loop': async (page) => {
    await expect(routeRow(page, '/beak/metrics')).toContainText('HTTP 502 (cold start or crash loop)');
    await expect(routeRow(page, '/beak/system/status')).toContainText('HTTP 502 (cold start or crash loop)');
    await expect(routeRow(page, '/beak')).toHaveAttribute('data-level', 'green');
    await expect(anomaly(page, 'route-/beak/system/status')).toContainText('Runbook INC-002');
    await expect(page.getByTestId('health-score-value')).toContainText('No score');
    await expect(card(page, 'alias-drift')).toContainText('No data');
  },
  'gateway-timeout': async (page) => {
    await expect(routeRow(page, '/beak/system/status')).toContainText('HTTP 504 (cold start or crash loop)');
    await expect(routeRow(page, '/beak/metrics')).toHaveAttribute('data-level', 'green');
    await expect(anomaly(page, 'route-/beak/system/status')).toContainText('Runbook INC-002');
  },
  hang: async (page) => {
    for (const p of ['/beak', '/beak/metrics', '/beak/system/status']) {
      await expect(routeRow(page, p)).toContainText('timeout after 4000 ms', { timeout: 15_000 });
    }
    await expect(anomaly(page, 'route-/beak')).toContainText('Runbook INC-009');
    await expect(page.getByTestId('health-score-value')).toContainText('No score');
  },
  'not-json': async (page) => {
    for (const p of ['/beak', '/beak/metrics', '/beak/system/status']) {
      await expect(routeRow(page, p)).toContainText('not JSON');
    }
    await expect(anomaly(page, 'route-/beak/metrics')).toContainText('Runbook INC-009');
  },
  'missing-keys': async (page) => {
    await expect(routeRow(page, '/beak/system/status')).toContainText('JSON missing lambda.version, database, agents');
    await expect(routeRow(page, '/beak/metrics')).toContainText('JSON missing pecks');
    await expect(anomaly(page, 'route-/beak/system/status')).toContainText('Runbook INC-009');
  },
};

for (const [name, check] of Object.entries(scenarios)) {
  test(`scenario ${name} shows its card states and anomalies`, async ({ page, sim }) => {
    await sim.setScenario(name);
    await page.goto('');
    await check(page);
    if (name !== 'healthy') {
      await expect(page.getByTestId('anomaly-empty')).toHaveCount(0);
      await expect(card(page, 'anomaly-summary')).not.toHaveAttribute('data-level', 'green');
    }
  });
}

test('the Deployment History keeps its rows when the alias moves: only the current and prior stable marks move', async ({ page, sim }) => {
  await page.goto('');
  const rows = card(page, 'deployments').locator('tbody tr');
  const row = (version: string) => rows.filter({ has: page.locator('code', { hasText: new RegExp(`^${version}$`) }) });
  await expect(row('42')).toContainText('current');
  await expect(row('42')).toHaveClass(/mc-current/);
  await expect(row('41')).toContainText('prior stable');
  const count = await rows.count();
  expect(count).toBe(4);
  // A tag on each row's element (a row built again would come without it), and every
  // attribute written in the table from now on.
  type Tagged = { __row?: number };
  const tags = () => rows.evaluateAll((els) => els.map((el) => (el as unknown as Tagged).__row));
  await rows.evaluateAll((els) => els.forEach((el, i) => ((el as unknown as Tagged).__row = i)));
  await page.evaluate(() => {
    const w = window as unknown as { __written: string[] };
    w.__written = [];
    new MutationObserver((list) => {
      for (const m of list) w.__written.push(`${(m.target as Element).tagName.toLowerCase()}.${m.attributeName}`);
    }).observe(document.querySelector('section#deployments tbody')!, { subtree: true, attributes: true });
  });

  await sim.setScenario('alias-drift');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(card(page, 'alias-drift')).toHaveAttribute('data-level', 'red');
  await expect(row('41')).toContainText('current');
  await expect(row('41')).toHaveClass(/mc-current/);
  await expect(row('40')).toContainText('prior stable');
  await expect(row('42')).not.toContainText(/current|prior stable/);
  await expect(row('42')).not.toHaveClass(/mc-current/);
  expect(await tags()).toEqual([0, 1, 2, 3]);
  // Only the marks were written: the class of the two rows whose "current" changed, not the
  // rows' times, titles and cells again.
  const written = await page.evaluate(() => (window as unknown as { __written: string[] }).__written);
  expect(written).toEqual(['tr.class', 'tr.class']);

  // And back: the marks return to where they were, on the same rows.
  await sim.setScenario('healthy');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(row('42')).toContainText('current');
  await expect(row('41')).toContainText('prior stable');
  await expect(row('40')).not.toContainText(/current|prior stable/);
  expect(await tags()).toEqual([0, 1, 2, 3]);
});

test('Incident Mode freezes polling, survives a reload, shows in a second tab, and ends with a confirmation', async ({ page, context, sim }) => {
  test.setTimeout(90_000);
  await page.goto('');
  await loaded(page);
  const incident = card(page, 'incident-mode');
  await page.getByTestId('incident-on').click();
  await expect(incident).toContainText('Incident Mode ON');
  await expect(page.getByTestId('incident-chip')).toContainText('Incident Mode ON');
  await expect(page.getByTestId('incident-elapsed')).toHaveText(/^00:00:0\d$/);
  // The drift and failure cards are highlighted.
  for (const id of ['alias-drift', 'agent-fleet', 'peck-failures', 'route-health']) {
    await expect(card(page, id)).toHaveClass(/highlight/);
  }
  const stored = await page.evaluate(() => localStorage.getItem('ops-console/v1/incident-mode'));
  const mode = JSON.parse(stored ?? '{}').data;
  expect(mode.active).toBe(true);
  expect(mode.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  expect(mode.incident_id).toMatch(/^INC-\d{8}-\d{4}$/);
  // It opened an Incident Log entry with the same start time.
  const log = JSON.parse((await page.evaluate(() => localStorage.getItem('ops-console/v1/incident-log'))) ?? '{}').data;
  const entry = log.incidents.find((i: { id: string }) => i.id === mode.incident_id);
  expect(entry).toMatchObject({ started_at: mode.started_at, from_incident_mode: true, status: 'open' });
  await expect(incident.getByRole('link', { name: 'Open its Incident Log entry' })).toHaveAttribute(
    'href',
    new RegExp(`/incident-log\\?incident=${mode.incident_id}$`),
  );

  // A poll in flight when it was turned on may still finish; after that, nothing.
  await page.waitForTimeout(1_500);
  const frozen = await beakRequests(sim);
  await page.waitForTimeout(5_000);
  expect(await beakRequests(sim), 'no /beak requests while Incident Mode is on').toEqual(frozen);

  // "Fetch once now" still fetches, once.
  await page.getByTestId('incident-refresh').click();
  await expect.poll(async () => (await beakRequests(sim))[2]).toBe(frozen[2] + 1);
  await page.waitForTimeout(4_000);
  const afterRefresh = await beakRequests(sim);
  expect(afterRefresh).toEqual(frozen.map((n) => n + 1));

  // Reload: still on, same start, still frozen.
  await page.reload();
  await expect(incident).toContainText('Incident Mode ON');
  await expect(incident).toContainText(mode.incident_id);
  await page.waitForTimeout(4_000);
  expect(await beakRequests(sim), 'frozen after a reload').toEqual(afterRefresh);

  // A second tab sees the same state and does not poll either.
  const page2 = await context.newPage();
  await page2.goto('');
  await expect(card(page2, 'incident-mode')).toContainText('Incident Mode ON');
  await expect(page2.getByTestId('incident-chip')).toContainText('Incident Mode ON');
  await page2.waitForTimeout(4_000);
  expect(await beakRequests(sim), 'frozen in the second tab').toEqual(afterRefresh);

  // Turning off asks first; cancel keeps it on.
  await page.getByTestId('incident-off').click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(incident).toContainText('Incident Mode ON');
  await page.getByTestId('incident-off').click();
  await expect(page.getByTestId('incident-off-confirm')).toBeFocused();
  await page.getByTestId('incident-off-confirm').click();
  await expect(page.getByTestId('incident-on')).toBeVisible();
  const ended = page.getByTestId('incident-ended');
  await expect(ended).toContainText(mode.incident_id);
  await expect(ended.getByRole('link', { name: 'Write the postmortem' })).toHaveAttribute(
    'href',
    new RegExp(`/postmortem\\?incident=${mode.incident_id}$`),
  );
  const off = JSON.parse((await page.evaluate(() => localStorage.getItem('ops-console/v1/incident-mode'))) ?? '{}').data;
  expect(off.active).toBe(false);
  expect(off.ended_at).toBeTruthy();
  // The other tab follows, and polling resumes.
  await expect(page2.getByTestId('incident-chip')).toContainText('Incident Mode off');
  await expect.poll(async () => (await beakRequests(sim))[2], { timeout: 10_000 }).toBeGreaterThan(afterRefresh[2] + 1);
  await page2.close();
});

test.describe('diagnostics with clipboard permission', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('Copy Diagnostics JSON puts parseable JSON with the named fields on the clipboard', async ({ page, sim }) => {
    await sim.setScenario('alias-drift');
    await page.goto('');
    await expect(card(page, 'alias-drift')).toHaveAttribute('data-level', 'red');
    await page.getByTestId('copy-json').click();
    await expect(page.locator('.toast')).toContainText('Copied Diagnostics JSON');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const doc = JSON.parse(text);
    for (const key of [
      'captured_at', 'app_version', 'data_source', 'routes', 'lambda', 'lambda_alias_version', 'pipeline',
      'sandbox', 'agents', 'ses_quota', 'change_freeze', 'snapshot_age_secs', 'health', 'anomalies', 'incident_mode',
    ]) {
      expect(doc, key).toHaveProperty(key);
    }
    expect(doc.captured_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(doc.app_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(doc.data_source).toBe('this origin');
    expect(doc.routes.map((r: { path: string }) => r.path)).toEqual(['/beak', '/beak/metrics', '/beak/system/status']);
    expect(doc.routes[2].http_status).toBe(200);
    expect(doc.lambda.version).toBe('42');
    expect(doc.lambda_alias_version).toBe('41');
    expect(doc.agents.total).toBe(12);
    expect(doc.ses_quota.max_24h).toBe(200);
    expect(doc.sandbox).toMatchObject({ ses: false, sns: false });
    expect(doc.change_freeze.active).toBe(false);
    expect(typeof doc.snapshot_age_secs).toBe('number');
    expect(doc.health.score).toBe(85);
    expect(doc.health.penalties[0]).toMatchObject({ rule: 'alias-drift', points: 15, card: 'alias-drift' });
    expect(doc.anomalies[0]).toMatchObject({ kind: 'alias-drift', runbook: 'inc-001' });
    expect(doc.incident_mode).toMatchObject({ active: false, started_at: null });
    expect(typeof doc.data.status.age_secs).toBe('number');
    expect(text).not.toContain('T-JOSH');

    await page.getByTestId('copy-snapshot').click();
    await expect(page.locator('.toast').last()).toContainText('Copied Incident Snapshot');
    const md = await page.evaluate(() => navigator.clipboard.readText());
    expect(md).toMatch(/^## Incident Snapshot — \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n/);
    expect(md).toContain('alias 41');
    expect(md).toContain('runbook inc-001');
  });
});

test('the copy dialog appears when the clipboard permission is denied', async ({ page }) => {
  // Chromium grants clipboard writes to a focused page by default: make the browser refuse,
  // as it does for a denied permission.
  await page.addInitScript(() => {
    Object.defineProperty(Clipboard.prototype, 'writeText', {
      configurable: true,
      value: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')),
    });
  });
  await page.goto('');
  await loaded(page);
  await page.getByTestId('copy-json').click();
  const dialog = page.getByTestId('copy-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('copy');
  await expect(dialog).toContainText('Ctrl+C');
  const area = page.getByTestId('copy-text');
  await expect(area).toBeFocused();
  await expect(area).toHaveAttribute('readonly', '');
  const value = await area.inputValue();
  expect(JSON.parse(value).lambda.version).toBe('42');
  const selected = await area.evaluate((el: HTMLTextAreaElement) => el.selectionEnd - el.selectionStart);
  expect(selected).toBe(value.length);
  await expect(page.locator('.toast')).toContainText('copy yourself');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});


test('axe finds no violations on Mission Control (healthy, and freeze with Incident Mode on)', async ({ page, sim }) => {
  // Two full axe runs over the largest page: slow on a busy machine.
  test.setTimeout(90_000);
  await page.goto('');
  await loaded(page);
  const healthy = await new AxeBuilder({ page }).analyze();
  expect(healthy.violations, JSON.stringify(healthy.violations, null, 2)).toEqual([]);

  await sim.setScenario('change-freeze');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByTestId('freeze-banner')).toBeVisible();
  await page.getByTestId('incident-on').click();
  await expect(card(page, 'incident-mode')).toContainText('Incident Mode ON');
  await page.getByTestId('incident-off').click();
  await expect(page.getByTestId('incident-off-confirm')).toBeVisible();
  const incident = await new AxeBuilder({ page }).analyze();
  expect(incident.violations, JSON.stringify(incident.violations, null, 2)).toEqual([]);
});
