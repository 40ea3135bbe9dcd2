import type { Catalog } from '../core/catalog/model';
import type { KpiEvaluation } from '../core/evaluation/evaluate';
import { groupByArea, staleSources } from './build';
import type { Report, ReportKpi } from './model';
import { snapshotPeriod } from './period';
import { STATUS_ORDER } from './statusOrder';

/** One KPI as a page shows it: its evaluation and the sparkline drawn next to it. */
export interface SnapshotLine {
  evaluation: KpiEvaluation;
  sparkline: Array<number | null>;
}

/**
 * A report of exactly what a page shows (the app's scorecard export): the KPIs it lists, at the
 * instant its figures are for, in the same model the scheduled reports use, so every format
 * renders it. No previous report, notes or objectives: the page has none of them.
 */
export function snapshotReport(catalog: Catalog, at: Date, lines: SnapshotLine[]): Report {
  const kpiLines: ReportKpi[] = lines.map(({ evaluation, sparkline }) => ({
    evaluation,
    sparkline,
    source: catalog.kpis.find((k) => k.id === evaluation.id)?.source ?? null,
    previousStatus: evaluation.status,
  }));
  return {
    catalogs: [
      {
        catalog: catalog.name,
        title: catalog.title ?? catalog.name,
        period: snapshotPeriod(at, catalog.timezone),
        at: at.toISOString(),
        counts: STATUS_ORDER.map((status) => ({
          status,
          count: lines.filter((l) => l.evaluation.status === status).length,
        })),
        areas: groupByArea(kpiLines),
        changes: [],
        staleSources: staleSources(kpiLines),
        notes: [],
        objectives: [],
      },
    ],
  };
}
