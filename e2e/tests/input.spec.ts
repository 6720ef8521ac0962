import type { Locator, Page } from '@playwright/test';
import { test, expect } from '../fixtures';

// Input from people (issue 7): every form takes hostile values without a panic, and a value
// it refuses is named next to its field (the input is aria-invalid and points, through
// aria-describedby, at a visible message). Stored free text is covered by records.spec.ts
// (one hostile string per form, through every export) and by the native table-driven tests
// `*hostile*`; the import's refusals by pages.spec.ts and the file table below.

const KEY = (name: string) => `ops-console/v1/${name}`;
const envelope = (data: unknown) => JSON.stringify({ schema: 1, saved_at: '2026-11-29T00:00:00Z', data });

const WEIRD = [
  '',
  '   ',
  '-1',
  '0',
  '1e309',
  'NaN',
  '９９',
  '4\n3',
  '$LATEST',
  '<img src=x onerror="window.__x=1">',
  '\u0000\u0007\u001b[31m',
  '\u202eǝsɹǝʌǝɹ 👩‍👩‍👧',
  '2026-02-30 25:61',
  'https://ana:s3cret@beak.example/?token=x',
  '9'.repeat(400),
  'x'.repeat(5_000),
];

interface Form {
  route: string;
  fields: string[];
  submit?: string | RegExp;
  /** Stored values the form needs before it loads (key name → data). */
  seeds?: Record<string, unknown>;
  /** A button to click once loaded, before the fields exist. */
  open?: string;
}

const PM_AT = '2026-11-29T19:00:00Z';
const PM_INCIDENT = {
  id: 'INC-INPUT-1', title: 'hostile postmortem input', severity: 'P1', status: 'open', started_at: PM_AT,
  detected_at: null, resolved_at: null, affected_components: [], root_cause: '', corrective_actions: '',
  created_by: 'ana', created_at: PM_AT, updated_at: PM_AT,
};

const FORMS: Form[] = [
  { route: 'deploy-log', fields: ['#deploy-version', '#deploy-at', '#deploy-filter-from'], submit: 'Add to the Deploy Log' },
  { route: 'governance-log', fields: ['#gov-target', '#gov-approver', '#gov-approved-at'], submit: 'Record the approval' },
  // The button becomes "Save the entry" once a valid value opened one.
  { route: 'incident-log', fields: ['#inc-title-input', '#inc-started', '#inc-resolved'], submit: /^(Open|Save) the entry$/ },
  { route: 'alert-thresholds', fields: ['.threshold-field input >> nth=0', '.threshold-field input >> nth=-1'], submit: 'Save thresholds' },
  { route: 'admin', fields: ['#set-api-base-url', '#set-poll-interval', '#set-operator'], submit: 'Save settings' },
  // Saved as typed (no submit button): a corrective action row is checked on every change.
  {
    route: 'postmortem?incident=INC-INPUT-1',
    fields: ['#pm-summary', '#pm-action-0-what', '#pm-action-0-owner', '#pm-action-0-due'],
    seeds: { 'incident-log': { incidents: [PM_INCIDENT] } },
    open: 'Add an action',
  },
];

test.beforeEach(async ({ page }) => {
  await page.addInitScript(
    ([key, settings]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, settings);
    },
    [KEY('settings'), envelope({ operator: 'ana', poll_interval_secs: 5 })],
  );
});

/** A refused field: aria-invalid, and a visible message it is described by. */
async function expectMessageIfInvalid(page: Page, input: Locator, what: string): Promise<boolean> {
  if ((await input.getAttribute('aria-invalid')) !== 'true') return false;
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(
    ids.map(async (id) => {
      const el = page.locator(`[id="${id}"].field-error`);
      return (await el.count()) && (await el.isVisible()) ? ((await el.textContent()) ?? '').trim() : '';
    }),
  );
  expect(texts.some((t) => t.length > 0), `${what}: refused without a message next to the field`).toBe(true);
  return true;
}

for (const form of FORMS) {
  test(`${form.route.split('?')[0]}: hostile values never panic; refused ones are named next to the field`, async ({ page }) => {
    test.setTimeout(120_000);
    if (form.seeds) {
      const seeds = Object.entries(form.seeds).map(([name, data]) => [KEY(name), envelope(data)]);
      await page.addInitScript((kv) => {
        for (const [k, v] of kv) if (!localStorage.getItem(k)) localStorage.setItem(k, v);
      }, seeds);
    }
    await page.goto(form.route);
    await expect(page.locator('h1').first()).toBeVisible();
    if (form.open) await page.getByRole('button', { name: form.open, exact: true }).click();
    const submit = form.submit ? page.getByRole('button', { name: form.submit, exact: true }) : undefined;
    const refused: string[] = [];
    for (const sel of form.fields) {
      const input = page.locator(sel);
      await expect(input).toBeVisible();
      for (const value of WEIRD) {
        try {
          await input.fill(value, { timeout: 2_000 });
        } catch {
          continue; // the browser itself refuses it (e.g. text in a number input)
        }
        if (submit && (await submit.isEnabled({ timeout: 2_000 }).catch(() => false))) await submit.click();
        if (await expectMessageIfInvalid(page, input, `${sel} = ${JSON.stringify(value.slice(0, 40))}`)) {
          refused.push(`${sel}=${JSON.stringify(value.slice(0, 12))}`);
        }
      }
      await input.fill('');
    }
    test.info().annotations.push({ type: 'refused', description: refused.join(' ') });
    expect(refused.length, 'some hostile value is refused on every form').toBeGreaterThan(0);
    // Nothing typed ran as HTML.
    expect(await page.evaluate(() => (window as unknown as { __x?: number }).__x)).toBeUndefined();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
  });
}

test('import: hostile files are refused with the reason and change nothing', async ({ page }) => {
  await page.goto('admin');
  const before = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  const file = page.getByTestId('import-file');
  const cases: [string, Buffer][] = [
    ['empty.json', Buffer.alloc(0)],
    ['binary.json', Buffer.from([0xff, 0xfe, 0x00, 0x9f, 0x92, 0x96])],
    ['deep.json', Buffer.from('['.repeat(100_000))],
    ['null.json', Buffer.from('null')],
    ['types.json', Buffer.from(JSON.stringify({ format: 'ops-console-backup', version: '1', entries: [] }))],
    ['newer.json', Buffer.from(JSON.stringify({ format: 'ops-console-backup', version: 99, entries: {} }))],
    [
      'foreign-key.json',
      Buffer.from(JSON.stringify({ format: 'ops-console-backup', version: 1, exported_at: '2026-11-29T00:00:00Z', app_version: 'x', entries: { 'other-app/token': { schema: 1, data: 'secret' } } })),
    ],
    [
      'bad-value.json',
      Buffer.from(JSON.stringify({ format: 'ops-console-backup', version: 1, exported_at: '2026-11-29T00:00:00Z', app_version: 'x', entries: { [KEY('settings')]: { schema: 1, saved_at: '2026-11-29T00:00:00Z', data: { poll_interval_secs: '<b>5</b>' } } } })),
    ],
  ];
  for (const [name, buffer] of cases) {
    await file.setInputFiles({ name, mimeType: 'application/json', buffer });
    await expect(page.getByTestId('import-refused'), name).toContainText('Nothing was changed');
  }
  expect(await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()))).toBe(before);
});
