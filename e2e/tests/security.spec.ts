import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, readRoutes, DIST } from '../fixtures';

// Security (issue 7): the strict Content Security Policy that the build writes into every
// HTML file (scripts/postbuild) and beak-sim sends as a header, and XSS payloads from the
// platform that must stay text. See docs/reliability.md.

const routes = ['', ...readRoutes()];
const BEAK_ROUTES = ['/beak', '/beak/metrics', '/beak/system/status'];
// beak-sim's xss fault payloads (beak-sim/src/scenario.rs): if either ever ran it would set
// window.__xss and open a dialog.
const XSS_SCRIPT = '<script>window.__xss=true;alert("xss")</script>';
const XSS_IMG = `<img src=x onerror="window.__xss=true;alert('xss')">`;
const XSS_LONG = 'A'.repeat(5_000);

const META_RE = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g;

function metaPolicies(html: string): string[] {
  return [...html.matchAll(META_RE)].map((m) => m[1]);
}

function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of policy.split(';')) {
    const [name, ...values] = d.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

/** The sha256 source expressions of the inline scripts or styles of `html`, as the browser hashes them. */
function inlineHashes(html: string, tag: 'script' | 'style'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}\\s*>`, 'gi'))]
    .filter((m) => !/\bsrc\s*=/i.test(m[1]))
    .map((m) => `'sha256-${createHash('sha256').update(m[2].replace(/\r\n?/g, '\n'), 'utf8').digest('base64')}'`);
}

/** Records CSP violations (events and console reports) of `page` from its first script on. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) fromConsole.push(`console: ${msg.text()}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener(
      'securitypolicyviolation',
      (e) => w.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`),
      true,
    );
  });
  return async () => {
    const fromEvents = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => []);
    return [...fromEvents, ...fromConsole];
  };
}

const dataStatus = (page: Page) => page.getByTestId('data-status');

test.describe('Content Security Policy', () => {
  test('the meta policy is in every route page and 404.html, allows exactly the inline loader, and sits after <base>', () => {
    const files = [...routes.map((r) => path.join(DIST, r, 'index.html')), path.join(DIST, '404.html')];
    let first: string | undefined;
    for (const file of files) {
      const html = fs.readFileSync(file, 'utf8');
      const metas = metaPolicies(html);
      expect(metas, file).toHaveLength(1);
      const policy = metas[0].replace(/&#39;/g, "'");
      first ??= policy;
      expect(policy, `${file}: same policy everywhere`).toBe(first);
      const d = directives(policy);
      expect(d.get('default-src')).toEqual(["'self'"]);
      const script = d.get('script-src') ?? [];
      expect(script.slice(0, 2)).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(script.slice(2).sort(), `${file}: the hashes of its inline scripts`).toEqual(inlineHashes(html, 'script').sort());
      expect(script.length).toBeGreaterThan(2);
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(policy).not.toMatch(/'unsafe-eval'/);
      // The style sheets are inlined, each allowed by its hash; never 'unsafe-inline'.
      const style = d.get('style-src') ?? [];
      expect(style[0]).toBe("'self'");
      expect(style.slice(1).sort(), `${file}: the hashes of its inline styles`).toEqual(inlineHashes(html, 'style').sort());
      expect(style.length, `${file}: the style sheets are inline`).toBeGreaterThan(1);
      expect(policy).not.toMatch(/'unsafe-inline'/);
      expect(d.get('img-src')).toEqual(["'self'", 'data:']);
      expect(d.get('connect-src')?.[0]).toBe("'self'");
      expect(d.get('object-src')).toEqual(["'none'"]);
      expect(d.get('base-uri')).toEqual(["'none'"]);
      expect(d.get('form-action')).toEqual(["'none'"]);
      expect(d.has('frame-ancestors'), 'a meta policy cannot carry frame-ancestors').toBe(false);
      // After the document's own <base> (so base-uri 'none' does not drop it), before any script or style.
      const meta = html.indexOf('http-equiv="Content-Security-Policy"');
      expect(html.search(/<base\b/i), file).toBeLessThan(meta);
      expect(html.search(/<script\b/i), file).toBeGreaterThan(meta);
      expect(html.search(/<style\b/i), file).toBeGreaterThan(meta);
    }
  });

  test('beak-sim sends the same policy as a header, with frame-ancestors, nosniff and no-referrer', async ({ sim }) => {
    const meta = metaPolicies(fs.readFileSync(path.join(DIST, 'index.html'), 'utf8'))[0].replace(/&#39;/g, "'");
    const expected = `${meta.replace("base-uri 'none'", "base-uri 'self'")}; frame-ancestors 'none'`;
    for (const [p, status] of [['', 200], ['checklist', 200], ['checklist/', 200], ['no-such-page', 404]] as const) {
      const res = await fetch(sim.appUrl(p));
      expect(res.status, p).toBe(status);
      expect(res.headers.get('content-security-policy'), p).toBe(expected);
      expect(res.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), p).toBe('no-referrer');
    }
    const api = await fetch(new URL('/beak/system/status', sim.origin));
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('referrer-policy')).toBe('no-referrer');
  });

  test('every route loads and gets live data under the policy with no violation (beak-sim: header and meta)', async ({ page }) => {
    test.setTimeout(120_000);
    const violations = await watchCsp(page);
    for (const r of [...routes, 'no-such-page']) {
      const res = await page.goto(r);
      expect(res?.headers()['content-security-policy'], r).toContain("frame-ancestors 'none'");
      await expect(page.locator('h1').first(), r).toBeVisible();
      await expect(dataStatus(page), r).toContainText('Live');
      // Let every card and chart that draws from the data render.
      await page.waitForTimeout(300);
      expect(await violations(), `/${r}`).toEqual([]);
    }
  });

  test('the policy is enforced: an injected inline script does not run and is reported', async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto('');
    await expect(dataStatus(page)).toContainText('Live');
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 200));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    expect((await violations()).join('\n')).toContain('script-src');
  });

  test('an injected inline style is refused while the inlined style sheets apply', async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto('');
    await expect(dataStatus(page)).toContainText('Live');
    const looks = await page.evaluate(async () => {
      const s = document.createElement('style');
      s.textContent = 'body { outline: 7px solid rgb(1, 2, 3) !important; }';
      document.head.appendChild(s);
      await new Promise((r) => setTimeout(r, 200));
      return {
        injected: getComputedStyle(document.body).outlineWidth === '7px',
        // main.css (inlined) gives the body the system font stack.
        sheets: document.styleSheets.length,
        font: getComputedStyle(document.body).fontFamily,
      };
    });
    expect(looks.injected).toBe(false);
    expect(looks.sheets).toBeGreaterThanOrEqual(5);
    expect(looks.font).toContain('system-ui');
    expect((await violations()).join('\n')).toContain('style-src');
  });

  test('the page refuses to be framed (frame-ancestors)', async ({ page, sim }) => {
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors/.test(m.text())) blocked.push(m.text());
    });
    // A page of another origin (about:blank content) that frames the console.
    await page.setContent(`<iframe src="${sim.url}" title="console"></iframe>`);
    await expect.poll(() => blocked.length, { timeout: 10_000 }).toBeGreaterThan(0);
    // The frame holds the browser's error page, not the app.
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame?.url()).not.toBe(sim.url);
    const app = await frame?.getByTestId('data-status').count().catch(() => 0);
    expect(app ?? 0).toBe(0);
  });

  test.describe('on a plain static file server (meta only)', () => {
    let server: ChildProcess;
    let base: string;

    test.beforeAll(async () => {
      const port = await new Promise<number>((resolve, reject) => {
        const srv = net.createServer();
        srv.listen(0, '127.0.0.1', () => {
          const p = (srv.address() as net.AddressInfo).port;
          srv.close(() => resolve(p));
        });
        srv.on('error', reject);
      });
      server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', DIST], {
        stdio: 'ignore',
      });
      base = `http://127.0.0.1:${port}/`;
      for (let i = 0; i < 50; i++) {
        if (await fetch(base).then((r) => r.ok).catch(() => false)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('python3 -m http.server did not start');
    });
    test.afterAll(() => {
      server?.kill();
    });

    test('every route loads with no CSP header and no violation', async ({ page }) => {
      test.setTimeout(120_000);
      const violations = await watchCsp(page);
      for (const r of routes) {
        const res = await page.goto(base + r);
        expect(res?.status(), `/${r}`).toBe(200);
        expect(res?.headers()['content-security-policy'], 'a plain host sends no policy header').toBeUndefined();
        await expect(page.locator('h1').first()).toBeVisible();
        await expect(page.locator('h1').first()).not.toContainText('Not found');
        expect(await violations(), `/${r}`).toEqual([]);
      }
      // The meta alone enforces the policy here.
      const ran = await page.evaluate(async () => {
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true;';
        document.body.appendChild(s);
        await new Promise((r) => setTimeout(r, 200));
        return (window as unknown as { __injected?: boolean }).__injected === true;
      });
      expect(ran).toBe(false);
    });
  });
});

// The pages that render each route's data (the pages that read the poller, src/pages/).
const XSS_PAGES: Record<string, string[]> = {
  '/beak': ['', 'checklist', 'system-health', 'admin'],
  '/beak/metrics': ['', 'checklist', 'system-health', 'peck-audit', 'admin'],
  '/beak/system/status': ['', 'checklist', 'system-health', 'deploy-log', 'incident-log', 'admin'],
};

test.describe('XSS payloads from the platform stay text', () => {
  for (const route of BEAK_ROUTES) {
    test(`xss fault on ${route}: no script runs on any page, the payload shows as text`, async ({ page, sim }) => {
      test.setTimeout(120_000);
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const violations = await watchCsp(page);
      await sim.setFault(route, 'xss');
      for (const p of XSS_PAGES[route]) {
        await page.goto(p);
        await expect(page.locator('h1').first()).toBeVisible();
        await expect(dataStatus(page)).not.toContainText('Connecting');
        await page.waitForTimeout(300);
        const state = await page.evaluate(() => ({
          xss: (window as unknown as { __xss?: unknown }).__xss,
          imgs: document.querySelectorAll('img[src="x"]').length,
          scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__xss')).length,
        }));
        expect(state.xss, `/${p}: window.__xss`).toBeUndefined();
        expect(state.imgs, `/${p}: img[src=x] elements`).toBe(0);
        expect(state.scripts, `/${p}: injected script elements`).toBe(0);
      }
      // The raw response of the route on System Health shows every payload, visibly, as text.
      await page.goto('system-health');
      const raw = page.getByTestId(`raw-${route.slice(1).replace(/\//g, '-')}`);
      await expect(raw.locator('pre')).toContainText(XSS_IMG.replace(/"/g, '\\"'));
      await raw.locator('summary').click();
      if (!(await raw.evaluate((d) => (d as HTMLDetailsElement).open))) await raw.locator('summary').click();
      await expect(raw.locator('pre')).toBeVisible();
      await expect(raw.locator('pre')).toContainText(XSS_SCRIPT.replace(/"/g, '\\"'));
      await expect(raw.locator('pre')).toContainText(XSS_LONG);
      if (route === '/beak/system/status') {
        // Rendered fields, not only the raw view: Mission Control and the Deploy Log.
        await page.goto('');
        await expect(page.locator('section#deployments')).toContainText(XSS_SCRIPT);
        await expect(page.locator('section#deployments')).toContainText(XSS_IMG);
        await expect(page.locator('section#change-freeze')).toContainText(XSS_SCRIPT);
        await page.goto('deploy-log');
        await expect(page.getByText(XSS_SCRIPT).first()).toBeVisible();
      }
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(dialogs, 'no alert() ran').toEqual([]);
      expect(await violations(), 'nothing even tried to run').toEqual([]);
    });
  }
});
