/** @jest-environment node */
/**
 * The README's CLI examples on the demo: every `npx openkpi …` line of its CLI block runs, as
 * written, against the service-portal demo loaded as `npm start` loads it (relative to now), and
 * shows real numbers (no empty values); the output the README prints is what the CLI prints on
 * the demo loaded at DATA_NOW. To pin that instant the database's `now()` is replaced, for this
 * test's database only, by a function earlier on the search_path.
 * After an intended change of the output: UPDATE_README=1 npx jest tests/integration/readme.test.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../src/cli/migrate';
import { createTestDatabase, TestDatabase } from '../support/db';

const ROOT = path.join(__dirname, '..', '..');
const README = path.join(ROOT, 'README.md');
const DATA_NOW = '2026-03-18T10:15:00Z';
const CATALOG = 'examples/service-portal/catalog.yaml';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `openkpi …args` in `cwd` against `url`. */
function openkpi(args: string[], url: string, cwd: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'openkpi.cjs'), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, USER: 'readme' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The README's "The CLI" section. */
function cliSection(readme: string): string {
  const start = readme.indexOf('## The CLI');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end);
}

/** A path with `*` segments expanded as the shell would (sorted), relative to the checkout. */
function glob(pattern: string): string[] {
  return pattern.split('/').reduce<string[]>(
    (paths, part) =>
      part === '*'
        ? paths.flatMap((p) =>
            fs
              .readdirSync(path.join(ROOT, p))
              .sort()
              .map((e) => path.join(p, e))
          )
        : paths.map((p) => path.join(p, part)).filter((p) => fs.existsSync(path.join(ROOT, p))),
    ['']
  );
}

/** Shell words of one command line, `$C` and globs expanded (the README's lines use only "…" quoting). */
function words(line: string): string[] {
  const found = line.replace(/\$C\b/g, CATALOG).match(/"[^"]*"|\S+/g) ?? [];
  return found.flatMap((w) => (w.includes('*') ? glob(w) : [w.replace(/^"|"$/g, '')]));
}

/** Every `npx openkpi …` command of the CLI block, `&&` chains split, comments dropped. */
function commands(section: string): string[][] {
  const block = section.match(/```bash\n([\s\S]*?)```/)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .flatMap((l) => l.split('&&').map((c) => c.trim()))
    .filter((c) => c.startsWith('npx openkpi '))
    .map((c) => words(c.slice('npx openkpi '.length)));
}

/** The README's example outputs: ```console blocks whose first line is `$ npx openkpi …`. */
function examples(section: string): Array<{ block: string; line: string; command: string[]; output: string }> {
  return [...section.matchAll(/```console\n\$ npx openkpi ([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
    block: m[0],
    line: m[1],
    command: words(m[1]),
    output: m[2],
  }));
}

/** A database holding the demo data of service-portal, its `now()` pinned to `at` when given. */
async function demoDatabase(at?: string): Promise<TestDatabase> {
  const db = await createTestDatabase();
  if (at) {
    await db.query(`CREATE SCHEMA pinned;
      CREATE FUNCTION pinned.now() RETURNS timestamptz LANGUAGE sql STABLE AS $$ SELECT '${at}'::timestamptz $$`);
    await db.query(`ALTER DATABASE ${new URL(db.url).pathname.slice(1)} SET search_path = pinned, pg_catalog, public`);
  }
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await migrate(client);
    await client.query(fs.readFileSync(path.join(ROOT, 'examples', 'service-portal', 'data.sql'), 'utf8'));
  } finally {
    await client.end();
  }
  return db;
}

/** The cells of a table's right-aligned Value column, each with its row: columns are 2+ spaces apart. */
function valueColumn(table: string): Array<[string, string | null]> {
  const [header, ...rows] = table.split('\n').filter((l) => l.trim() !== '');
  const end = header.indexOf('Value') + 'Value'.length;
  return rows.map((row) => {
    const cell =
      row
        .slice(0, end)
        .split(/\s{2,}/)
        .pop() ?? '';
    return [row, cell === '' || cell === '-' ? null : cell];
  });
}

let live: TestDatabase;
let pinned: TestDatabase;
let cwd: string;
const section = cliSection(fs.readFileSync(README, 'utf8'));

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
  [live, pinned] = await Promise.all([demoDatabase(), demoDatabase(DATA_NOW)]);
  // Commands write files (--out): a scratch folder with the checkout's examples in it.
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-readme-'));
  fs.symlinkSync(path.join(ROOT, 'examples'), path.join(cwd, 'examples'));
}, 120_000);

afterAll(async () => {
  await Promise.all([live?.drop(), pinned?.drop()]);
  fs.rmSync(cwd, { recursive: true, force: true });
});

describe("the README's CLI examples on the demo", () => {
  const all = commands(section);

  it('are there', () => {
    expect(all.map((c) => c[0])).toEqual(
      expect.arrayContaining(['validate', 'eval', 'series', 'breakdown', 'sql', 'migrate', 'record', 'build', 'report'])
    );
  });

  // publish needs a Grafana (tests/integration/publish.test.ts runs it against a stand-in).
  const runnable = all.filter((c) => c[0] !== 'publish');

  it('run as written on the demo and show real numbers', async () => {
    for (const args of runnable) {
      const run = await openkpi(args, live.url, cwd);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
      if (['eval', 'series', 'breakdown'].includes(args[0])) {
        // Figures, not the "-" of no data: every eval KPI has a value; series and breakdown rows too.
        const figures = args.includes('--json')
          ? (JSON.parse(run.stdout).kpis as Array<{ id: string; value: number | null }>).map((k) => [k.id, k.value])
          : valueColumn(run.stdout);
        expect(figures.length).toBeGreaterThan(0);
        expect(figures.filter(([, v]) => v === null)).toEqual([]);
      }
    }
  }, 240_000);

  it('print what the README shows, on the demo loaded at its instant', async () => {
    const shown = examples(section);
    expect(shown.length).toBeGreaterThan(0);
    let readme = fs.readFileSync(README, 'utf8');
    for (const { block, line, command, output } of shown) {
      const run = await openkpi(command, pinned.url, cwd);
      expect(run.code).toBe(0);
      if (process.env.UPDATE_README === '1') {
        readme = readme.replace(block, `\`\`\`console\n$ npx openkpi ${line}\n${run.stdout}\`\`\``);
      } else {
        expect(run.stdout).toBe(output);
      }
    }
    if (process.env.UPDATE_README === '1') {
      fs.writeFileSync(README, readme);
    }
  }, 120_000);

  it('show the success rate that the rows give, counted by hand', async () => {
    // 30 days before DATA_NOW, cancelled runs left out (the KPI's definition in the catalog).
    const [row] = await pinned.query<{ rate: string }>(`
      SELECT round(100.0 * count(*) FILTER (WHERE status = 'succeeded') / count(*), 1)::text AS rate
      FROM portal.provisioning_runs
      WHERE finished_at >= '${DATA_NOW}'::timestamptz - interval '30 days' AND finished_at < '${DATA_NOW}'
        AND status <> 'cancelled'`);
    const line = examples(section)
      .flatMap((e) => e.output.split('\n'))
      .find((l) => l.startsWith('provisioning_success_rate '));
    expect(line).toContain(` ${row.rate}% `);
  });
});
