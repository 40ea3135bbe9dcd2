/**
 * Bundles the app for the harness and starts it (PostgreSQL with the examples' demo data); the
 * specs read its URL and database from the environment. Returns the teardown.
 */
import path from 'node:path';
import { buildClient } from '../harness/build';
import { startHarness } from '../harness/server';

export default async function globalSetup() {
  const root = path.resolve(__dirname, '../..');
  const bundleDir = path.join(root, '.openkpi', 'browser-bundle');
  await buildClient(root, bundleDir);
  const harness = await startHarness({ root, bundleDir });
  process.env.HARNESS_URL = harness.url;
  process.env.HARNESS_DB_URL = harness.databaseUrl;
  return async () => {
    await harness.stop();
  };
}
