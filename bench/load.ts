/**
 * `npm run load` (docs/load.md): concurrent viewers refreshing a scorecard over 1 M rows.
 *
 * Each viewer is what the OpenKPI data source asks PostgreSQL for on a dashboard refresh: the
 * catalog's scorecard (one evaluation statement, sent with JIT off as the data source sends it)
 * and one KPI's 30-point trend, on its own connection, as Grafana's PostgreSQL data source
 * would hold one per request in flight. Bounded: a fixed number of refreshes, a statement
 * timeout on every connection, loopback only (DATABASE_URL or an embedded PostgreSQL).
 * Reports latency percentiles, throughput and errors; it asserts nothing (not a timed test).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Client, QueryResult } from 'pg';
import { parseCatalog } from '../src/core/catalog/parse';
import { NOW } from '../src/core/compiler/anchor';
import { withJitOff } from '../src/core/compiler/statement';
import { evaluateKpis } from '../src/core/evaluation/evaluate';
import { evaluateSeries } from '../src/core/evaluation/series';
import type { SqlRunner } from '../src/core/evaluation/runner';
import { BenchDatabase, benchDatabase } from './support/database';
import { syntheticCatalogYaml } from './syntheticCatalog';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    viewers: { type: 'string', default: '50' },
    refreshes: { type: 'string', default: '200' },
    kpis: { type: 'string', default: '30' },
    'statement-timeout': { type: 'string', default: '30000' },
  },
});
const ROWS = Number(args.rows);
const VIEWERS = Number(args.viewers);
const REFRESHES = Number(args.refreshes);
const KPIS = Number(args.kpis);
const STATEMENT_TIMEOUT_MS = Number(args['statement-timeout']);

/** DATABASE_URL (loopback only), or an embedded PostgreSQL in a temporary folder (removed at the end). */
async function database(): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) {
    // A load on someone's shared server is not what this is for: loopback only.
    const host = new URL(process.env.DATABASE_URL).hostname;
    if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
      throw new Error(
        `DATABASE_URL points at ${host}: the load runs on loopback only (unset it for an embedded PostgreSQL)`
      );
    }
  }
  // Room for the viewers' connections and a few more.
  return benchDatabase('load', ['-c', `max_connections=${Math.max(100, VIEWERS + 20)}`]);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const parsed = parseCatalog(syntheticCatalogYaml('load', 'openkpi_load.runs', KPIS), 'load.yaml');
  if (!parsed.catalog) {
    throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  }
  const catalog = parsed.catalog;
  const db = await database();
  const setup = new Client({ connectionString: db.url });
  await setup.connect();
  try {
    const t0 = performance.now();
    // Rows spread over the 400 days before now, deterministic (no random()).
    await setup.query(`DROP SCHEMA IF EXISTS openkpi_load CASCADE; CREATE SCHEMA openkpi_load;
      CREATE TABLE openkpi_load.runs (at timestamptz, status text, team text, duration_s double precision);
      INSERT INTO openkpi_load.runs SELECT now() - (g * (400 * 86400.0 / ${ROWS})) * interval '1 second',
        CASE WHEN g % 17 = 0 THEN 'failed' ELSE 'ok' END, 'team-' || (g % 12), (g % 600) / 3.0
      FROM generate_series(1, ${ROWS}) g;
      CREATE INDEX ON openkpi_load.runs (at); ANALYZE openkpi_load.runs;`);
    console.log(`${ROWS.toLocaleString('en')} rows loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const clients = await Promise.all(
      Array.from({ length: VIEWERS }, async () => {
        const c = new Client({ connectionString: db.url, statement_timeout: STATEMENT_TIMEOUT_MS });
        await c.connect();
        return c;
      })
    );
    const latencies: number[] = [];
    const errors: string[] = [];
    let next = 0;
    const started = performance.now();
    const viewer = async (client: Client): Promise<void> => {
      // As the data source sends statements through /api/ds/query: JIT off in the statement.
      const runner: SqlRunner = {
        async query(sql) {
          // Two statements: pg answers with one result each; the SELECT's is the last.
          const results = (await client.query(withJitOff(sql))) as unknown as QueryResult[];
          return results[results.length - 1].rows as Array<Record<string, unknown>>;
        },
      };
      while (next < REFRESHES) {
        next++;
        const t = performance.now();
        try {
          const scorecard = await evaluateKpis(catalog, { at: NOW }, runner);
          const failed = scorecard.kpis.filter((k) => k.error);
          if (failed.length > 0) {
            throw new Error(failed[0].error);
          }
          const to = new Date();
          await evaluateSeries(
            catalog,
            {
              kpiId: 'k3',
              from: new Date(to.getTime() - 30 * 86_400_000),
              to,
              step: { kind: 'calendar', unit: 'day', text: 'day' },
              mode: 'trend',
            },
            runner
          );
          latencies.push(performance.now() - t);
        } catch (e) {
          errors.push(e instanceof Error ? e.message : String(e));
        }
      }
    };
    await Promise.all(clients.map(viewer));
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(clients.map((c) => c.end()));

    const sorted = [...latencies].sort((a, b) => a - b);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `${VIEWERS} viewers, ${REFRESHES} refreshes (scorecard of ${KPIS} KPIs + a 30-day trend each), ${ROWS.toLocaleString('en')} rows, ${os.cpus().length} cores`
    );
    console.log(
      `latency p50 ${s(percentile(sorted, 50))}, p95 ${s(percentile(sorted, 95))}, p99 ${s(percentile(sorted, 99))}, max ${s(sorted[sorted.length - 1] ?? NaN)}`
    );
    console.log(`throughput ${(latencies.length / seconds).toFixed(1)} refreshes/s over ${seconds.toFixed(1)} s`);
    console.log(
      `errors ${errors.length}${errors.length > 0 ? `: ${[...new Set(errors)].slice(0, 3).join('; ')}` : ''}`
    );
    process.exitCode = errors.length === 0 ? 0 : 1;
  } finally {
    await setup.query('DROP SCHEMA IF EXISTS openkpi_load CASCADE').catch(() => undefined);
    await setup.end();
    await db.stop();
  }
}

main().catch((e) => {
  console.error(`load: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
