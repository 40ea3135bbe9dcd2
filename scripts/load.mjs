// `npm run load` (docs/load.md): bundles bench/load.ts with esbuild and runs it with the arguments given.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const outfile = path.join('node_modules', '.cache', 'openkpi-load', 'load.cjs');
await build({
  entryPoints: ['bench/load.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  packages: 'external',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
