/** @jest-environment node */
/**
 * `openkpi okr` (docs/objectives.md) through the real command line program, in process, against a fresh
 * database: the JSON document key by key, the readable table, and the statements it needs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/program';
import { evaluateObjectives } from '../../src/core/objectives/evaluate';
import { instant, NOW } from '../../src/core/compiler/anchor';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createMeasurementTable, pgRunner } from '../support/fixtures';

const YAML = `apiVersion: openkpi/v1
name: okr-cli
timezone: UTC
kpis:
  - { id: uptime, name: Uptime, source: manual, unit: percent, decimals: 1, target: 99.9 }
  - { id: tickets, name: Tickets, source: manual, direction: lower, target: 5 }
objectives:
  - id: reliable
    title: A reliable portal
    owner: ops
    from: 2026-06-01
    keyResults:
      - { kpi: uptime, by: 2026-07-01, baseline: 99 }
      - { kpi: tickets, by: 2026-09-01 }
  - id: quiet
    title: Quiet weekends
    from: 2026-06-01
    keyResults:
      - { kpi: tickets, by: 2026-06-11, target: 4 }
`;

let db: TestDatabase;
let dir: string;
let file: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await createMeasurementTable(db, [
    { kpi: 'uptime', time: new Date('2026-06-05T00:00:00Z'), value: 99.6 },
    { kpi: 'tickets', time: new Date('2026-05-20T00:00:00Z'), value: 12 },
    { kpi: 'tickets', time: new Date('2026-06-08T00:00:00Z'), value: 8 },
  ]);
  dir = mkdtempSync(join(tmpdir(), 'openkpi-okr-'));
  file = join(dir, 'okr.yaml');
  writeFileSync(file, YAML);
});

afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `openkpi …args` in process and returns what it printed on stdout. */
async function run(args: string[]): Promise<string> {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await buildProgram('test').parseAsync(['node', 'openkpi', '--db', db.url, ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

it('prints exactly the documented JSON', async () => {
  const doc = JSON.parse(await run(['okr', file, '--at', '2026-06-16T00:00:00Z', '--json']));
  const at = Date.parse('2026-06-16T00:00:00Z');
  const from = Date.parse('2026-06-01T00:00:00Z');
  const expected = (by: string) => (100 * (Math.min(at, Date.parse(by)) - from)) / (Date.parse(by) - from);
  expect(doc).toEqual({
    catalog: 'okr-cli',
    at: '2026-06-16T00:00:00.000Z',
    objectives: [
      {
        id: 'reliable',
        title: 'A reliable portal',
        owner: 'ops',
        progress: expect.any(Number),
        status: 'on_track',
        keyResults: [
          {
            kpi: 'uptime',
            value: 99.6,
            baseline: 99,
            target: 99.9,
            by: '2026-07-01T00:00:00.000Z',
            progress: expect.any(Number),
            expectedProgress: expected('2026-07-01T00:00:00Z'),
            status: 'on_track',
          },
          {
            kpi: 'tickets',
            value: 8,
            baseline: 12,
            target: 5,
            by: '2026-09-01T00:00:00.000Z',
            progress: expect.any(Number),
            expectedProgress: expected('2026-09-01T00:00:00Z'),
            status: 'on_track',
          },
        ],
      },
      {
        id: 'quiet',
        title: 'Quiet weekends',
        owner: null,
        progress: expect.any(Number),
        status: 'missed',
        keyResults: [
          {
            kpi: 'tickets',
            // Frozen on June 11th: the 8 of June 8th.
            value: 8,
            baseline: 12,
            target: 4,
            by: '2026-06-11T00:00:00.000Z',
            progress: 50,
            expectedProgress: 100,
            status: 'missed',
          },
        ],
      },
    ],
  });
  const [uptime, tickets] = doc.objectives[0].keyResults;
  expect(uptime.progress).toBeCloseTo((100 * (99.6 - 99)) / (99.9 - 99), 10); // ≈ 66.7, ahead of 15/30 days
  expect(uptime.expectedProgress).toBe(50);
  expect(tickets.progress).toBeCloseTo((100 * (8 - 12)) / (5 - 12), 10); // ≈ 57.1, ahead of 15/92 days
  expect(doc.objectives[0].progress).toBeCloseTo((uptime.progress + tickets.progress) / 2, 10);
});

it('prints a readable table: each objective, then its key results indented', async () => {
  const text = await run(['okr', file, '--at', '2026-06-16T00:00:00Z']);
  const lines = text.trimEnd().split('\n');
  expect(lines[0].split(/\s{2,}/)).toEqual([
    'Objective / key result',
    'Value',
    'Baseline',
    'Target',
    'By',
    'KPI',
    'Progress',
    'Expected',
    'Status',
  ]);
  expect(lines[1]).toMatch(/^A reliable portal\s+62%\s+on_track$/);
  expect(lines[2].trim().split(/\s{2,}/)).toEqual([
    'uptime',
    '99.6%',
    '99.0%',
    '99.9%',
    '2026-07-01T00:00:00Z',
    'Uptime',
    '67%',
    '50%',
    'on_track',
  ]);
  expect(lines[4]).toMatch(/^Quiet weekends\s+50%\s+missed$/);
  expect(text).not.toMatch(/\x1b\[/);
});

it('evaluates every key result in one statement (two when "now" is the database clock)', async () => {
  const catalog = catalogOf(YAML);
  const statements: string[] = [];
  const runner = pgRunner(db);
  const counting = { query: (sql: string) => (statements.push(sql), runner.query(sql)) };
  await evaluateObjectives(catalog, instant('2026-06-16T00:00:00Z'), counting);
  expect(statements).toHaveLength(1);
  statements.length = 0;
  const now = await evaluateObjectives(catalog, NOW, counting);
  expect(statements).toHaveLength(2);
  expect(Math.abs(Date.parse(now.at) - Date.now())).toBeLessThan(60_000);
});
