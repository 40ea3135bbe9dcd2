/** @jest-environment node */
/**
 * Backtest (docs/cli.md) against real PostgreSQL, on a series crafted with known transitions: one
 * row per hour, a KPI averaging the last hour, so the value at each bucket end e_k is the row
 * of the hour before it (or nothing). Expected statuses are worked out by hand below.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/program';
import { parseWindow } from '../../src/core/catalog/duration';
import { Catalog } from '../../src/core/catalog/model';
import { evaluateBacktest } from '../../src/core/backtest/evaluate';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, HOUR, ms, pgRunner } from '../support/fixtures';

const T0 = ms('2025-03-01T00:00:00Z');
// The value of the hour ending at T0 + k h, for k = 1…10; null: no row that hour.
const VALUES: Array<number | null> = [85, 80, 93, 97, 94, 89, 96, null, 88, 99];

const YAML = `apiVersion: openkpi/v1
name: backtest-test
sources:
  checks: { table: bt.checks, time: t }
kpis:
  - id: rate
    name: Success rate
    unit: percent
    source: checks
    window: 1h
    measure: { aggregate: avg, expression: v }
    target: 95
    thresholds: { warning: 95, critical: 90 }
  - id: scheduled
    name: Scheduled rate
    source: checks
    window: 1h
    measure: { aggregate: avg, expression: v }
    targets:
      - { from: "2025-03-01T00:00:00Z", value: 95, warning: 95, critical: 90 }
      - { from: "2025-03-01T05:30:00Z", value: 85, warning: 85, critical: 80 }
`;

let db: TestDatabase;
let catalog: Catalog;

beforeAll(async () => {
  db = await createTestDatabase();
  const rows = VALUES.flatMap((v, i) => (v === null ? [] : [{ t: new Date(T0 + i * HOUR + 30 * 60_000), v }]));
  await createTable(db, 'bt.checks', { t: 'timestamptz', v: 'double precision' }, rows);
  catalog = catalogOf(YAML);
});

afterAll(async () => {
  await db?.drop();
});

function run(kpiId: string, overrides: { warning?: number; critical?: number } = {}) {
  const request = {
    kpiId,
    from: new Date(T0),
    to: new Date(T0 + 10 * HOUR),
    step: parseWindow('1h')!,
    ...overrides,
  };
  return evaluateBacktest(catalog, request, pgRunner(db));
}

describe('backtest over a crafted series', () => {
  it("the catalog's thresholds: a first point that is already critical fires both", async () => {
    const r = await run('rate');
    expect(r.points.map((p) => p.time)).toEqual(VALUES.map((_, i) => new Date(T0 + (i + 1) * HOUR).toISOString()));
    expect(r.points.map((p) => p.value)).toEqual(VALUES);
    // warning 95, critical 90, higher is better:
    // 85 crit, 80 crit, 93 warn, 97 ok, 94 warn, 89 crit, 96 ok, - no_data, 88 crit, 99 ok
    expect(r.points.map((p) => p.status)).toEqual([
      'critical',
      'critical',
      'warning',
      'ok',
      'warning',
      'critical',
      'ok',
      'no_data',
      'critical',
      'ok',
    ]);
    expect(r.counts).toEqual({ ok: 3, warning: 2, critical: 4, no_data: 1 });
    // critical entries: k=1 (first point), k=6 (from warning), k=9 (from no_data);
    // warning-or-critical entries: k=1, k=5 (from ok), k=9 (k=3 and k=6 stay inside).
    expect(r.fired).toEqual({ warning: 3, critical: 3 });
  });

  it('replaced thresholds: both given', async () => {
    const r = await run('rate', { warning: 90, critical: 86 });
    // 85 crit, 80 crit, 93 ok, 97 ok, 94 ok, 89 warn, 96 ok, -, 88 warn, 99 ok
    expect(r.counts).toEqual({ ok: 5, warning: 2, critical: 2, no_data: 1 });
    expect(r.fired).toEqual({ warning: 3, critical: 1 });
    expect(r.points[5]).toMatchObject({ status: 'warning', warning: 90, critical: 86 });
  });

  it('replaced thresholds: only critical, the warning stays the catalog’s', async () => {
    const r = await run('rate', { critical: 80 });
    // 80 is not below 80: warning. Warnings at k=1,2,3,5,6,9; entries at k=1, 5, 9.
    expect(r.counts).toEqual({ ok: 3, warning: 6, critical: 0, no_data: 1 });
    expect(r.fired).toEqual({ warning: 3, critical: 0 });
  });

  it('a target schedule changes the thresholds in force mid-range', async () => {
    const r = await run('scheduled');
    // From 05:30 on (k ≥ 6) warning 85, critical 80: 89 ok, 96 ok, -, 88 ok, 99 ok.
    expect(r.points.map((p) => p.status)).toEqual([
      'critical',
      'critical',
      'warning',
      'ok',
      'warning',
      'ok',
      'ok',
      'no_data',
      'ok',
      'ok',
    ]);
    expect(r.fired).toEqual({ warning: 2, critical: 1 });
  });

  it('refuses thresholds that contradict each other', async () => {
    await expect(run('rate', { warning: 80, critical: 90 })).rejects.toThrow(
      /critical 90 must be at or below warning 80/
    );
    // Only --warning 85 under the catalog's critical 90: contradictory at every point.
    await expect(run('rate', { warning: 85 })).rejects.toThrow(/give both thresholds/);
  });
});

describe('openkpi backtest', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'openkpi-backtest-'));
    file = join(dir, 'c.yaml');
    writeFileSync(file, YAML);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(args: string[]): Promise<string> {
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

  const RANGE = ['--kpi', 'rate', '--from', '2025-03-01T00:00:00Z', '--to', '2025-03-01T10:00:00Z', '--step', '1h'];

  it('prints the documented JSON', async () => {
    const doc = JSON.parse(await cli(['backtest', file, ...RANGE, '--critical', '86', '--warning', '90', '--json']));
    expect(Object.keys(doc)).toEqual(['kpi', 'points', 'counts', 'fired']);
    expect(doc.kpi).toBe('rate');
    expect(doc.points[0]).toEqual({ time: '2025-03-01T01:00:00.000Z', value: 85, status: 'critical' });
    expect(doc.points).toHaveLength(10);
    expect(doc.counts).toEqual({ ok: 5, warning: 2, critical: 2, no_data: 1 });
    expect(doc.fired).toEqual({ warning: 3, critical: 1 });
  });

  it('prints a readable summary and each alert it would have fired', async () => {
    const text = await cli(['backtest', file, ...RANGE]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'rate would have alerted: critical 3 times, warning 3 times in the 10 hours from 2025-03-01T00:00:00Z to 2025-03-01T10:00:00Z'
    );
    expect(lines[1]).toBe('10 points, every 1h: 3 ok, 2 warning, 4 critical, 1 no_data');
    expect(lines[3].split(/\s{2,}/)).toEqual(['Fired at', 'Status', 'Value', 'Threshold']);
    expect(lines.slice(4).map((l) => l.split(/\s{2,}/))).toEqual([
      ['2025-03-01T01:00:00Z', 'critical', '85%', '90%'],
      ['2025-03-01T05:00:00Z', 'warning', '94%', '95%'],
      ['2025-03-01T06:00:00Z', 'critical', '89%', '90%'],
      ['2025-03-01T09:00:00Z', 'critical', '88%', '90%'],
    ]);
  });
});
