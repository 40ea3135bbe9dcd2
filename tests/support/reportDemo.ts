/** What the report tests share: the service-portal demo data pinned to one instant, the built CLI, a PDF's text. */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../src/cli/migrate';
import { TestDatabase } from './db';

export const ROOT = path.join(__dirname, '..', '..');
export const PORTAL_CATALOG = path.join(ROOT, 'examples', 'service-portal', 'catalog.yaml');
/** data.sql dates its rows relative to now(): the tests pin that now, so reports compare with golden files. */
export const DATA_NOW = '2026-03-18T10:15:00Z';

/** Migrates the database and loads these examples' demo data as of DATA_NOW. */
export async function loadDemo(db: TestDatabase, examples: string[] = ['service-portal']): Promise<void> {
  await migrate(db.client);
  for (const example of examples) {
    const sql = fs.readFileSync(path.join(ROOT, 'examples', example, 'data.sql'), 'utf8');
    await db.client.query(sql.replace(/now\(\)/g, `'${DATA_NOW}'::timestamptz`));
  }
}

/** Builds the CLI the tests run (bin/openkpi.cjs runs dist-cli/). */
export function buildCli(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI against `dbUrl` with extra environment variables. */
export function runCli(dbUrl: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin', 'openkpi.cjs'), ...args],
      { env: { ...process.env, DATABASE_URL: dbUrl, ...env }, cwd: ROOT },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr })
    );
  });
}

/** The PDF's text, extracted by pdf-parse in a child process (pdf.js's worker import does not run under jest). */
export function pdfText(pdf: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-pdf-'));
  const file = path.join(dir, 'report.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync(process.execPath, [path.join(ROOT, 'tests', 'support', 'pdfText.cjs'), file], {
      encoding: 'utf8',
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
