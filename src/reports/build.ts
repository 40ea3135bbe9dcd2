import type { Catalog, Kpi } from '../core/catalog/model';
import { parseWindow } from '../core/catalog/duration';
import { instant } from '../core/compiler/anchor';
import { compileMeasurementNotes } from '../core/compiler/notesQuery';
import { evaluateKpis, KpiEvaluation } from '../core/evaluation/evaluate';
import { isoOrNull, numberOrNull, SqlRunner } from '../core/evaluation/runner';
import { evaluateSeries } from '../core/evaluation/series';
import { evaluateObjectives } from '../core/objectives/evaluate';
import type { RollupPlan } from '../core/rollup/plan';
import { rollupsOrNone } from '../core/rollup/probe';
import type { CatalogReport, MeasurementNote, ReportArea, ReportKpi, StaleSource, StatusChange } from './model';
import { completePeriod, ReportPeriod, ReportPeriodKind } from './period';
import { STATUS_ORDER, statusRank } from './statusOrder';

export interface ReportRequest {
  period: ReportPeriodKind;
  /** The report covers the complete period that ends at or before this instant. */
  at: Date;
}

/** KPIs without an area are grouped under this heading. */
export const NO_AREA = 'Other';

/**
 * Evaluates one catalog for the complete period before `request.at`: every KPI at the period's end,
 * its status at the period's start (the previous report), its trend across the period, the
 * sources that were stale and the notes recorded with manual measurements.
 */
export async function buildCatalogReport(
  catalog: Catalog,
  request: ReportRequest,
  runner: SqlRunner
): Promise<CatalogReport> {
  const period = completePeriod(request.period, request.at, catalog.timezone);
  // The rollups the database has are read for closed hours, as eval does (docs/rollups.md).
  const rollups = await rollupsOrNone(catalog, runner);
  const now = await evaluateKpis(catalog, { at: instant(period.end), rollups }, runner);
  const before = await evaluateKpis(catalog, { at: instant(period.start), rollups }, runner);
  const previousStatus = new Map(before.kpis.map((k) => [k.id, k.status]));
  const lines: ReportKpi[] = [];
  for (const evaluation of now.kpis) {
    const kpi = catalog.kpis.find((k) => k.id === evaluation.id) as Kpi;
    lines.push({
      evaluation,
      source: kpi.source ?? null,
      previousStatus: previousStatus.get(kpi.id) ?? 'no_data',
      sparkline: evaluation.error === undefined ? await sparklineOf(catalog, kpi, period, rollups, runner) : [],
    });
  }
  return {
    catalog: catalog.name,
    title: catalog.title ?? catalog.name,
    period,
    at: now.at,
    counts: STATUS_ORDER.map((status) => ({ status, count: now.kpis.filter((k) => k.status === status).length })),
    areas: groupByArea(lines),
    changes: statusChanges(lines),
    staleSources: staleSources(lines),
    notes: await notesOf(catalog, period, runner),
    objectives:
      (catalog.objectives ?? []).length > 0
        ? (await evaluateObjectives(catalog, instant(period.end), runner, rollups)).objectives
        : [],
  };
}

/** Areas ordered by their worst KPI, KPIs worst first; ties keep the catalog's order. */
export function groupByArea(lines: ReportKpi[]): ReportArea[] {
  const areas = new Map<string, ReportKpi[]>();
  for (const line of lines) {
    const area = line.evaluation.area ?? NO_AREA;
    areas.set(area, [...(areas.get(area) ?? []), line]);
  }
  const rank = (l: ReportKpi) => statusRank(l.evaluation.status);
  const grouped = [...areas.entries()].map(([area, kpis]) => ({
    area,
    kpis: [...kpis].sort((a, b) => rank(a) - rank(b)),
  }));
  return grouped.sort((a, b) => rank(a.kpis[0]) - rank(b.kpis[0]));
}

function statusChanges(lines: ReportKpi[]): StatusChange[] {
  return lines
    .filter((l) => l.previousStatus !== l.evaluation.status)
    .map((l) => ({
      id: l.evaluation.id,
      name: l.evaluation.name,
      area: l.evaluation.area ?? NO_AREA,
      from: l.previousStatus,
      to: l.evaluation.status,
    }))
    .sort((a, b) => statusRank(a.to) - statusRank(b.to));
}

export function staleSources(lines: ReportKpi[]): StaleSource[] {
  const bySource = new Map<string, StaleSource>();
  for (const { evaluation, source } of lines) {
    if (!evaluation.stale || source === null) {
      continue;
    }
    const entry = bySource.get(source) ?? { source, lastDataAt: evaluation.lastDataAt, kpis: [] };
    entry.kpis.push(evaluation.id);
    bySource.set(source, entry);
  }
  return [...bySource.values()];
}

async function sparklineOf(
  catalog: Catalog,
  kpi: Kpi,
  period: ReportPeriod,
  rollups: RollupPlan[],
  runner: SqlRunner
): Promise<Array<number | null>> {
  const step = parseWindow(period.sparklineStep);
  if (!step) {
    return [];
  }
  const series = await evaluateSeries(
    catalog,
    { kpiId: kpi.id, from: period.start, to: period.end, step, mode: 'trend', rollups },
    runner
  );
  return series.points.map((p) => p.value);
}

async function notesOf(catalog: Catalog, period: ReportPeriod, runner: SqlRunner): Promise<MeasurementNote[]> {
  const manual = catalog.kpis.filter((k) => k.source === 'manual');
  if (manual.length === 0) {
    return [];
  }
  const rows = await runner.query(
    compileMeasurementNotes(
      manual.map((k) => k.id),
      period.start,
      period.end
    )
  );
  return rows.map((r) => ({
    kpi: String(r.kpi),
    name: manual.find((k) => k.id === r.kpi)?.name ?? String(r.kpi),
    time: isoOrNull(r.time_ms) ?? '',
    value: numberOrNull(r.value),
    note: String(r.note),
    recordedBy: r.recorded_by === null || r.recorded_by === undefined ? null : String(r.recorded_by),
  }));
}

/** The KPI figures a report shows for one line (shared by every format). */
export type ReportFigures = Pick<
  KpiEvaluation,
  'value' | 'target' | 'attainment' | 'change' | 'changePercent' | 'unit' | 'decimals' | 'direction'
>;
