import { wholeNote } from '../../core/compiler/breakdownDimensions';
import type { BreakdownResult } from '../../core/evaluation/breakdown';
import type { EvalResult, KpiEvaluation } from '../../core/evaluation/evaluate';
import type { SeriesResult } from '../../core/evaluation/series';

/**
 * The `--json` documents of docs/cli.md, built key by key so their shape and key order do not
 * follow whatever else the core adds to its results. Figures are passed through at full precision.
 */

/** One KPI of `eval --json`; `error` only on a KPI whose query failed. */
export function kpiJson(k: KpiEvaluation): Record<string, unknown> {
  return {
    id: k.id,
    name: k.name,
    unit: k.unit ?? null,
    value: k.value,
    target: k.target,
    status: k.status,
    attainment: k.attainment,
    previous: k.previous,
    change: k.change,
    changePercent: k.changePercent,
    // A failed KPI has no window; the core leaves empty strings, which are not instants.
    window: { from: k.window.from || null, to: k.window.to || null },
    lastDataAt: k.lastDataAt,
    stale: k.stale,
    // Only on KPIs with pace (docs/catalog.md: Pace) or a minimum volume (Minimum volume).
    ...(k.elapsedShare !== undefined
      ? { elapsedShare: k.elapsedShare, projected: k.projected ?? null, expectedToDate: k.expectedToDate ?? null }
      : {}),
    ...(k.volume !== undefined ? { volume: k.volume } : {}),
    ...(k.error !== undefined ? { error: k.error } : {}),
    ...(k.approximate ? { approximate: true } : {}),
  };
}

/** `{"catalog","at","kpis":[…]}` */
export function evalJson(result: EvalResult): Record<string, unknown> {
  return { catalog: result.catalog, at: result.at, kpis: result.kpis.map(kpiJson) };
}

/** `{"kpi","mode","points":[{"time","value"}]}` */
export function seriesJson(result: SeriesResult): Record<string, unknown> {
  return { kpi: result.kpi, mode: result.mode, points: result.points.map((p) => ({ time: p.time, value: p.value })) };
}

/**
 * `{"kpi","by","rows":[{"key","value"}]}`, and for a formula with operands taken whole
 * `"whole":[{"kpi","note"}]` (docs/cli.md).
 */
export function breakdownJson(result: BreakdownResult): Record<string, unknown> {
  const rows = result.rows.map((r) => ({ key: r.key, value: r.value }));
  const whole = result.whole?.map((kpi) => ({ kpi, note: wholeNote(kpi, result.by) }));
  return { kpi: result.kpi, by: result.by, rows, ...(whole ? { whole } : {}) };
}

/** One JSON document, indented for people; `jq` reads it just the same. */
export function stringify(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
