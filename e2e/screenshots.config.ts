import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * The README's screenshots, taken from the built app served by beak-sim. Not part of
 * `scripts/test`: run `scripts/screenshots`, which writes docs/screenshots/*.png.
 */
export default defineConfig({
  ...base,
  testDir: './screenshots',
  workers: 1,
  fullyParallel: false,
});
