import { getBackendSrv } from '@grafana/runtime';
import type { Catalog } from '../../core/catalog/model';
import type { SqlRunner } from '../../core/evaluation/runner';
import { RollupRead, someMayReadRollup } from '../../core/rollup/mayRead';
import { rollupPlans, RollupPlan } from '../../core/rollup/plan';
import { rollupsOrNone } from '../../core/rollup/probe';
import { GrafanaSqlRunner } from '../../datasource/grafanaRunner';
import type { KpiSource } from './sources';

/**
 * A SqlRunner over the source's PostgreSQL data source through Grafana's `/api/ds/query`, as the
 * signed-in user: the pages evaluate with the core directly when they need figures no panel frame
 * carries (pace, volume, the schedule's thresholds per point) or a catalog not saved yet (the editor).
 */
export function sourceRunner(source: Pick<KpiSource, 'postgres' | 'name'>): SqlRunner {
  const postgres = source.postgres;
  if (!postgres) {
    const message = `no PostgreSQL data source is configured for ${source.name}`;
    return { query: () => Promise.reject(new Error(message)) };
  }
  return new GrafanaSqlRunner(getBackendSrv(), postgres);
}

/**
 * The rollups a page's evaluations read: asked for on every load (nothing kept, so a rollup built
 * or dropped since is seen), none when the source's settings turn rollups off or the probe fails.
 * `reads` is what the page evaluates: when none of it could read a rollup (core/rollup/mayRead.ts:
 * exact percentiles, distinct counts, manual KPIs, formulas of them…), nothing is asked and the
 * page's statements leave at once. Whether each rollup is fresh is decided inside the statements (docs/rollups.md).
 */
export function sourceRollups(
  source: Pick<KpiSource, 'rollups'>,
  catalog: Catalog,
  runner: SqlRunner,
  reads: RollupRead[]
): Promise<RollupPlan[]> {
  if (!source.rollups || !someMayReadRollup(catalog, rollupPlans(catalog), reads)) {
    return Promise.resolve([]);
  }
  return rollupsOrNone(catalog, runner);
}
