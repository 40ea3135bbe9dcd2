/**
 * Bundles the app for the harness, makes sure the plugin build (dist/) is there and up to date
 * (`npm run build` when not), and starts the harness (PostgreSQL with the examples' demo data)
 * with both hosts: the source host and the production host serving dist/. The specs read their
 * URLs and the database from the environment. Returns the teardown.
 */
import path from 'node:path';
import { buildClient, ensurePluginBuild } from '../harness/build';
import { startHarness } from '../harness/server';

export default async function globalSetup() {
  const root = path.resolve(__dirname, '../..');
  const bundleDir = path.join(root, '.openkpi', 'browser-bundle');
  const distDir = ensurePluginBuild(root);
  await buildClient(root, bundleDir, { entries: ['harness', 'host'] });
  const harness = await startHarness({ root, bundleDir, distDir });
  process.env.HARNESS_URL = harness.url;
  process.env.HARNESS_PRODUCTION_URL = harness.productionUrl;
  process.env.HARNESS_DB_URL = harness.databaseUrl;
  return async () => {
    await harness.stop();
  };
}
