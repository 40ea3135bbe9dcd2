/**
 * What one refresh of the generated overview dashboard asks of the database, as the data source
 * sends it (src/datasource/answerBatch.ts): the KPI and scorecard queries coalesced into one
 * evaluation, and one series statement per distinct trend (90 days, the panel interval of a
 * 90-point-wide panel: a 1-day step, end-aligned).
 */
import type { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { compileEval } from '../../src/core/compiler/evalQuery';
import { compileSeries } from '../../src/core/compiler/seriesQuery';
import type { RollupPlan } from '../../src/core/rollup/plan';
import { resolveStep } from '../../src/datasource/step';
import { catalogDashboards } from '../../src/generators/dashboards';
import type { KpiQuery } from '../../src/query/model';
import type { Case } from '../support/measure';
import { figures, Query } from '../support/query';
import { TARGETS, seq } from './evaluation';
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
      };
      trends.add(compileSeries(catalog, request));
    }
  }
  return [compileEval(catalog, { kpiIds: evaluated, at: instant(at), rollups }), ...trends];
}

/**
 * One refresh with rollups against the same refresh on raw rows. At 10 M rows a raw refresh
 * takes minutes (card trends go point by point): one timed run each, the check run itself.
 */
export function overviewCase(catalog: Catalog, q: Query, rollups: RollupPlan[]): Case {
  const refresh = (read?: RollupPlan[]) => {
    const statements = overviewStatements(catalog, new Date(AT), read);
    return {
      count: statements.length,
      run: async () => (await seq(statements.map((s) => async () => figures(await q(s))))).flat(),
    };
  };
  const [raw, rolled] = [refresh(), refresh(rollups)];
  return {
    name: `overview dashboard DB time, with rollups (${rolled.count} statements)`,
    compiled: rolled.run,
    baseline: { name: `the same refresh on raw rows (${raw.count} statements)`, run: raw.run },
    targetMs: TARGETS.overviewRollupMs,
    runs: 1,
  };
}
