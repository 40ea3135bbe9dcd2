import { parseWindow } from '../catalog/duration';
import type { WindowSpec } from '../catalog/model';
import { parseCatalog } from '../catalog/parse';
import { rollupPlans } from '../rollup/plan';
import { compileSeriesPlan } from './seriesQuery';

/**
 * Which form a 90-point trend of an approximate KPI takes when its source has a rollup: a
 * distinct count over the plain-SQL HyperLogLog registers would merge every hour of every point's
 * window, so it takes the exact one statement over the rows instead; with the `hll` extension's
 * table, and for a percentile's histograms, each point reads the rollup.
 */
const { catalog } = parseCatalog(
  `apiVersion: openkpi/v1
name: paths
approximate: true
sources:
  events: { table: events, time: t, dimensions: [team] }
kpis:
  - { id: users, name: Users, source: events, window: 30d, measure: { aggregate: count_distinct, expression: user_id } }
  - { id: latency, name: Latency, source: events, window: 30d, measure: { aggregate: p95, expression: ms } }
`,
  'paths.yaml'
);

const to = new Date('2026-06-01T00:00:00Z');
const trend = (kpiId: string, rollups: ReturnType<typeof rollupPlans>) =>
  compileSeriesPlan(catalog!, {
    kpiId,
    from: new Date(to.getTime() - 90 * 86_400_000),
    to,
    step: parseWindow('1d') as WindowSpec,
    mode: 'trend',
    endAligned: true,
    rollups,
  });

describe('trend forms of approximate KPIs with a rollup', () => {
  const plans = rollupPlans(catalog!);
  const withHll = plans.map((p) => ({
    ...p,
    hll: { table: ['openkpi', `${p.table[1]}_hll`], days: ['openkpi', `${p.table[1]}_hll_days`], schema: 'public' },
  }));

  it('a distinct count without the hll extension: the exact one statement, not the registers point by point', () => {
    const plan = trend('users', plans);
    expect(plan.sql).toContain('distinct_pairs');
    // Point by point only if the windows' bounds ever decrease (never for a rolling window).
    expect(plan.sql).toContain('WHERE NOT (SELECT monotone FROM distinct_gate)');
    expect(plan.paths.join(' ')).toContain('one statement');
  });

  it('a distinct count with the hll extension: each point unions the rollup’s hll sketches', () => {
    const plan = trend('users', withHll);
    expect(plan.sql).toContain('hll_union_agg');
    expect(plan.sql).not.toContain('distinct_pairs');
  });

  it('a percentile: each point merges the rollup’s histograms', () => {
    const plan = trend('latency', plans);
    expect(plan.sql).toContain('_sketches');
    expect(plan.sql).not.toContain('pct_candidates');
  });

  it('without a rollup both take their one statement', () => {
    expect(trend('users', []).sql).toContain('distinct_pairs');
    expect(trend('latency', []).sql).toContain('pct_candidates');
  });
});
