// Pre-renders every page of a build into its HTML: the shell, the navigation and the page as
// the app first draws it with nothing stored and no answer from /beak yet, so the browser
// paints the page before the wasm has arrived. The wasm then replaces it in one step
// (src/prerender.rs). Run by scripts/build after trunk; docs/performance.md says why.
//
//   node scripts/prerender.mjs DIST
//
// For each page file of DIST (index.html, <route>/index.html, 404.html) it loads the page in
// headless Chromium (CHROMIUM_BIN, default /usr/bin/chromium) from a small static server of
// DIST under the build's base path, with /beak requests left unanswered, a new profile each
// (empty localStorage) and no service worker. Once the page's heading is there it takes what
// the app mounted into <body> and writes it into the file between <!--prerender--> markers
// (replacing an earlier one). Each top-level element is marked `inert` and `aria-hidden`
// (nothing there can be clicked, typed into or read out: the app's own elements replace it)
// and `data-prerendered` with its path (an inline script in index.html drops a copy served
// for another path, as a service worker's offline shell is). The copy is a first visit's
// page: for a returning operator the elements the app marks `data-stored` (ticks, settings,
// Incident Mode, records: what this browser keeps) stay hidden until the app takes over, and
// every field always does (style/main.css).
import { createServer } from 'node:http';
import { readFile, writeFile, stat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';

const dist = path.resolve(process.argv[2] || 'dist');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const START = '<!--prerender-->';
const END = '<!--/prerender-->';
const NOT_FOUND_PROBE = '__prerender-not-found';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
};

function die(message) {
  console.error(`prerender: ${message}`);
  process.exit(1);
}

function stripPrerender(html) {
  const a = html.indexOf(START);
  if (a < 0) return html;
  const b = html.indexOf(END, a);
  if (b < 0) die('an opening <!--prerender--> without its end');
  return html.slice(0, a) + html.slice(b + END.length);
}

async function isFile(p) {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

// The page files: index.html, every <dir>/index.html one level down, and 404.html.
async function pageFiles() {
  const files = [{ file: 'index.html', route: '' }];
  for (const entry of await readdir(dist, { withFileTypes: true })) {
    if (entry.isDirectory() && (await isFile(path.join(dist, entry.name, 'index.html')))) {
      files.push({ file: `${entry.name}/index.html`, route: entry.name });
    }
  }
  if (await isFile(path.join(dist, '404.html'))) files.push({ file: '404.html', route: null });
  return files;
}

// A plain static host of DIST under `base`: a directory serves its index.html, anything else
// missing 404.html with status 404. Pages are served without an earlier pre-render.
function serve(base) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let rel = decodeURIComponent(url.pathname);
      if (!rel.startsWith(base)) {
        res.writeHead(404).end();
        return;
      }
      rel = rel.slice(base.length);
      let file = path.join(dist, rel);
      if (!file.startsWith(dist)) {
        res.writeHead(403).end();
        return;
      }
      let status = 200;
      if (!(await isFile(file))) {
        if (await isFile(path.join(file, 'index.html'))) file = path.join(file, 'index.html');
        else {
          file = path.join(dist, '404.html');
          status = 404;
        }
      }
      let body = await readFile(file);
      const type = TYPES[path.extname(file)] || 'application/octet-stream';
      if (type.startsWith('text/html')) body = Buffer.from(stripPrerender(body.toString('utf8')));
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// In the page: what the app mounted into <body>, as HTML to write into the file.
function capture(mark) {
  const out = [];
  for (const el of document.body.children) {
    if (el.tagName === 'NOSCRIPT' || el.tagName === 'SCRIPT') continue;
    const copy = el.cloneNode(true);
    copy.setAttribute('data-prerendered', mark);
    copy.setAttribute('inert', '');
    copy.setAttribute('aria-hidden', 'true');
    for (const node of [copy, ...copy.querySelectorAll('*')]) {
      // The Content Security Policy refuses style attributes in the HTML: the page would
      // look different from the app's.
      if (node.hasAttribute('style')) {
        return { error: `a style attribute on <${node.tagName.toLowerCase()}> (${node.outerHTML.slice(0, 120)})` };
      }
      if (node.hasAttribute('autofocus')) node.removeAttribute('autofocus');
    }
    // The empty comments are the app's markers of where its views change: the copy never
    // changes, so they go.
    out.push(copy.outerHTML.replaceAll('<!---->', ''));
  }
  return { html: out.join('') };
}

const index = await readFile(path.join(dist, 'index.html'), 'utf8').catch(() => die(`${dist}/index.html not found`));
const baseHref = /<base\s+href="?([^"\s>]*)/i.exec(index)?.[1];
if (!baseHref || !baseHref.startsWith('/')) die('no <base href="/…"> in index.html');
const base = baseHref.endsWith('/') ? baseHref : `${baseHref}/`;

const server = await serve(base);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
let failed = false;
try {
  for (const { file, route } of await pageFiles()) {
    const urlPath = route === null ? `${base}${NOT_FOUND_PROBE}` : `${base}${route}`;
    // The path the copy is for, as the inline script compares it (no trailing slash);
    // 404.html is for any path.
    const mark = route === null ? '*' : urlPath.replace(/\/+$/, '') || '/';
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // No answer from the platform: the page as it is before the first poll returns.
    await page.route((u) => /(^|\/)(beak|__sim)(\/|$)/.test(u.pathname), () => {});
    try {
      await page.goto(origin + urlPath, { waitUntil: 'load' });
      await page.waitForSelector('main h1', { timeout: 20_000 });
      // Effects that run after the first render (focus, fragment, titles) settle.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const { html, error } = await page.evaluate(capture, mark);
      if (error) throw new Error(error);
      if (!html.includes('<main')) throw new Error('no <main> in what the app mounted');
      // The 404 page's own status is reported as an error.
      const relevant = errors.filter((e) => !(route === null && /status of 404/.test(e)));
      if (relevant.length) throw new Error(`errors in the page: ${relevant.join(' | ')}`);
      const target = path.join(dist, file);
      const original = stripPrerender(await readFile(target, 'utf8'));
      const at = original.lastIndexOf('</body>');
      const noscriptEnd = original.indexOf('</noscript>');
      const insertAt = noscriptEnd >= 0 ? noscriptEnd + '</noscript>'.length : at;
      if (insertAt < 0) throw new Error(`no </body> in ${file}`);
      const out = original.slice(0, insertAt) + START + html + END + original.slice(insertAt);
      await writeFile(target, out);
      const title = await page.locator('main h1').first().textContent();
      console.log(`prerender: ${file} (${urlPath}): "${title.trim()}", ${html.length} characters`);
    } catch (e) {
      console.error(`prerender: ${file} (${urlPath}): ${e.message}`);
      failed = true;
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
if (failed) die('some pages could not be pre-rendered (above)');
