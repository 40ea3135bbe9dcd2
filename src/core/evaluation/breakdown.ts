import { Catalog } from '../catalog/model';
import { BreakdownRequest, compileBreakdown } from '../compiler/breakdownQuery';
import { numberOrNull, SqlRunner } from './runner';

export type { BreakdownRequest } from '../compiler/breakdownQuery';

export interface BreakdownRow {
  key: string | null;
  value: number | null;
}

/** `breakdown --json` (docs/cli.md). */
export interface BreakdownResult {
  kpi: string;
  by: string;
  rows: BreakdownRow[];
}

/** Evaluates a KPI per value of a declared dimension with one statement. */
export async function evaluateBreakdown(
  catalog: Catalog,
  request: BreakdownRequest,
  runner: SqlRunner
): Promise<BreakdownResult> {
  const rows = await runner.query(compileBreakdown(catalog, request));
  return {
    kpi: request.kpiId,
    by: request.by,
    rows: rows.map((r) => ({
      key: r.key === null || r.key === undefined ? null : String(r.key),
      value: numberOrNull(r.value),
    })),
  };
}
