// The idle group of the benchmark: how busy a page keeps the main thread between polls, with
// nothing stored and with the scale group's 10,000-entry Deploy Log and Governance Log stored.
// Pages that tick (ages, approval expiry) redo some work every second; work that grows with
// the stored logs shows here as the difference between the two. See docs/performance.md.
import { KEY, deployLog, governanceLog } from './scale.mjs';

const PAGES = ['/', '/checklist'];
const WINDOW_MS = 10_000;

export async function idle({ browser, sim, newPage, row, runs, readyTime }) {
  const logs = { [KEY('deploy-log')]: deployLog(), [KEY('governance-log')]: governanceLog() };
  for (const route of PAGES) {
    for (const stored of [false, true]) {
      const busy = [];
      const script = [];
      for (let i = 0; i < runs; i++) {
        // Polls an hour apart: after the first, only what the page does by itself is counted.
        const { context, page } = await newPage(browser, 3600);
        if (stored) {
          await context.addInitScript((entries) => {
            for (const [k, v] of Object.entries(entries)) if (!localStorage.getItem(k)) localStorage.setItem(k, v);
          }, logs);
        }
        await page.goto(`${sim.url}${route}`);
        await readyTime(page);
        await page.waitForTimeout(1000);
        const cdp = await context.newCDPSession(page);
        await cdp.send('Performance.enable');
        const metric = async () => {
          const { metrics } = await cdp.send('Performance.getMetrics');
          const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
          return { task: m.TaskDuration, script: m.ScriptDuration };
        };
        const before = await metric();
        await page.waitForTimeout(WINDOW_MS);
        const after = await metric();
        busy.push(((after.task - before.task) * 1000) / (WINDOW_MS / 1000));
        script.push(((after.script - before.script) * 1000) / (WINDOW_MS / 1000));
        await context.close();
      }
      const what = stored ? '10,000 deploys and 10,000 approvals stored' : 'nothing stored';
      row('idle', `${route} between polls, ${what}: main thread busy`, busy, 'ms/s');
      row('idle', `${route} between polls, ${what}: of it, script`, script, 'ms/s');
    }
  }
}
