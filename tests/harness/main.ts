/**
 * `npm run preview`: bundles the harness, starts it on a free loopback port (or PORT) and prints
 * the URL; Ctrl-C stops it and its PostgreSQL.
 */
import path from 'node:path';
import { buildClient } from './build';
import { startHarness } from './server';

async function main() {
  const root = process.cwd();
  const bundleDir = path.join(root, '.openkpi', 'preview');
  process.stdout.write('bundling the app…\n');
  await buildClient(root, bundleDir);
  process.stdout.write('starting PostgreSQL with the examples’ demo data…\n');
  const harness = await startHarness({ root, bundleDir, port: Number(process.env.PORT ?? 0) });
  process.stdout.write(`\nOpenKPI preview: ${harness.url}/a/openkpi-scorecard-app\nPress Ctrl-C to stop.\n`);
  const stop = () => {
    harness.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`preview: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
