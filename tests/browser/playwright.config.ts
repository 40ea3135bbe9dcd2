/**
 * Browser tests of the app's pages against the preview harness (tests/harness): Debian's Chromium
 * through Playwright (its own browser download does not work here). `npm run test:browser`.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: require.resolve('./globalSetup'),
  // One browser at a time: CI has two cores, and the harness's PostgreSQL shares them.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  outputDir: '../../test-results/browser',
  use: {
    baseURL: process.env.HARNESS_URL,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-background-networking'],
    },
    trace: 'off',
  },
});
