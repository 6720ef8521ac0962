// The scale group of the benchmark: the Deploy Log, the Governance Log and the activity trail
// with 10,000 entries each, seeded into localStorage in the stored format (the same envelope
// the app writes, a valid SHA-256 chain for the trail). For each: the page loaded from scratch,
// an in-app navigation to it (the render of its first screen, the wasm already running),
// filtering, exporting, and the storage it takes. See docs/performance.md.
import { createHash } from 'node:crypto';
import { median } from './stats.mjs';

export const ENTRIES = 10000;
export const KEY = (name) => `ops-console/v1/${name}`;
const envelope = (data) => JSON.stringify({ schema: 1, saved_at: new Date().toISOString().slice(0, 19) + 'Z', data });
const T0 = Date.parse('2025-06-01T00:00:00Z');
const iso = (ms) => new Date(ms).toISOString().slice(0, 19) + 'Z';
const OPERATORS = ['ana', 'bo', 'chen', 'dara', 'eli', 'fay', 'gus'];
const CHANGES = [
  'Webhook retries with jitter',
  'Peck callback timeout raised to 8 s',
  'SES sender pool rotated',
  'Agent heartbeat every 30 s',
  'Alias promotion guard',
  'Audit export paginated',
];

/** `n` console deployments, oldest first, one an hour. */
export function deployLog(n = ENTRIES) {
  const entries = [];
  for (let i = 0; i < n; i++) {
    const at = iso(T0 + i * 3600_000);
    entries.push({
      id: `DEP-${String(i).padStart(6, '0')}`,
      version: String(100 + i),
      what_changed: `${CHANGES[i % CHANGES.length]} (change ${i})`,
      deployed_at: at,
      operator: OPERATORS[i % OPERATORS.length],
      recorded_at: at,
    });
  }
  return envelope({ entries });
}

const ACTIONS = ['alias-promotion', 'rollback', 'freeze-override', 'cert-revocation', 'connection-termination', 'other'];

/** `n` approvals, oldest first, one an hour. */
export function governanceLog(n = ENTRIES) {
  const approvals = [];
  for (let i = 0; i < n; i++) {
    const at = iso(T0 + i * 3600_000);
    const action = ACTIONS[i % ACTIONS.length];
    approvals.push({
      id: `APR-${String(i).padStart(6, '0')}`,
      action,
      target: action === 'alias-promotion' || action === 'rollback' ? String(100 + i) : null,
      reason: `${CHANGES[i % CHANGES.length]}: approval ${i}`,
      approver: 'T-JOSH',
      method: ['chat', 'call', 'ticket', 'in person'][i % 4],
      reference: `OPS-${i}`,
      approved_at: at,
      recorded_by: OPERATORS[i % OPERATORS.length],
      recorded_at: at,
    });
  }
  return envelope({ approvals });
}

const GENESIS = '0'.repeat(64);
// The canonical form hashed by `domain::trail::entry_hash`: each field as `len:value;`.
function entryHash(prev, seq, at, operator, kind, detail) {
  const h = createHash('sha256');
  for (const f of [prev, String(seq), at, operator, kind, detail]) {
    h.update(`${Buffer.byteLength(f)}:`);
    h.update(f);
    h.update(';');
  }
  return h.digest('hex');
}

/** `n` chained trail entries (a trail that verifies), one a minute. */
export function activityTrail(n = ENTRIES) {
  const entries = [];
  let prev = GENESIS;
  for (let i = 1; i <= n; i++) {
    const at = new Date(T0 + i * 60_000).toISOString(); // milliseconds, as hashed
    const kind = ['tick', 'untick', 'approval', 'export', 'settings'][i % 5];
    const operator = OPERATORS[i % OPERATORS.length];
    const detail = `Pre-Deploy step ${(i % 10) + 1} (${i})`;
    const hash = entryHash(prev, i, at, operator, kind, detail);
    entries.push({ seq: i, at, operator, kind, detail, prev_hash: prev, hash });
    prev = hash;
  }
  return envelope({ entries, archived_through: 0, archived_hash: GENESIS, last_seq: n, head: prev, flagged: null });
}

/** Waits, in the page, until `cond()` holds; returns performance.now() at that moment. */
const untilInPage = `async (cond, limit = 10000) => {
  const t0 = performance.now();
  const yieldTask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
  for (;;) {
    if (cond()) return performance.now();
    await new Promise((r) => queueMicrotask(r));
    if (performance.now() - t0 > 1) await yieldTask();
    if (performance.now() - t0 > limit) throw new Error('condition not met in time');
  }
}`;

/** In the page: the first screen is there (rows, and a pager saying "… of N" with N ≥ min). */
const firstScreenInPage = `(pager, rows, min) => {
  const p = document.querySelector(pager);
  const m = p && /of ([\\d,]+)/.exec(p.textContent);
  return !!m && Number(m[1].replace(/,/g, '')) >= min && document.querySelectorAll(rows).length > 0;
}`;

const LOGS = [
  {
    name: 'Deploy Log',
    path: '/deploy-log',
    key: KEY('deploy-log'),
    seed: deployLog,
    pager: '[data-testid=deploy-pager]',
    rows: '[data-testid=deploy-table] tbody tr',
    mounted: '[data-testid=deploy-table]',
    filter: '#deploy-filter-text',
    count: '.rec-list .card-head [role=status]',
    queries: ['webhook', 'change 99', 'chen', 'alias promotion guard (change 9', ''],
    exportButton: 'JSON',
  },
  {
    name: 'Governance Log',
    path: '/governance-log',
    key: KEY('governance-log'),
    seed: governanceLog,
    pager: '[data-testid=gov-pager]',
    rows: '[data-testid=gov-list] > li',
    mounted: '[data-testid=gov-list]',
    filter: '#gov-filter-text',
    count: '.rec-list .card-head [role=status]',
    queries: ['rollback', 'approval 99', 'ticket', 'ops-123', ''],
    exportButton: 'JSON',
  },
  {
    name: 'activity trail',
    path: '/governance-log',
    key: KEY('activity-trail'),
    seed: activityTrail,
    pager: '[data-testid=trail-pager]',
    rows: '.trail-table tbody tr',
    mounted: '.trail-table',
    filter: null,
    queries: [],
    exportButton: 'Export the trail (JSON)',
  },
];

/**
 * Runs the scale group. `deps`: { browser, sim, newPage, row, runs }.
 */
export async function scale({ browser, sim, newPage, row, runs }) {
  // The pager says "… of N": N is at least the entries seeded (the platform adds its own).
  const shown = ENTRIES;
  for (const log of LOGS) {
    const value = log.seed();
    const seedPage = async () => {
      const { context, page } = await newPage(browser, 3600);
      await context.addInitScript(
        ([k, v]) => {
          if (!localStorage.getItem(k)) localStorage.setItem(k, v);
        },
        [log.key, value],
      );
      return { context, page };
    };
    // Loaded from scratch: navigation start → the first page of rows and the pager.
    const load = [];
    const nav = [];
    const rowsRendered = [];
    const filter = [];
    const exportMs = [];
    let stored = 0;
    for (let i = 0; i < runs; i++) {
      const { context, page } = await seedPage();
      await page.goto(`${sim.url}${log.path}`);
      const at = await page.evaluate(
        ([u, first, pager, rows, shown]) => {
          const [until, isFirst] = [eval(u), eval(first)];
          return until(() => isFirst(pager, rows, shown), 30000);
        },
        [untilInPage, firstScreenInPage, log.pager, log.rows, shown],
      );
      load.push(at);
      rowsRendered.push(await page.locator(log.rows).count());
      stored = await page.evaluate((k) => localStorage.getItem(k).length, log.key);

      // In-app navigation away and back: the render of the first screen with the wasm running
      // and the entries already in memory.
      await page.getByRole('link', { name: 'Mission Control' }).first().click();
      await page.waitForSelector('section#alias-drift');
      const linkName = log.name === 'activity trail' ? 'Governance Log' : log.name;
      nav.push(
        await page.evaluate(
          async ([u, first, pager, rows, shown, linkName]) => {
            const [until, isFirst] = [eval(u), eval(first)];
            const link = [...document.querySelectorAll('nav a')].find((a) => a.textContent.includes(linkName));
            const t0 = performance.now();
            link.click();
            const t1 = await until(() => isFirst(pager, rows, shown));
            return t1 - t0;
          },
          [untilInPage, firstScreenInPage, log.pager, log.rows, shown, linkName],
        ),
      );

      // Filtering: one keystroke's worth of new query → the count and rows updated.
      if (log.filter) {
        const ms = await page.evaluate(
          async ([u, sel, count, queries]) => {
            const until = eval(u);
            const input = document.querySelector(sel);
            const out = [];
            for (const q of queries) {
              const before = document.querySelector(count).textContent;
              const t0 = performance.now();
              input.value = q;
              input.dispatchEvent(new Event('input', { bubbles: true }));
              const t1 = await until(() => document.querySelector(count).textContent !== before);
              out.push(t1 - t0);
              await new Promise((r) => setTimeout(r, 30));
            }
            return out;
          },
          [untilInPage, log.filter, log.count, log.queries],
        );
        filter.push(...ms);
      }

      // Export: the click → the file handed to the browser (the blob URL created).
      exportMs.push(
        await page.evaluate(async (label) => {
          let made = 0;
          const orig = URL.createObjectURL;
          URL.createObjectURL = (b) => {
            made = performance.now();
            return orig.call(URL, b);
          };
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === label);
          const t0 = performance.now();
          button.click();
          const limit = t0 + 10000;
          while (!made && performance.now() < limit) await new Promise((r) => setTimeout(r, 1));
          URL.createObjectURL = orig;
          if (!made) throw new Error(`export "${label}" made no file`);
          return made - t0;
        }, log.exportButton),
      );
      await context.close();
    }
    // The same navigation with nothing stored: what the page costs without the entries.
    const navEmpty = [];
    {
      const { context, page } = await newPage(browser, 3600);
      await page.goto(`${sim.url}/`);
      await page.waitForSelector('section#alias-drift');
      const linkName = log.name === 'activity trail' ? 'Governance Log' : log.name;
      for (let i = 0; i < runs; i++) {
        navEmpty.push(
          await page.evaluate(
            async ([u, mounted, linkName]) => {
              const link = [...document.querySelectorAll('nav a')].find((a) => a.textContent.includes(linkName));
              const t0 = performance.now();
              link.click();
              return (await eval(u)(() => !!document.querySelector(mounted))) - t0;
            },
            [untilInPage, log.mounted, linkName],
          ),
        );
        await page.getByRole('link', { name: 'Mission Control' }).first().click();
        await page.waitForSelector('section#alias-drift');
      }
      await context.close();
    }
    const label = `${log.name}, ${ENTRIES.toLocaleString('en')} entries`;
    row('scale', `${label}: page load → first screen`, load, 'ms');
    row('scale', `${label}: in-app navigation → first screen`, nav, 'ms', '< 100', median(nav) < 100);
    row('scale', `${log.name}, nothing stored: the same navigation`, navEmpty, 'ms');
    row('scale', `${label}: rows rendered`, rowsRendered, 'rows');
    if (filter.length) row('scale', `${label}: filter (a new query → list updated)`, filter, 'ms', '< 50', median(filter) < 50);
    row('scale', `${label}: export JSON (click → file)`, exportMs, 'ms');
    row('scale', `${label}: stored`, [stored], 'chars');
  }
}
