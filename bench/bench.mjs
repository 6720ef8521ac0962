// The Ops Console benchmark: transfer size, load against a static-HTML floor, interaction
// and memory, measured in headless Chromium against beak-sim serving the release build.
// Run it with `scripts/bench` (which builds first); docs/performance.md explains each number.
//
//   node bench/bench.mjs [--dist DIR] [--runs N] [--polls N] [--json FILE]
//                        [--only size,load,throttled,interaction,search,scale,idle,memory,lighthouse] [--memory-page /checklist]
//                        [--memory-scenario crash-loop]
//                        [--lighthouse-runs N] [--lighthouse-reports DIR] [--search-dist DIR]
//
// Prints one table: each measure's median and min–max over the runs, and its goal.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { idle } from './idle.mjs';
import { lighthouseGroup } from './lighthouse.mjs';
import { scale } from './scale.mjs';
import { search } from './search.mjs';
import { median } from './stats.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const DIST = path.resolve(ROOT, opt('dist', 'dist'));
const RUNS = Number(opt('runs', '5'));
const POLLS = Number(opt('polls', '2000'));
const JSON_OUT = opt('json', '');
const MEMORY_PAGE = opt('memory-page', '/');
// The beak-sim scenario the memory measure polls (default healthy): leaks in views that show
// only on failures, such as a rebuilt runbook link, need a failing scenario to show.
const MEMORY_SCENARIO = opt('memory-scenario', '');
const ONLY = opt('only', '');
// The build with `--features bench-runbooks` (1,000 Runbooks Index entries) for the search group;
// scripts/bench builds it.
const SEARCH_DIST = path.resolve(ROOT, opt('search-dist', 'dist-bench-runbooks'));
// Lighthouse (bench/lighthouse.mjs, its own package: `npm ci --prefix bench`): runs per page
// and form factor (default 3, whatever --runs says), and where to keep each run's JSON report.
const LIGHTHOUSE_RUNS = Number(opt('lighthouse-runs', '3'));
const LIGHTHOUSE_REPORTS = opt('lighthouse-reports', '');
const want = (group) => !ONLY || ONLY.split(',').includes(group);
const SIM_BIN = process.env.BEAK_SIM_BIN || path.join(ROOT, 'target', 'release', 'beak-sim');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const READY = 'ops-console:ready';

const rows = [];
function row(group, name, values, unit, goal = '', ok = null) {
  const vs = Array.isArray(values) ? values : [values];
  rows.push({
    group,
    name,
    unit,
    median: median(vs),
    min: Math.min(...vs),
    max: Math.max(...vs),
    runs: vs.length,
    goal,
    ok,
  });
}

// ---------------------------------------------------------------- beak-sim
async function startSim(dist) {
  const proc = spawn(
    SIM_BIN,
    ['--bind', '127.0.0.1', '--port', '0', '--dist', dist, '--scenario', 'healthy'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`beak-sim did not start:\n${out}`)), 20000);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /beak-sim listening on (https?:\/\/\S+?)\s/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
    proc.stderr.on('data', (c) => (out += c));
    proc.once('exit', (code) => reject(new Error(`beak-sim exited (${code}):\n${out}`)));
  });
  const control = async (p, body) => {
    const res = await fetch(`${url}/__sim/${p}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`beak-sim ${p}: ${res.status}`);
    return res;
  };
  return { url, control, stop: () => proc.kill('SIGTERM') };
}

// ---------------------------------------------------------------- 1. transfer size
function sizes(files) {
  const out = [];
  for (const f of files) {
    const buf = fs.readFileSync(path.join(DIST, f));
    const gz = zlib.gzipSync(buf, { level: 9 }).length;
    const br = zlib.brotliCompressSync(buf, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length;
    out.push({ file: f, raw: buf.length, gzip: gz, brotli: br });
  }
  return out;
}

// ---------------------------------------------------------------- helpers in the page
const SETTINGS = (interval) =>
  JSON.stringify({
    schema: 1,
    saved_at: new Date().toISOString(),
    data: { operator: 'bench', poll_interval_secs: interval, request_timeout_ms: 4000 },
  });

async function newPage(browser, interval = 15) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((v) => {
    if (!localStorage.getItem('ops-console/v1/settings')) localStorage.setItem('ops-console/v1/settings', v);
  }, SETTINGS(interval));
  const page = await context.newPage();
  return { context, page };
}

async function readyTime(page) {
  await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, READY, { timeout: 30000 });
  return page.evaluate((m) => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      ready: performance.getEntriesByName(m)[0].startTime,
      fcp: fcp ? fcp.startTime : NaN,
      dcl: nav ? nav.domContentLoadedEventEnd : NaN,
    };
  }, READY);
}

/** The rendered page as static HTML: same DOM and CSS, no script, no preloads. */
async function floorHtml(page) {
  return page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true);
    doc.querySelectorAll('script, link[rel=modulepreload], link[rel=preload], link[as]').forEach((e) => e.remove());
    doc.querySelectorAll('meta[http-equiv]').forEach((e) => e.remove());
    return '<!DOCTYPE html>\n' + doc.outerHTML;
  });
}

async function floorTime(page) {
  await page.waitForLoadState('load');
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const done = () => {
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          if (fcp) resolve(fcp.startTime);
          else requestAnimationFrame(done);
        };
        done();
      }),
  );
}

// ---------------------------------------------------------------- main
async function main() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html missing: build first`);
  if (!fs.existsSync(SIM_BIN)) throw new Error(`${SIM_BIN} missing: cargo build --release -p beak-sim`);
  // The floor pages live in a copy of dist so the same server serves both.
  const benchDist = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-console-bench-'));
  fs.cpSync(DIST, benchDist, { recursive: true });
  const sim = await startSim(benchDist);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-quic'],
  });
  try {
    // 1. Transfer size of the first load: the files the browser fetched from dist.
    if (want('size')) {
      const { context, page } = await newPage(browser);
      const fetched = new Set();
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (u.origin === sim.url && !u.pathname.startsWith('/beak') && !u.pathname.startsWith('/__sim')) {
          let p = decodeURIComponent(u.pathname).replace(/^\//, '');
          if (p === '' || p.endsWith('/')) p += 'index.html';
          if (!path.extname(p)) p += '/index.html';
          if (fs.existsSync(path.join(DIST, p))) fetched.add(p);
        }
      });
      await page.goto(`${sim.url}/checklist`);
      await readyTime(page);
      await context.close();
      const sz = sizes([...fetched].sort());
      for (const s of sz) {
        row('size', s.file.replace(/-[0-9a-f]{8,}(?=[._])/, '-…'), [s.brotli], 'B br', '', null);
        rows[rows.length - 1].detail = `raw ${s.raw}, gzip ${s.gzip}`;
      }
      const total = (k) => sz.reduce((a, s) => a + s[k], 0);
      row('size', 'first load, raw', [total('raw')], 'B');
      row('size', 'first load, gzip', [total('gzip')], 'B');
      row('size', 'first load, brotli', [total('brotli')], 'B', '≤ 122880', total('brotli') <= 122880);
    }

    // 2. Load: navigation start → first route rendered with data, against the floor.
    for (const route of want('load') ? ['/', '/checklist'] : []) {
      const ready = [];
      const fcp = [];
      let html = '';
      for (let i = 0; i < RUNS; i++) {
        const { context, page } = await newPage(browser);
        await page.goto(`${sim.url}${route}`);
        const t = await readyTime(page);
        ready.push(t.ready);
        fcp.push(t.fcp);
        if (!html) html = await floorHtml(page);
        await context.close();
      }
      const floorName = `__floor${route === '/' ? '-mission' : route.replace(/\//g, '-')}.html`;
      fs.writeFileSync(path.join(benchDist, floorName), html);
      const floor = [];
      for (let i = 0; i < RUNS; i++) {
        const { context, page } = await newPage(browser);
        await page.goto(`${sim.url}/${floorName}`);
        floor.push(await floorTime(page));
        await context.close();
      }
      row('load', `${route} first paint`, fcp, 'ms');
      row('load', `${route} ready (rendered with data)`, ready, 'ms');
      row('load', `${route} static floor (first paint)`, floor, 'ms');
      const ratio = median(ready) / median(floor);
      row('load', `${route} ready / floor`, [Number(ratio.toFixed(2))], '×', route === '/checklist' ? '≤ 1.5' : '', route === '/checklist' ? ratio <= 1.5 : null);
    }

    // 3b. Load on a slow phone: Lighthouse's mobile conditions applied to a real load (not
    // simulated from a fast one): slow 4G as Chrome DevTools throttles it (150 ms round trip
    // × 3.75 = 562.5 ms added latency, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up) and the CPU
    // slowed 4×, a 412 px viewport, a first visit (nothing stored). First paint, largest
    // contentful paint and ready, as the page itself observes them.
    for (const route of want('throttled') ? ['/', '/checklist'] : []) {
      const fcp = [];
      const lcp = [];
      const ready = [];
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 150 * 3.75,
          downloadThroughput: ((1.6 * 1024 * 1024) / 8) * 0.9,
          uploadThroughput: ((750 * 1024) / 8) * 0.9,
        });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        await page.addInitScript(() => {
          window.__benchLcp = NaN;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) window.__benchLcp = e.startTime;
          }).observe({ type: 'largest-contentful-paint', buffered: true });
        });
        await page.goto(`${sim.url}${route}`, { timeout: 60000 });
        await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, READY, { timeout: 60000 });
        const t = await page.evaluate((m) => ({
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
          lcp: window.__benchLcp,
          ready: performance.getEntriesByName(m)[0].startTime,
        }), READY);
        fcp.push(t.fcp);
        lcp.push(t.lcp);
        ready.push(t.ready);
        await context.close();
      }
      row('throttled', `${route} first paint (slow 4G, CPU 4×)`, fcp, 'ms');
      row('throttled', `${route} largest contentful paint`, lcp, 'ms', '≤ 1200', median(lcp) <= 1200);
      row('throttled', `${route} ready (rendered with data)`, ready, 'ms');
    }

    // 4. Interaction.
    if (want('interaction')) {
      const { context, page } = await newPage(browser);
      await page.goto(`${sim.url}/checklist`);
      await readyTime(page);
      // A tick's own work (the box, the progress, the stored checklist) happens in the click
      // and the microtasks after it; its trail entry is saved in a following task
      // (storage::save_soon). The first row stops when the tick is rendered and stored; the
      // second when a task queued after the click runs, which includes that deferred save.
      const ticks = await page.evaluate(async (n) => {
        const yieldTask = () =>
          new Promise((r) => {
            const c = new MessageChannel();
            c.port1.onmessage = r;
            c.port2.postMessage(0);
          });
        const key = 'ops-console/v1/checklists';
        const box = document.querySelector('#chk-pre-deploy-1');
        const progress = document.querySelector('[data-testid=progress-pre-deploy]');
        const rendered = [];
        const settled = [];
        for (let i = 0; i < n; i++) {
          const want = box.checked ? '0 / 10' : '1 / 10';
          const before = localStorage.getItem(key);
          const done = () => progress.textContent.trim() === want && localStorage.getItem(key) !== before;
          const t0 = performance.now();
          // Queued before the click: runs after the click's own task and the tasks it queues
          // with setTimeout(0) (timers run in order).
          const after = new Promise((r) => setTimeout(r, 0));
          box.click();
          // Microtasks first (Leptos runs its effects there), then whole tasks if need be.
          for (let k = 0; k < 500 && !done(); k++) await new Promise((r) => queueMicrotask(r));
          while (!done()) {
            await yieldTask();
            if (performance.now() - t0 > 2000) throw new Error('tick not rendered and stored in 2 s');
          }
          rendered.push(performance.now() - t0);
          await after;
          await new Promise((r) => setTimeout(r, 0));
          settled.push(performance.now() - t0);
          await new Promise((r) => setTimeout(r, 20));
        }
        return { rendered, settled };
      }, Math.max(RUNS * 4, 20));
      row('interaction', 'checklist tick → rendered and stored', ticks.rendered, 'ms', '< 4', median(ticks.rendered) < 4);
      row('interaction', 'checklist tick → its deferred saves done too (trail entry)', ticks.settled, 'ms');
      await context.close();
    }
    if (want('interaction')) {
      const relevel = [];
      const relevelRead = [];
      for (let i = 0; i < RUNS; i++) {
        await sim.control('reset', {});
        const { context, page } = await newPage(browser);
        await page.goto(`${sim.url}/`);
        await readyTime(page);
        await page.waitForSelector('section#alias-drift[data-level=green]');
        await sim.control('scenario', { scenario: 'alias-drift' });
        const ms = await page.evaluate(async () => {
          const card = document.querySelector('section#alias-drift');
          const changed = new Promise((resolve) => {
            const mo = new MutationObserver(() => {
              if (card.getAttribute('data-level') === 'red') {
                mo.disconnect();
                resolve(performance.now());
              }
            });
            mo.observe(card, { attributes: true, attributeFilter: ['data-level'] });
          });
          const since = performance.now();
          [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Refresh now').click();
          const at = await changed;
          const status = performance
            .getEntriesByType('resource')
            .filter((e) => e.name.includes('/beak/system/status') && e.startTime >= since)
            .map((e) => e.responseEnd);
          // The app's mark when it has the answer in hand (src/perf.rs): later than the
          // network's end of the response by the browser's hand-over of the body and any
          // other route's answer handled first.
          const read = performance
            .getEntriesByName('ops-console:answer /beak/system/status')
            .filter((e) => e.startTime >= since)
            .map((e) => e.startTime);
          return [at - Math.max(...status), read.length ? at - read[0] : NaN];
        });
        relevel.push(ms[0]);
        relevelRead.push(ms[1]);
        await context.close();
      }
      row('interaction', 'scenario switch → cards re-levelled (after the answer)', relevel, 'ms', '< 8', median(relevel) < 8);
      if (relevelRead.every(Number.isFinite)) {
        row('interaction', 'the same, from the app having read the answer (its mark)', relevelRead, 'ms');
      }
    }

    // 5. Scale: 10,000-entry logs (bench/scale.mjs).
    if (want('scale')) {
      await sim.control('reset', {});
      await scale({ browser, sim, newPage, row, runs: RUNS });
    }

    // 5b. Idle: the main thread between polls, with and without long logs (bench/idle.mjs).
    if (want('idle')) {
      await sim.control('reset', {});
      await idle({ browser, sim, newPage, row, runs: RUNS, readyTime });
    }

    // 4b. Typing in the Runbooks Index over 1,000 entries (bench/search.mjs), on its own build.
    if (want('search')) {
      if (!fs.existsSync(path.join(SEARCH_DIST, 'index.html'))) {
        console.error(`search: ${SEARCH_DIST}/index.html missing (scripts/bench builds it); skipped`);
      } else {
        const searchSim = await startSim(SEARCH_DIST);
        try {
          await search({ browser, url: searchSim.url, newPage, row, runs: RUNS });
        } finally {
          searchSim.stop();
        }
      }
    }

    // 6. Memory after load and after many polls (each started by "Refresh now").
    if (want('memory')) {
      await sim.control('reset', {});
      if (MEMORY_SCENARIO) await sim.control('scenario', { scenario: MEMORY_SCENARIO });
      const { context, page } = await newPage(browser, 3600);
      const cdp = await context.newCDPSession(page);
      await page.goto(`${sim.url}${MEMORY_PAGE}`);
      await readyTime(page);
      const measure = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        const heap = await cdp.send('Runtime.getHeapUsage');
        const stats = await page.evaluate(() => window.__opsConsoleStats());
        return { js: heap.usedSize, wasm: stats.wasm_memory_bytes, cycles: stats.poll_cycles };
      };
      await page.waitForTimeout(500);
      const before = await measure();
      const drive = (n) =>
        page.evaluate(async (n) => {
          const button = () => [...document.querySelectorAll('button')].find((b) => /Refresh/.test(b.textContent));
          const cycles = () => window.__opsConsoleStats().poll_cycles;
          for (let i = 0; i < n; i++) {
            const c = cycles();
            button().click();
            while (cycles() === c) await new Promise((r) => setTimeout(r, 1));
          }
        }, n);
      const t0 = Date.now();
      await drive(Math.floor(POLLS / 2));
      const mid = await measure();
      await drive(POLLS - Math.floor(POLLS / 2));
      const pollSecs = (Date.now() - t0) / 1000;
      const after = await measure();
      const total = (m) => m.js + m.wasm;
      row('memory', `page ${MEMORY_PAGE}${MEMORY_SCENARIO ? `, scenario ${MEMORY_SCENARIO}` : ''}`, [0], '');
      row('memory', 'JS heap after load', [before.js], 'B');
      row('memory', 'wasm memory after load', [before.wasm], 'B');
      row('memory', `JS heap after ${mid.cycles - before.cycles} polls`, [mid.js], 'B');
      row('memory', `wasm memory after ${mid.cycles - before.cycles} polls`, [mid.wasm], 'B');
      row('memory', `JS heap after ${after.cycles - before.cycles} polls`, [after.js], 'B');
      row('memory', `wasm memory after ${after.cycles - before.cycles} polls`, [after.wasm], 'B');
      const growth = (total(after) / total(before) - 1) * 100;
      const late = (total(after) / total(mid) - 1) * 100;
      row('memory', 'growth over all polls (JS heap + wasm)', [Number(growth.toFixed(1))], '%', '< 10', growth < 10);
      row('memory', 'growth over the second half (a leak keeps growing)', [Number(late.toFixed(1))], '%', '< 1', late < 1);
      row('memory', 'poll cycles per second (driven)', [Number(((after.cycles - before.cycles) / pollSecs).toFixed(1))], '/s');
      await context.close();
    }

    // 7. Lighthouse, mobile and desktop, beak-sim back in the healthy scenario.
    if (want('lighthouse')) {
      await sim.control('reset', {});
      await lighthouseGroup({ url: sim.url, row, runs: LIGHTHOUSE_RUNS, chromium: CHROMIUM, reportDir: LIGHTHOUSE_REPORTS });
    }
  } finally {
    await browser.close();
    sim.stop();
    fs.rmSync(benchDist, { recursive: true, force: true });
  }

  // ---------------------------------------------------------------- report
  const fmt = (v, unit) => (unit === 'B' || unit === 'B br' || unit === 'rows' || unit === 'chars' ? Math.round(v).toLocaleString('en') : v.toFixed(unit === 'ms' ? 1 : unit === 'score' ? 0 : unit === 'CLS' ? 3 : 2));
  const lines = [];
  lines.push(`Ops Console benchmark, ${new Date().toISOString().slice(0, 19)}Z, ${RUNS} runs, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}`);
  lines.push('');
  lines.push(['group', 'measure', 'median', 'min–max', 'unit', 'goal', 'met'].join(' | '));
  lines.push(['---', '---', '---:', '---:', '---', '---', '---'].join(' | '));
  for (const r of rows) {
    lines.push(
      [
        r.group,
        r.name + (r.detail ? ` (${r.detail})` : ''),
        fmt(r.median, r.unit),
        r.runs > 1 ? `${fmt(r.min, r.unit)}–${fmt(r.max, r.unit)}` : '',
        r.unit,
        r.goal,
        r.ok === null ? '' : r.ok ? 'yes' : 'NO',
      ].join(' | '),
    );
  }
  console.log(lines.join('\n'));
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(rows, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
