import { formulaRefs } from '../catalog/formula';
import type { Catalog, Kpi } from '../catalog/model';
import { canBreakDown } from '../compiler/breakdownDimensions';
import type { DimensionFilter } from '../compiler/filters';
import { baseKpis, kpiById } from '../compiler/kpiSql';
import { sourceOf } from '../compiler/sources';
import { isSketch, measurePlan } from './partials';
import { planOf, RollupPlan } from './plan';

/** How a statement reads a KPI, as far as rollups go (the compiler's rules, read.ts and breakdownRollup.ts). */
export type RollupUse =
  /**
   * Its value at an instant (eval, scorecards) or at each point of a series (trends, backtests):
   * its own rows, a growth KPI's named KPI's or a formula's operands' (evalQuery.ts, trendOnePass.ts).
   */
  | { kind: 'value' }
  /** A key result's value (objectives): a row KPI only, and only where the rollup answers exactly (valuesAtQuery.ts). */
  | { kind: 'exact' }
  /** Per value of the dimension `by` (breakdownQuery.ts). */
  | { kind: 'breakdown'; by: string };

/** A KPI whose own rows a rollup answers (not a formula, nor a growth KPI): its plan's measure. */
function rolledMeasure(catalog: Catalog, plans: RollupPlan[], kpi: Kpi) {
  if (kpi.measure.kind === 'formula' || kpi.measure.kind === 'growth' || !planOf(plans, kpi)) {
    return undefined;
  }
  return measurePlan(catalog, kpi, sourceOf(catalog, kpi));
}

/** The number of dimensions the filters (and a breakdown's `by`) name: a rollup keeps single-dimension sets only. */
function dimensionCount(filters: DimensionFilter[], by?: string): number {
  return new Set([...filters.map((f) => f.dimension), ...(by === undefined ? [] : [by])]).size;
}

/**
 * Whether a statement reading `kpi` as `use` with the viewer's `filters` could read one of the
 * catalog's rollups `plans` (rollupPlans): were every rollup present and fresh, would the compiler
 * read one. False means the statement is the raw-row one whatever the database has, so asking which
 * rollups exist (probe.ts) is a round trip for nothing: formula and growth KPIs of KPIs no rollup
 * answers, manual KPIs, exact percentiles and distinct counts, sources without a rollup plan,
 * filters on two dimensions, breakdowns filtered by another dimension. True may still read raw rows
 * (a trend whose slices are shorter than an hour, a formula's point-by-point series).
 */
export function mayReadRollup(
  catalog: Catalog,
  plans: RollupPlan[],
  kpi: Kpi,
  filters: DimensionFilter[],
  use: RollupUse
): boolean {
  if (plans.length === 0) {
    return false;
  }
  switch (use.kind) {
    case 'value':
      return dimensionCount(filters) <= 1 && baseKpis(catalog, kpi).some((k) => planOf(plans, k) !== undefined);
    case 'exact': {
      const measure = rolledMeasure(catalog, plans, kpi);
      return dimensionCount(filters) <= 1 && measure !== undefined && !measure.approximate;
    }
    case 'breakdown':
      return canBreakDown(catalog, kpi, use.by) && breakdownMayRead(catalog, plans, kpi, filters, use.by);
  }
}

/**
 * A breakdown by `by` (of a KPI that can be broken down by it): a row KPI reads its rollup's set of
 * `by` (no sketch, no filter on another dimension); a growth KPI reads raw rows; a formula, its
 * operands: each broken down as this, or taken whole (its value over its window, filters on `by` dropped).
 */
function breakdownMayRead(
  catalog: Catalog,
  plans: RollupPlan[],
  kpi: Kpi,
  filters: DimensionFilter[],
  by: string
): boolean {
  const m = kpi.measure;
  if (m.kind === 'growth') {
    return false;
  }
  if (m.kind === 'formula') {
    return formulaRefs(m.ast).some((id) => {
      const operand = kpiById(catalog, id);
      if (canBreakDown(catalog, operand, by)) {
        return breakdownMayRead(catalog, plans, operand, filters, by);
      }
      const whole = filters.filter((f) => f.dimension !== by);
      return dimensionCount(whole) <= 1 && rolledMeasure(catalog, plans, operand) !== undefined;
    });
  }
  const measure = rolledMeasure(catalog, plans, kpi);
  return dimensionCount(filters, by) <= 1 && measure !== undefined && !measure.partials.some(isSketch);
}

/** One evaluation a page or a refresh runs: `kpi` read as `use`, with the viewer's `filters` (none when absent). */
export interface RollupRead {
  kpi: Kpi;
  filters?: DimensionFilter[];
  use: RollupUse;
}

/**
 * Whether some of `reads` could read one of the catalog's rollups `plans` (mayReadRollup): when
 * none could, the statements are the raw-row ones and asking which rollups exist is skipped.
 */
export function someMayReadRollup(catalog: Catalog, plans: RollupPlan[], reads: RollupRead[]): boolean {
  return reads.some((r) => mayReadRollup(catalog, plans, r.kpi, r.filters ?? [], r.use));
}
