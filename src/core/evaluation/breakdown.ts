import { Catalog } from '../catalog/model';
import { wholeOperands } from '../compiler/breakdownDimensions';
import { BreakdownRequest, compileBreakdown } from '../compiler/breakdownQuery';
import { kpiById } from '../compiler/kpiSql';
import type { InForce } from '../rules/targets';
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
  /**
   * A formula's operands that lack the dimension, by id: their whole value is used on every row
   * (wholeOperands). Absent when every operand is broken down.
   */
  whole?: string[];
}

/** A breakdown whose rows carry the target and thresholds in force at the anchor, as the statement returns them. */
export interface JudgedBreakdown extends BreakdownResult {
  rows: Array<BreakdownRow & InForce>;
}

/** Evaluates a KPI per value of a declared dimension with one statement; rows with what is in force. */
export async function evaluateJudgedBreakdown(
  catalog: Catalog,
  request: BreakdownRequest,
  runner: SqlRunner
): Promise<JudgedBreakdown> {
  const rows = await runner.query(compileBreakdown(catalog, request));
  const whole = wholeOperands(catalog, kpiById(catalog, request.kpiId), request.by).map((k) => k.id);
  return {
    kpi: request.kpiId,
    by: request.by,
    ...(whole.length > 0 ? { whole } : {}),
    rows: rows.map((r) => ({
      key: r.key === null || r.key === undefined ? null : String(r.key),
      value: numberOrNull(r.value),
      target: numberOrNull(r.target),
      warning: numberOrNull(r.warning),
      critical: numberOrNull(r.critical),
    })),
  };
}

/** Evaluates a KPI per value of a declared dimension with one statement (`breakdown --json`). */
export async function evaluateBreakdown(
  catalog: Catalog,
  request: BreakdownRequest,
  runner: SqlRunner
): Promise<BreakdownResult> {
  const judged = await evaluateJudgedBreakdown(catalog, request, runner);
  return { ...judged, rows: judged.rows.map(({ key, value }) => ({ key, value })) };
}
