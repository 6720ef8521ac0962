// The search group of the benchmark: typing in the Runbooks Index over 1,000 entries. The app
// is built with `--features bench-runbooks` (scripts/bench does it into its own dist), which
// lists made-up entries after the real ones up to 1,000; the code is otherwise the same.
// Each keystroke is timed from the input event to the DOM updated and laid out: the app's
// reactive work runs in microtasks, so it is done when the next task starts; a layout read
// then adds the browser's style and layout of the new list.

import { median } from './stats.mjs';

const WORDS = ['webhook errors', 'fleet stale', 'inc-003', 'quota throttled sends'];

/** `deps`: { browser, url (beak-sim serving the bench-runbooks build), newPage, row, runs }. */
export async function search({ browser, url, newPage, row, runs }) {
  const per = [];
  let total = 0;
  for (let r = 0; r < runs; r++) {
    const { context, page } = await newPage(browser, 3600);
    await page.goto(`${url}/runbooks`);
    await page.waitForSelector('#search-count');
    total = await page.evaluate(() => Number(/^(\d+) items$/.exec(document.querySelector('#search-count').textContent.trim())?.[1] ?? 0));
    if (total < 1000) throw new Error(`the Runbooks Index lists ${total} items: build with --features bench-runbooks`);
    const ms = await page.evaluate(async (words) => {
      const input = document.querySelector('#runbook-search');
      const nextTask = () =>
        new Promise((r) => {
          const c = new MessageChannel();
          c.port1.onmessage = r;
          c.port2.postMessage(0);
        });
      const out = [];
      const key = async (value) => {
        const t0 = performance.now();
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await nextTask();
        void document.body.offsetHeight; // style and layout of the updated list
        out.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 16));
      };
      input.focus();
      for (const w of words) {
        // Typed letter by letter, then deleted letter by letter.
        for (let i = 1; i <= w.length; i++) await key(w.slice(0, i));
        for (let i = w.length - 1; i >= 0; i--) await key(w.slice(0, i));
      }
      return out;
    }, WORDS);
    per.push(...ms);
    await context.close();
  }
  const sorted = [...per].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
  row('search', `Runbooks Index, ${total.toLocaleString('en')} entries: keystroke → list updated`, per, 'ms', '< 16', median(per) < 16);
  row('search', 'the same, 95th percentile', [p95], 'ms', '< 16', p95 < 16);
}
