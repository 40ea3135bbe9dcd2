import type { KpiEvaluation } from '../core/evaluation/evaluate';
import type { ObjectiveEvaluation } from '../core/objectives/evaluate';
import type { Status } from '../core/rules/status';
import type { ReportPeriod } from './period';

/** One KPI line of a report: its figures at the period's end and how it got there. */
export interface ReportKpi {
  evaluation: KpiEvaluation;
  /** The catalog source the KPI reads (`manual` for recorded measurements, null for formulas). */
  source: string | null;
  /** Its status at the previous report's instant (the period's start). */
  previousStatus: Status;
  /** The KPI's trend across the period (trend mode, one point per sparkline step). */
  sparkline: Array<number | null>;
}

export interface ReportArea {
  /** The KPI's area, or "Other" for KPIs without one. */
  area: string;
  kpis: ReportKpi[];
}

export interface StatusChange {
  id: string;
  name: string;
  area: string;
  from: Status;
  to: Status;
}

export interface StaleSource {
  source: string;
  /** Latest data before the period's end, or null when there is none. */
  lastDataAt: string | null;
  /** The KPIs that read it. */
  kpis: string[];
}

/** A manual measurement recorded during the period with a note ("Q3 survey"). */
export interface MeasurementNote {
  kpi: string;
  name: string;
  time: string;
  value: number | null;
  note: string;
  recordedBy: string | null;
}

/** The report of one catalog for one period. */
export interface CatalogReport {
  catalog: string;
  title: string;
  period: ReportPeriod;
  /** The evaluation instant: the period's end. */
  at: string;
  counts: Array<{ status: Status; count: number }>;
  areas: ReportArea[];
  changes: StatusChange[];
  staleSources: StaleSource[];
  notes: MeasurementNote[];
  /** The catalog's objectives and key results at the period's end (empty when it has none). */
  objectives: ObjectiveEvaluation[];
}

export interface Report {
  catalogs: CatalogReport[];
}
