/**
 * Playwright fixtures for the Ops Console.
 *
 *   import { test, expect, readRoutes } from '../fixtures';
 *
 * Fixtures:
 *   sim            (worker) a beak-sim serving dist/ on a free port, scenario "healthy";
 *                  stopped when the worker ends. See class Sim for its API.
 *   baseURL        (test)   sim.url; the sim is reset (sim.reset(): healthy, no faults,
 *                  counters zeroed) before every test, so tests are independent;
 *                  page.goto('checklist') loads http://127.0.0.1:PORT/checklist.
 *   consoleErrors  (test)   every console error and uncaught page error seen so far
 *                  (strings, with " [url]" of the source when known; uncaught errors
 *                  are prefixed "pageerror: ").
 *   page           (test)   the usual page; the test FAILS after it ends if any console
 *                  message contains "panicked at" or any uncaught error happened.
 *
 * Helpers: startSim() for a second simulator (e.g. --base-path /ops/ with another dist),
 * buildDist() to build such a dist, readRoutes() for routes.txt, serviceWorkerActive() to
 * wait until the offline cache holds this build.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export { expect };

export const REPO_ROOT = path.resolve(__dirname, '..');
export const SIM_BIN = process.env.BEAK_SIM_BIN || path.join(REPO_ROOT, 'target', 'release', 'beak-sim');
export const DIST = path.resolve(REPO_ROOT, process.env.E2E_DIST || 'dist');

/** App routes (without slashes), from routes.txt: the single list of routes. */
export function readRoutes(): string[] {
  return fs
    .readFileSync(path.join(REPO_ROOT, 'routes.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().replace(/^\/+|\/+$/g, ''))
    .filter((line) => line.length > 0);
}

/** Waits until the page's service worker is active: its install has cached every file of
 * this build (scripts/service-worker.js), so the pages' modules load without the server. */
export async function serviceWorkerActive(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');
}

/** Counts this page's requests by path from now on (the worker's simulator also answers any
 * other page open in the worker, so its own counts are not this page's). */
export function countRequests(page: Page): (path: string) => number {
  const asked: Record<string, number> = {};
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    asked[p] = (asked[p] ?? 0) + 1;
  });
  return (path) => asked[path] ?? 0;
}

export interface SimStats {
  requests: Record<string, number>;
  [key: string]: unknown;
}

export interface SimOptions {
  /** Directory with the built app (default: dist/). */
  dist?: string;
  /** --base-path, e.g. '/ops/' (default '/'). */
  basePath?: string;
  /** Initial scenario (default 'healthy'). */
  scenario?: string;
  /** Port (default 0: a free one). */
  port?: number;
  /** Bind address (default 127.0.0.1). */
  bind?: string;
  /** Extra CLI arguments. */
  args?: string[];
  /** How long to wait for the "listening" line, ms (default 20 s). */
  startTimeoutMs?: number;
}

const LISTEN_RE = /beak-sim listening on (https?:\/\/\S+?)\s+scenario=(\S+)/;

/** A running beak-sim process. */
export class Sim {
  /** Where the app is served, always ending in '/': http://127.0.0.1:PORT/ or .../ops/ */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** The base path, e.g. '/' or '/ops/'. */
  readonly basePath: string;
  /** The scenario it started with. */
  readonly initialScenario: string;
  private controlBase: string | undefined;
  private output = '';

  constructor(
    private readonly proc: ChildProcess,
    url: string,
    scenario: string,
  ) {
    this.url = url.endsWith('/') ? url : `${url}/`;
    const u = new URL(this.url);
    this.origin = u.origin;
    this.basePath = u.pathname;
    this.initialScenario = scenario;
  }

  /** Everything the process printed so far (for diagnostics). */
  log(): string {
    return this.output;
  }

  /** @internal */
  appendOutput(chunk: string): void {
    this.output += chunk;
    if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
  }

  /** URL of a path inside the app, e.g. sim.appUrl('checklist'). */
  appUrl(p = ''): string {
    return new URL(p.replace(/^\/+/, ''), this.url).toString();
  }

  /**
   * Base URL of the control endpoints: /__sim at the origin root; with a
   * base path, falls back to <base>__sim when the root has none.
   */
  async controlUrl(p: string): Promise<string> {
    if (this.controlBase === undefined) {
      this.controlBase = `${this.origin}/__sim`;
      if (this.basePath !== '/') {
        const probe = await fetch(`${this.controlBase}/stats`).catch(() => undefined);
        if (!probe || !probe.ok) this.controlBase = `${this.origin}${this.basePath}__sim`;
      }
    }
    return `${this.controlBase}/${p.replace(/^\/+/, '')}`;
  }

  private async call(method: 'GET' | 'POST', p: string, body?: unknown): Promise<Response> {
    const url = await this.controlUrl(p);
    const res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
      throw new Error(`beak-sim ${method} ${url} -> ${res.status} ${await res.text().catch(() => '')}`);
    }
    return res;
  }

  /** Switch the scenario (POST /__sim/scenario {"scenario": name}). */
  async setScenario(name: string): Promise<void> {
    await this.call('POST', 'scenario', { scenario: name });
  }

  /** Inject a fault on a /beak route, or clear it with null (POST /__sim/fault). */
  async setFault(route: string, fault: string | null): Promise<void> {
    await this.call('POST', 'fault', { route, fault });
  }

  /** Run the platform's clock `secs` seconds ahead (behind when negative) of the real one:
   * every time in the /beak answers moves (POST /__sim/clock {"skew_secs": secs}); reset clears it. */
  async setClockSkew(secs: number): Promise<void> {
    await this.call('POST', 'clock', { skew_secs: secs });
  }

  /** Back to a fresh state: scenario healthy, no faults, counters zeroed, clock skew 0 (POST /__sim/reset). */
  async reset(): Promise<void> {
    await this.call('POST', 'reset');
  }

  /** The scenarios the sim knows (GET /__sim/scenarios, as JSON). */
  async scenarios(): Promise<unknown> {
    return await (await this.call('GET', 'scenarios')).json();
  }

  /** Request counters: { requests: { "/beak": n, ... } } (GET /__sim/stats). */
  async stats(): Promise<SimStats> {
    return (await (await this.call('GET', 'stats')).json()) as SimStats;
  }

  /** Stop the process (SIGTERM, then SIGKILL after 5 s). */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }
}

/** Start a beak-sim. Resolves once it printed its "listening" line. */
export async function startSim(opts: SimOptions = {}): Promise<Sim> {
  const dist = path.resolve(REPO_ROOT, opts.dist ?? DIST);
  if (!fs.existsSync(SIM_BIN)) {
    throw new Error(`${SIM_BIN} not found: run \`cargo build --release -p beak-sim\` first`);
  }
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html not found: run \`scripts/build\` first`);
  }
  const args = [
    '--bind', opts.bind ?? '127.0.0.1',
    '--port', String(opts.port ?? 0),
    '--dist', dist,
    '--base-path', opts.basePath ?? '/',
    '--scenario', opts.scenario ?? 'healthy',
    ...(opts.args ?? []),
  ];
  const proc = spawn(SIM_BIN, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const timeoutMs = opts.startTimeoutMs ?? 20_000;

  return await new Promise<Sim>((resolve, reject) => {
    let sim: Sim | undefined;
    let early = '';
    let stdoutBuf = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`beak-sim ${args.join(' ')}: ${why}\n--- output ---\n${early}`));
    };
    const timer = setTimeout(() => fail(`no "listening" line within ${timeoutMs} ms`), timeoutMs);
    proc.stdout!.setEncoding('utf8');
    proc.stderr!.setEncoding('utf8');
    proc.stdout!.on('data', (chunk: string) => {
      if (sim) return sim.appendOutput(chunk);
      early += chunk;
      stdoutBuf += chunk;
      const nl = stdoutBuf.indexOf('\n');
      if (nl < 0) return;
      const first = stdoutBuf.slice(0, nl);
      const m = LISTEN_RE.exec(first);
      if (!m) return fail(`unexpected first stdout line: ${JSON.stringify(first)}`);
      clearTimeout(timer);
      sim = new Sim(proc, m[1], m[2]);
      sim.appendOutput(early);
      resolve(sim);
    });
    proc.stderr!.on('data', (chunk: string) => {
      if (sim) sim.appendOutput(chunk);
      else early += chunk;
    });
    proc.once('error', (err) => fail(`failed to spawn: ${err.message}`));
    proc.once('exit', (code, signal) => {
      if (!sim) fail(`exited early (code ${code}, signal ${signal})`);
    });
  });
}

/**
 * Build the app into `dist` with another public URL (e.g. '/ops/'), for a sim
 * started with the same basePath. Skipped when `dist` is newer than dist/index.html.
 * Slow (a release build): give the test a long timeout (test.setTimeout).
 */
export function buildDist(publicUrl: string, dist: string): string {
  const out = path.resolve(REPO_ROOT, dist);
  const stamp = path.join(out, 'index.html');
  const main = path.join(DIST, 'index.html');
  if (fs.existsSync(stamp) && fs.existsSync(main) && fs.statSync(stamp).mtimeMs >= fs.statSync(main).mtimeMs) {
    return out;
  }
  const r = spawnSync(
    path.join(REPO_ROOT, 'scripts', 'build'),
    ['--no-install', '--public-url', publicUrl, '--dist', out],
    { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) {
    throw new Error(`scripts/build --public-url ${publicUrl} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return out;
}

type TestFixtures = {
  consoleErrors: string[];
  page: Page;
};
type WorkerFixtures = {
  sim: Sim;
};

/** Errors that fail a test on their own: panics and uncaught errors. */
export function isFatal(message: string): boolean {
  return message.includes('panicked at') || message.startsWith('pageerror: ');
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  sim: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const sim = await startSim();
      try {
        await use(sim);
      } finally {
        await sim.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  baseURL: async ({ sim }, use) => {
    await sim.reset();
    await use(sim.url);
  },

  consoleErrors: async ({}, use) => {
    await use([]);
  },

  page: async ({ page, consoleErrors }, use, testInfo) => {
    const fatal: string[] = [];
    page.on('console', (msg) => {
      const text = msg.text();
      const where = msg.location()?.url;
      if (msg.type() === 'error') consoleErrors.push(where ? `${text} [${where}]` : text);
      if (text.includes('panicked at')) fatal.push(`console.${msg.type()}: ${text}`);
    });
    page.on('pageerror', (err) => {
      const text = `pageerror: ${err.name}: ${err.message}`;
      consoleErrors.push(text);
      fatal.push(text);
    });
    await use(page);
    if (consoleErrors.length > 0) {
      await testInfo.attach('console-errors.txt', { body: consoleErrors.join('\n'), contentType: 'text/plain' });
    }
    if (fatal.length > 0) {
      throw new Error(`page had ${fatal.length} panic(s)/uncaught error(s):\n${fatal.join('\n')}`);
    }
  },
});
