#!/usr/bin/env node
// The CLI is bundled by `npm run build` (scripts/build-cli.mjs) into dist-cli/.
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist-cli', 'openkpi.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('openkpi: the CLI is not built yet; run `npm run build` (or `npm run build:cli`) first\n');
  process.exit(1);
}
require(bundle);
