// Lighthouse group of the benchmark (bench.mjs `--only lighthouse`): the Lighthouse scores
// and FCP, LCP, TBT and CLS of `/` and `/checklist`, mobile (Lighthouse's default: a Moto G
// Power with simulated throttling) and desktop (Lighthouse's desktop config), the median of
// N runs. Lighthouse drives Debian's Chromium (never a downloaded browser) through
// chrome-launcher; each run starts in a new browser profile (the first visit).
//
// Lighthouse lives in its own package (bench/package.json) so that CI, which installs the
// root package, does not download it: `npm ci --prefix bench` (scripts/bench does it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median } from './stats.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = [
  // [audit id, label, unit, mobile goal, test]
  ['first-contentful-paint', 'FCP', 'ms', '', null],
  ['largest-contentful-paint', 'LCP', 'ms', '≤ 1200', (v) => v <= 1200],
  ['total-blocking-time', 'TBT', 'ms', '≤ 30', (v) => v <= 30],
  ['cumulative-layout-shift', 'CLS', 'CLS', '≤ 0.005', (v) => v <= 0.005],
];

async function load() {
  try {
    const [{ default: lighthouse, desktopConfig }, chromeLauncher] = await Promise.all([
      import('lighthouse'),
      import('chrome-launcher'),
    ]);
    return { lighthouse, desktopConfig, chromeLauncher };
  } catch (e) {
    throw new Error(`lighthouse is not installed: run \`npm ci --prefix bench\` (${e.message})`);
  }
}

/** What Lighthouse flags in one report, as short lines for the log. */
function findings(lhr) {
  const out = [];
  const a = lhr.audits;
  const lcp = a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
  if (lcp) out.push(`LCP element: ${lcp.selector} ${lcp.snippet ?? ''}`);
  const phases = a['largest-contentful-paint-element']?.details?.items?.[1]?.items;
  if (phases) out.push(`LCP phases: ${phases.map((p) => `${p.phase} ${Math.round(p.timing)} ms`).join(', ')}`);
  for (const item of a['layout-shifts']?.details?.items ?? []) {
    out.push(`layout shift ${item.score.toFixed(4)}: ${item.node?.selector ?? '?'}`);
  }
  for (const item of a['render-blocking-resources']?.details?.items ?? []) {
    out.push(`render-blocking: ${item.url} (${Math.round(item.wastedMs)} ms)`);
  }
  for (const item of (a['bootup-time']?.details?.items ?? []).slice(0, 3)) {
    out.push(`main thread: ${item.url} ${Math.round(item.total)} ms (script ${Math.round(item.scripting)} ms)`);
  }
  for (const item of (a['long-tasks']?.details?.items ?? []).slice(0, 5)) {
    out.push(`long task: ${item.url} at ${Math.round(item.startTime)} ms for ${Math.round(item.duration)} ms`);
  }
  for (const [cat, c] of Object.entries(lhr.categories)) {
    const failed = c.auditRefs
      .map((r) => a[r.id])
      .filter((x) => x && x.score !== null && x.score < 1 && ['binary', 'numeric', 'metricSavings'].includes(x.scoreDisplayMode));
    for (const x of failed) {
      out.push(`${cat}: ${x.id} ${x.score} ${x.displayValue ?? ''}`.trim());
    }
  }
  return out;
}

/**
 * Runs Lighthouse against a server that serves the release build.
 * @param {object} o
 * @param {string} o.url        the server's origin (beak-sim, scenario healthy)
 * @param {Function} o.row      bench.mjs's `row(group, name, values, unit, goal, ok)`
 * @param {number} [o.runs]     runs per page and form factor (median), default 3
 * @param {string[]} [o.pages]  default `/` and `/checklist`
 * @param {string} o.chromium   the Chromium binary
 * @param {string} [o.reportDir] write every run's JSON report there when set
 * @param {Function} [o.log]    progress and findings (default stderr)
 */
export async function lighthouseGroup({ url, row, runs = 3, pages = ['/', '/checklist'], chromium, reportDir = '', log = (s) => console.error(s) }) {
  const { lighthouse, desktopConfig, chromeLauncher } = await load();
  const forms = [
    ['mobile', undefined],
    ['desktop', desktopConfig],
  ];
  // results[form][page] = [lhr, ...]
  const results = {};
  // Interleaved (run 1 of every page and form factor, then run 2, ...) so that a busy spell
  // on the machine does not land on one page only. A new Chromium (a new, empty profile) for
  // every run: Lighthouse clears the cache, service workers and Cache Storage of the origin
  // but not localStorage, so in a shared browser every run after the first would be a repeat
  // visit that starts from the last-known data and settings of the one before.
  for (let i = 0; i < runs; i++) {
    for (const [form, config] of forms) {
      for (const page of pages) {
        const chrome = await chromeLauncher.launch({
          chromePath: chromium,
          chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic'],
          logLevel: 'silent',
        });
        let result;
        try {
          result = await lighthouse(
            `${url}${page}`,
            { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
            config,
          );
        } finally {
          await chrome.kill();
        }
        if (!result?.lhr) throw new Error(`lighthouse returned no report for ${page} (${form})`);
        const lhr = result.lhr;
        if (lhr.runtimeError) throw new Error(`lighthouse ${page} (${form}): ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        ((results[form] ??= {})[page] ??= []).push(lhr);
        if (reportDir) {
          fs.mkdirSync(reportDir, { recursive: true });
          const name = `${form}${page === '/' ? '-mission' : page.replace(/\//g, '-')}-${i + 1}.json`;
          fs.writeFileSync(path.join(reportDir, name), result.report);
        }
        log(`lighthouse ${form} ${page} run ${i + 1}/${runs}: performance ${Math.round(lhr.categories.performance.score * 100)}`);
      }
    }
  }

  for (const [form] of forms) {
    for (const page of pages) {
      const lhrs = results[form][page];
      for (const cat of CATEGORIES) {
        const scores = lhrs.map((l) => Math.round((l.categories[cat]?.score ?? NaN) * 100));
        const goal = cat === 'performance' ? '100' : '';
        row('lighthouse', `${page} ${form} ${cat} score`, scores, 'score', goal, goal ? median(scores) >= 100 : null);
      }
      for (const [id, label, unit, goal, test] of METRICS) {
        const vs = lhrs.map((l) => l.audits[id].numericValue);
        const g = form === 'mobile' ? goal : '';
        row('lighthouse', `${page} ${form} ${label}`, vs, unit, g, g && test ? test(median(vs)) : null);
      }
      // The findings of the run with the median performance score.
      const byScore = [...lhrs].sort((a, b) => a.categories.performance.score - b.categories.performance.score);
      const mid = byScore[byScore.length >> 1];
      log(`lighthouse ${form} ${page} (median run):`);
      for (const f of findings(mid)) log(`  ${f}`);
    }
  }
  const bench = Object.values(results).flatMap((byPage) => Object.values(byPage).flat()).map((l) => l.environment.benchmarkIndex);
  row('lighthouse', 'benchmark index of the machine (Lighthouse; higher is faster)', bench, '');
}
