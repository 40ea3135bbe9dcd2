// `npm run bench`: bundles bench/*.bench.ts with esbuild and runs each one (CommonJS, as `npm run load`:
// src/cli/embeddedPostgres.ts finds the installed packages from __dirname).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const benches = fs.readdirSync('bench').filter((f) => f.endsWith('.bench.ts'));
let status = 0;
for (const file of benches) {
  const outfile = path.join('node_modules', '.cache', 'openkpi-bench', file.replace(/\.ts$/, '.cjs'));
  await build({
    entryPoints: [path.join('bench', file)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    packages: 'external',
    logLevel: 'warning',
  });
  console.log(`== ${file}`);
  const run = spawnSync(process.execPath, ['--expose-gc', outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
  status = status || (run.status ?? 1);
}
process.exit(status);
