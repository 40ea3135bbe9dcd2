/**
 * `npm run bench [-- --rows N --runs R --only TEXT --no-report --out DIR --explain DIR]`: OpenKPI's SQL against hand-written
 * SQL for the same numbers, and the absolute targets, in one report (docs/benchmarks.md,
 * docs/benchmarks.json; bench/support/report.ts): each KPI form, the 30-KPI scorecard and the
 * 90-point trend raw and with rollups, one alert round of the examples, rollup build, refresh and
 * size, the overview dashboard's database time, compile time. Targets live here
 * (bench/cases/evaluation.ts TARGETS), never in tests. The report is rewritten after every row, so
 * a long run stopped early still leaves what it measured.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import type { Catalog } from '../src/core/catalog/model';
import { parseCatalog } from '../src/core/catalog/parse';
import { instant } from '../src/core/compiler/anchor';
import { compileEval } from '../src/core/compiler/evalQuery';
import { alertRoundCase } from './cases/alertRound';
import { evaluationCases, TARGETS } from './cases/evaluation';
import { AT, catalogYaml, generateEvents } from './cases/forms';
import { measureOverview, OFF_HOUR, Ran } from './cases/overview';
import { buildRollups } from './cases/rollup';
import { benchDatabase } from './support/database';
import { Case, measure, meetsTarget, Result, timed } from './support/measure';
import { queryOf } from './support/query';
import { loadSampler, Report, writeReport } from './support/report';

const { values: args } = parseArgs({
  strict: false,
  options: {
    rows: { type: 'string', default: '300000' },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    'no-report': { type: 'boolean', default: false },
    // Where the report goes (a long run can write elsewhere and be copied into docs/ when it is meant).
    out: { type: 'string', default: 'docs' },
    // Where the plans of the rows that name a statement go (EXPLAIN (ANALYZE, BUFFERS), after their timing).
    explain: { type: 'string' },
  },
});
const ROWS = Number(args.rows);
const RUNS = Number(args.runs);

/** Compile time per KPI: the whole scorecard, many times. */
function catalogOf(approximate: boolean): Catalog {
  const parsed = parseCatalog(catalogYaml(approximate), 'bench.yaml');
  if (!parsed.catalog) {
    throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  }
  return parsed.catalog;
}

function compileMsPerKpi(catalog: Catalog): number {
  const n = 200;
  const at = instant(AT);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    compileEval(catalog, { at });
  }
  return (performance.now() - t0) / n / catalog.kpis.length;
}

async function main() {
  const started = performance.now();
  const sampler = loadSampler();
  const catalog = catalogOf(false);
  const approxCatalog = catalogOf(true);
  const compileMs = compileMsPerKpi(catalog);
  console.log(
    `${compileMs < TARGETS.compileMsPerKpi ? 'ok  ' : 'SLOW'} compile: ${compileMs.toFixed(3)} ms per KPI (target < 1 ms)`
  );
  const db = await benchDatabase('bench');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const q = queryOf(client);
  try {
    await q('SET jit = off');
    const postgres = String((await q('SHOW server_version'))[0].server_version).replace(/ .*/, '');
    const [, generateMs] = await timed(() => generateEvents(q, ROWS));
    console.log(`generated ${ROWS.toLocaleString('en')} rows in ${(generateMs / 1000).toFixed(1)} s`);
    const rollup = await buildRollups(catalog, q);
    console.log(`rollup built in ${(rollup.buildMs / 1000).toFixed(1)} s: ${rollup.rows} rows, ${rollup.bytes} bytes`);
    // The approximate catalog's rollup: the same partials plus the sketches, a table of its own.
    const approxRollup = await buildRollups(approxCatalog, q);
    console.log(
      `approximate rollup built in ${(approxRollup.buildMs / 1000).toFixed(1)} s: ${approxRollup.rows} rows, ${approxRollup.bytes} bytes`
    );
    const approx = { catalog: approxCatalog, rollups: approxRollup.rollups };
    const cases: Case[] = [
      ...evaluationCases(catalog, q, rollup.rollups, approx),
      await alertRoundCase(q),
      rollup.refresh,
    ];
    // The overview last (at 10 M rows it takes longest): a measurement of its own kind (cases/overview.ts).
    // Both refreshes share the raw side's statements (the same SQL for both catalogs): each runs once.
    const ranStatements: Ran = new Map();
    const explainDir = args.explain === undefined ? undefined : String(args.explain);
    const overviews = [
      {
        name: 'overview dashboard DB time, with rollups',
        measure: () => measureOverview(catalog, q, rollup.rollups, explainDir, ranStatements),
      },
      {
        name: 'overview dashboard DB time, with rollups, approximate: true',
        measure: () =>
          measureOverview(
            approxCatalog,
            q,
            approxRollup.rollups,
            explainDir === undefined ? undefined : path.join(explainDir, 'approximate'),
            ranStatements
          ),
      },
      // The same refreshes where a dashboard at now() asks: windows and points off the hour.
      {
        name: 'overview dashboard DB time, with rollups, at 13:37 UTC',
        measure: () => measureOverview(catalog, q, rollup.rollups, undefined, ranStatements, OFF_HOUR),
      },
      {
        name: 'overview dashboard DB time, with rollups, approximate: true, at 13:37 UTC',
        measure: () => measureOverview(approxCatalog, q, approxRollup.rollups, undefined, ranStatements, OFF_HOUR),
      },
    ];
    const all = [...cases.map((c) => ({ name: c.name, measure: () => measured(c) })), ...overviews].filter(
      (x) => args.only === undefined || x.name.includes(String(args.only))
    );
    /** A case timed, then its plan kept when asked (EXPLAIN ANALYZE runs it once more, untimed). */
    const measured = async (c: Case) => {
      const result = await measure(c, RUNS);
      if (args.explain !== undefined && c.explain !== undefined) {
        const plan = await q(`EXPLAIN (ANALYZE, BUFFERS) ${c.explain}`);
        const file = path.join(String(args.explain), `${c.name.replace(/[^\w]+/g, '-').slice(0, 80)}.txt`);
        fs.mkdirSync(String(args.explain), { recursive: true });
        fs.writeFileSync(file, `${plan.map((r) => r['QUERY PLAN']).join('\n')}\n`);
      }
      return result;
    };
    const results: Result[] = [];
    const missing: Report['missing'] = [];
    let ran = 0;
    const report = (): Report => ({
      rows: ROWS,
      runs: RUNS,
      postgres: `PostgreSQL ${postgres}`,
      results,
      missing: [...missing, ...all.slice(ran).map((c) => ({ name: c.name, why: 'the run stopped before it' }))],
      rollup: { buildMs: rollup.buildMs, rows: rollup.rows, bytes: rollup.bytes },
      approxRollup: { buildMs: approxRollup.buildMs, rows: approxRollup.rows, bytes: approxRollup.bytes },
      compileMsPerKpi: compileMs,
      load: sampler.summary(),
      generateMs,
      totalMs: performance.now() - started,
    });
    for (const c of all) {
      try {
        results.push(await c.measure());
      } catch (e) {
        // A row whose numbers differ is not timed; the others still are.
        console.error(`FAIL ${e instanceof Error ? e.message : String(e)}`);
        missing.push({ name: c.name, why: `not timed: ${e instanceof Error ? e.message : String(e)}` });
      }
      ran++;
      if (!args['no-report']) {
        await writeReport(report(), String(args.out));
      }
    }
    const failed = missing.length > 0 || !results.every(meetsTarget) || compileMs >= TARGETS.compileMsPerKpi;
    process.exitCode = failed ? 1 : 0;
  } finally {
    sampler.stop();
    await client.end();
    await db.stop();
  }
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
