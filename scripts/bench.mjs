// `npm run bench`: bundles bench/*.bench.ts with esbuild (into this checkout's .openkpi/bench) and runs each one (CommonJS, as `npm run load`:
// src/cli/embeddedPostgres.ts finds the installed packages from __dirname).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run bench [-- OPTIONS]
  --rows N       events to generate (default 300000)
  --runs R       interleaved runs per row, medians and p95 (default 5)
  --only TEXT    only the rows whose name contains TEXT
  --out DIR      where benchmarks.md and benchmarks.json go (default docs)
  --no-report    print only, write no report
  --explain DIR  write EXPLAIN (ANALYZE, BUFFERS) of the rows that name a statement to DIR, and
                 the overview's statements with their times and plans of its five slowest
  --help         this text`;

// The options bench/openkpi.bench.ts reads; checked here so that a typo or --help never starts a
// run that rewrites docs/benchmarks.md.
try {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      runs: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      'no-report': { type: 'boolean' },
      explain: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  for (const name of ['rows', 'runs']) {
    if (values[name] !== undefined && !(Number.isInteger(Number(values[name])) && Number(values[name]) > 0)) {
      throw new Error(`--${name} must be a positive whole number, not "${values[name]}"`);
    }
  }
} catch (error) {
  console.error(`npm run bench: ${error.message} (--help lists the options)`);
  process.exit(2);
}

const benches = fs.readdirSync('bench').filter((f) => f.endsWith('.bench.ts'));
let status = 0;
for (const file of benches) {
  const outfile = path.join('.openkpi', 'bench', file.replace(/\.ts$/, '.cjs'));
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
