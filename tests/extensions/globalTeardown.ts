import fs from 'node:fs';
import path from 'node:path';
import { pgRun } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env.OPENKPI_EXT_PG_DIR;
  if (dir) {
    pgRun('pg_ctl', ['-D', path.join(dir, 'data'), '-m', 'fast', '-w', 'stop'], dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
