/**
 * What one refresh of the generated overview dashboard asks of the database, as the data source
 * sends it (src/datasource/answerBatch.ts): the KPI and scorecard queries coalesced into one
 * evaluation, and one series statement per distinct trend (90 days, the panel interval of a
 * 90-point-wide panel: a 1-day step, end-aligned). With rollups, every statement is compiled to
 * read them, as the data source compiles them after its probe: the evaluation and the series.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { compileEval } from '../../src/core/compiler/evalQuery';
import { compileSeries } from '../../src/core/compiler/seriesQuery';
import type { RollupPlan } from '../../src/core/rollup/plan';
import { resolveStep } from '../../src/datasource/step';
import { catalogDashboards } from '../../src/generators/dashboards';
import type { KpiQuery } from '../../src/query/model';
import { logResult, Result, sameNumbers, timed } from '../support/measure';
import { figures, Query } from '../support/query';
import { TARGETS } from './evaluation';
import { AT, DAY } from './forms';

export function overviewStatements(catalog: Catalog, at: Date, rollups?: RollupPlan[]): string[] {
  const dashboard = catalogDashboards(catalog).find((f) => f.file === 'overview.json')!.dashboard;
  type Holder = { targets?: unknown[]; panels?: Holder[] };
  const panels = ((dashboard.panels ?? []) as Holder[]).flatMap((p) => [p, ...(p.panels ?? [])]);
  const targets = panels.flatMap((p) => (p.targets ?? []) as KpiQuery[]);
  const all = catalog.kpis.map((k) => k.id);
  const idsOf = (t: KpiQuery) => (t.kpis.length > 0 ? t.kpis : all);
  const evaluated = [
    ...new Set(targets.filter((t) => t.queryType === 'kpi' || t.queryType === 'scorecard').flatMap(idsOf)),
  ];
  const trends = new Set<string>();
  for (const t of targets.filter((x) => x.queryType === 'trend')) {
    for (const kpiId of idsOf(t)) {
      const request = {
        kpiId,
        from: new Date(at.getTime() - 90 * DAY),
        to: at,
        step: resolveStep(t.step, DAY),
        mode: t.mode,
        endAligned: true,
        rollups,
      };
      trends.add(compileSeries(catalog, request));
    }
  }
  return [compileEval(catalog, { kpiIds: evaluated, at: instant(at), rollups }), ...trends];
}

/**
 * One refresh with rollups against the same refresh on raw rows, one run each (at 10 M rows a
 * raw refresh takes minutes: its percentile and distinct-count trends go point by point). A
 * statement whose SQL is the same in both refreshes (a series that reads raw rows either way:
 * exact percentiles and distinct counts) runs once and counts on both sides;
 * every other statement runs on its side. Both refreshes must return the same numbers.
 */
/** Statements already run in this benchmark (SQL → numbers and time): each runs once. */
export type Ran = Map<string, { numbers: number[]; ms: number }>;

/**
 * What a refresh with `approximate: true` may show against raw rows: the stated bounds (docs/rollups.md:
 * 1 % for percentiles, 2 % for distinct counts) hold for about 99 % of HyperLogLog estimates
 * (2.5 standard errors), so figures past 2 % are counted and reported; past 5 %
 * a figure is wrong, not unlucky, and the row fails. Every figure of an exact refresh must be the same.
 */
const APPROXIMATE_BOUND = 0.02;
const APPROXIMATE_WRONG = 0.05;

/** How far the figures with rollups are from raw: the largest relative error and how many exceed the bound. */
function errors(c: number[], r: number[]): { largest: number; beyond: number } {
  const relative = c.map((v, i) => (v === r[i] ? 0 : Math.abs(v - r[i]) / Math.max(1, Math.abs(r[i]))));
  return { largest: Math.max(0, ...relative), beyond: relative.filter((e) => e > APPROXIMATE_BOUND).length };
}

export async function measureOverview(
  catalog: Catalog,
  q: Query,
  rollups: RollupPlan[],
  explainDir?: string,
  done: Ran = new Map(),
  at: Date = new Date(AT)
): Promise<Result> {
  const approximate = catalog.approximate === true;
  const raw = overviewStatements(catalog, at);
  const rolled = overviewStatements(catalog, at, rollups);
  const refresh = async (statements: string[]) => {
    let ms = 0;
    const numbers: number[] = [];
    for (const sql of statements) {
      let known = done.get(sql);
      if (!known) {
        const [rows, t] = await timed(() => q(sql));
        known = { numbers: figures(rows), ms: t };
        done.set(sql, known);
      }
      ms += known.ms;
      numbers.push(...known.numbers);
    }
    return { ms, numbers };
  };
  const r = await refresh(raw);
  const c = await refresh(rolled);
  const bound = approximate ? APPROXIMATE_WRONG : undefined;
  const differs = c.numbers.findIndex((v, i) => !sameNumbers([v], [r.numbers[i]], bound));
  if (c.numbers.length !== r.numbers.length || differs >= 0) {
    throw new Error(
      c.numbers.length !== r.numbers.length
        ? `overview: ${c.numbers.length} figures with rollups against ${r.numbers.length} raw`
        : `overview: figure ${differs + 1} of ${c.numbers.length} is ${c.numbers[differs]} with rollups, ${r.numbers[differs]} raw`
    );
  }
  const error = errors(c.numbers, r.numbers);
  const accuracy = approximate
    ? `; largest error ${(error.largest * 100).toFixed(2)} %, ${error.beyond} of ${c.numbers.length} figures past 2 %`
    : '';
  const shared = rolled.filter((s) => raw.includes(s));
  const sharedMs = shared.reduce((sum, s) => sum + done.get(s)!.ms, 0);
  const when = at.getTime() === Date.parse(AT) ? '' : `, ${offHourWords(at)}`;
  const result: Result = {
    name: approximate
      ? `overview dashboard DB time, with rollups, approximate: true${when} (${rolled.length} statements; the ${shared.length} that read raw rows either way take ${(sharedMs / 1000).toFixed(1)} s of it${accuracy})`
      : `overview dashboard DB time, with rollups${when} (${rolled.length} statements; the ${shared.length} that read raw rows either way take ${(sharedMs / 1000).toFixed(1)} s of it)`,
    baseline: `the same refresh on raw rows (${raw.length} statements)`,
    compiledMedianMs: c.ms,
    compiledP95Ms: c.ms,
    baselineMedianMs: r.ms,
    baselineP95Ms: r.ms,
    ratio: c.ms / r.ms,
    targetMs: TARGETS.overviewRollupMs,
    runs: 1,
  };
  logResult(result);
  if (explainDir !== undefined) {
    await explainOverview(explainDir, q, raw, rolled, done);
  }
  return result;
}

/**
 * An instant off the hour, 10 h 23 min before AT: where a dashboard refreshed at now() asks. AT is
 * a UTC midnight, so its windows and an end-aligned trend's points fall on whole days and hours;
 * at OFF_HOUR every window and point has ragged ends (raw rows for part of an hour at each end,
 * hourly rows up to the first and from the last whole day).
 */
export const OFF_HOUR = new Date(Date.parse(AT) - (10 * 60 + 23) * 60_000);

/** How a result names a refresh at an instant other than AT. */
function offHourWords(at: Date): string {
  return `at ${at.toISOString().slice(11, 16)} UTC, off the hour as a dashboard at now() asks`;
}

/** How many of the slowest statements of the refresh with rollups `--explain DIR` keeps plans of. */
const EXPLAINED = 5;

/**
 * `--explain DIR`: every statement of both refreshes with its time (overview-statements.sql), and
 * EXPLAIN (ANALYZE, BUFFERS) of the slowest statements of the refresh with rollups
 * (overview-slowest-N.txt), run once more after the timing.
 */
async function explainOverview(dir: string, q: Query, raw: string[], rolled: string[], done: Ran): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const listing = (side: string, statements: string[]) =>
    statements.map(
      (sql, i) =>
        `-- ${side} ${i + 1}/${statements.length}: ${done.get(sql)!.ms.toFixed(1)} ms${raw.includes(sql) && rolled.includes(sql) ? ' (the same SQL in both refreshes)' : ''}\n${sql};\n`
    );
  fs.writeFileSync(
    path.join(dir, 'overview-statements.sql'),
    [...listing('with rollups', rolled), ...listing('raw rows', raw)].join('\n')
  );
  const slowest = rolled
    .map((sql, i) => ({ sql, i, ms: done.get(sql)!.ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, EXPLAINED);
  for (const [rank, s] of slowest.entries()) {
    console.log(`     overview statement ${s.i + 1}/${rolled.length}: ${s.ms.toFixed(0)} ms (slowest ${rank + 1})`);
    const plan = await q(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`);
    fs.writeFileSync(
      path.join(dir, `overview-slowest-${rank + 1}.txt`),
      `-- statement ${s.i + 1}/${rolled.length} of the refresh with rollups, ${s.ms.toFixed(1)} ms when timed\n${s.sql};\n\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n`
    );
  }
}
