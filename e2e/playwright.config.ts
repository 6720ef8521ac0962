import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the built Ops Console (dist/) served by beak-sim
 * (target/release/beak-sim). Run with `scripts/test` or, after
 * `scripts/build` and `cargo build --release -p beak-sim`:
 *   npx playwright test --config e2e/playwright.config.ts
 *
 * Uses Debian's /usr/bin/chromium: never run `playwright install`.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: './tests',
  outputDir: process.env.PW_OUTPUT_DIR || './test-results',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  workers: 2,
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    headless: true,
    permissions: [],
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: 'chromium' }],
});
