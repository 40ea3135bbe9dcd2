/**
 * Speed and memory of the engine on a realistic load (`npm run bench`):
 * compiling a 200-KPI catalog, and evaluating 50 KPIs over 200,000 rows in one statement.
 * Targets are checked here, never in timed tests.
 */
import { Client } from 'pg';
import { parseCatalog } from '../src/core/catalog/parse';
import { instant } from '../src/core/compiler/anchor';
import { compileEval } from '../src/core/compiler/evalQuery';
import { evaluateKpis } from '../src/core/evaluation/evaluate';
import { evaluateSeries } from '../src/core/evaluation/series';
import { benchDatabase } from './support/database';
import { syntheticCatalogYaml } from './syntheticCatalog';

const TARGETS = { compileMs: 50, evalMs: 1500, seriesMs: 1000, heapMb: 200 };

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const result = fn();
  return [result, performance.now() - t0];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await fn();
  return [result, performance.now() - t0];
}

async function main() {
  const results: Array<{ name: string; value: number; target: number; unit: string }> = [];
  const big = parseCatalog(syntheticCatalogYaml('bench', 'bench.runs', 200), 'bench.yaml');
  if (!big.catalog) {
    throw new Error(big.problems.map((p) => p.message).join('\n'));
  }
  const at = instant('2025-06-30T00:00:00Z');
  compileEval(big.catalog, { at }); // warm up
  const [, compileMs] = time(() => compileEval(big.catalog!, { at }));
  results.push({ name: 'compile eval, 200 KPIs', value: compileMs, target: TARGETS.compileMs, unit: 'ms' });

  const db = await benchDatabase('engine');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench; CREATE TABLE bench.runs (at timestamptz, status text, team text, duration_s double precision);
      INSERT INTO bench.runs SELECT '2025-01-01T00:00:00Z'::timestamptz + g * interval '77 seconds',
        CASE WHEN g % 17 = 0 THEN 'failed' ELSE 'ok' END, 'team-' || (g % 12), (g % 600) / 3.0
      FROM generate_series(1, 200000) g;
      CREATE INDEX ON bench.runs (at); ANALYZE bench.runs;`);
    const runner = { query: async (sql: string) => (await client.query(sql)).rows };
    const fifty = { ...big.catalog, kpis: big.catalog.kpis.slice(0, 50) };
    const [evaluated, evalMs] = await timeAsync(() => evaluateKpis(fifty, { at }, runner));
    if (evaluated.kpis.some((k) => k.error)) {
      throw new Error('a KPI failed in the benchmark');
    }
    results.push({ name: 'eval 50 KPIs over 200k rows', value: evalMs, target: TARGETS.evalMs, unit: 'ms' });
    const [, seriesMs] = await timeAsync(() =>
      evaluateSeries(
        fifty,
        {
          kpiId: 'k3',
          from: new Date('2025-01-01T00:00:00Z'),
          to: new Date('2025-06-30T00:00:00Z'),
          step: { kind: 'calendar', unit: 'day', text: 'day' },
          mode: 'trend',
        },
        runner
      )
    );
    results.push({
      name: 'trend series, 180 daily points, 30d window',
      value: seriesMs,
      target: TARGETS.seriesMs,
      unit: 'ms',
    });
  } finally {
    await client.end();
    await db.stop();
  }
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  results.push({ name: 'heap used', value: heapMb, target: TARGETS.heapMb, unit: 'MB' });

  let failed = 0;
  for (const r of results) {
    const ok = r.value <= r.target;
    failed += ok ? 0 : 1;
    console.log(`${ok ? 'ok  ' : 'SLOW'} ${r.name}: ${r.value.toFixed(1)} ${r.unit} (target ≤ ${r.target} ${r.unit})`);
  }
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
