/**
 * The check of a scorecard that reads rollup sketches (`approximate: true`) against the exact one
 * on raw rows: each figure within the error its measure states (docs/rollups.md, Exact and
 * approximate measures), every other figure equal.
 */
import type { Catalog, Kpi } from '../../src/core/catalog/model';
import { aggregateRule } from '../../src/core/rules/aggregates';
import { sameNumbers } from '../support/measure';
import { figures } from '../support/query';

/** The stated relative error of each sketch (docs/rollups.md): percentiles 1 %, distinct counts 2 %. */
const STATED_ERROR: Record<string, { what: string; bound: number }> = {
  quantile_sketch: { what: 'percentiles', bound: 0.01 },
  distinct_sketch: { what: 'distinct counts', bound: 0.02 },
};

/** The relative error a KPI's figures may have when read from a sketch; undefined: exact. */
export function statedError(kpi: Kpi): { what: string; bound: number } | undefined {
  return kpi.measure.kind === 'aggregate' ? STATED_ERROR[aggregateRule(kpi.measure.aggregate).merge] : undefined;
}

/** An evaluation's figures (value, previous) in the order of `ids`, whatever order the rows come in. */
export function figuresInOrder(rows: Array<Record<string, unknown>>, ids: string[]): number[] {
  const byKpi = new Map(rows.map((r) => [String(r.kpi), r]));
  return ids.flatMap((id) => figures([byKpi.get(id) ?? {}]));
}

const percent = (x: number) => `${(100 * x).toFixed(2)} %`;

/**
 * Compares figures of `catalog`'s KPIs in catalog order: sketch-read ones within their stated
 * error, the rest equal. The note says the largest error seen per bound.
 */
export function approximateCheck(catalog: Catalog) {
  const bounds = catalog.kpis.flatMap((k) => [statedError(k), statedError(k)]);
  return (compiled: number[], exact: number[]): { problem?: string; note: string } => {
    const worst = new Map<string, { bound: number; error: number }>();
    const problems = compiled.length === exact.length ? [] : [`${compiled.length} figures against ${exact.length}`];
    compiled.forEach((v, i) => {
      const kpi = catalog.kpis[Math.floor(i / 2)].id;
      const stated = bounds[i];
      if (stated === undefined) {
        if (!sameNumbers([v], [exact[i]])) {
          problems.push(`${kpi}: ${v} ≠ ${exact[i]} (exact from a rollup)`);
        }
        return;
      }
      const { what, bound } = stated;
      const error = v === exact[i] ? 0 : Math.abs(v - exact[i]) / Math.abs(exact[i]);
      worst.set(what, { bound, error: Math.max(worst.get(what)?.error ?? 0, error) });
      if (!(error <= bound)) {
        problems.push(`${kpi}: ${v} against exact ${exact[i]}, ${percent(error)} off (stated ≤ ${percent(bound)})`);
      }
    });
    const seen = [...worst.entries()].map(([what, w]) => `${what} ${percent(w.error)} (≤ ${percent(w.bound)})`);
    return {
      problem: problems.length === 0 ? undefined : problems.join('; '),
      note: `largest error: ${seen.join(', ')}`,
    };
  };
}
