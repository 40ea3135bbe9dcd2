import type { DataFrame } from '@grafana/data';
import type { Kpi } from '../../core/catalog/model';
import { Figures, figuresOf } from '../KpiFigures/figures';

/** A point of a KPI's trend: epoch ms and the value (null: no data at that point). */
export interface TrendPoint {
  time: number;
  value: number | null;
  /** The target in force at that point, when the series carries it. */
  target: number | null;
}

/** One KPI's line on the scorecard: the catalog's definition, its figures now and its trend. */
export interface ScorecardRow {
  kpi: Kpi;
  figures: Figures;
  trend: TrendPoint[];
}

/** The KPI ids of the scorecard frame, in the frame's order (the data source sorts worst first). */
function scorecardIds(frames: DataFrame[]): string[] {
  const frame = frames.find((f) => f.fields.some((x) => x.name === 'id') && f.fields.some((x) => x.name === 'status'));
  return (frame?.fields.find((f) => f.name === 'id')?.values ?? []).map(String);
}

/** A trend frame's points (`time`, `value`, optional `target` fields). */
export function trendPoints(frame: DataFrame): TrendPoint[] {
  const field = (name: string) => frame.fields.find((f) => f.name === name)?.values;
  const times = field('time') ?? [];
  const values = field('value') ?? [];
  const targets = field('target');
  return times.map((t, i) => ({
    time: Number(t),
    value: typeof values[i] === 'number' ? values[i] : null,
    target: typeof targets?.[i] === 'number' ? targets[i] : null,
  }));
}

/** The trend frames of a response by KPI id (`meta.custom.kpi`, set by the data source). */
export function trendsByKpi(frames: DataFrame[]): Map<string, TrendPoint[]> {
  const out = new Map<string, TrendPoint[]>();
  for (const frame of frames) {
    const id = frame.meta?.custom?.kpi;
    if (typeof id === 'string' && frame.fields.some((f) => f.name === 'time')) {
      out.set(id, trendPoints(frame));
    }
  }
  return out;
}

/**
 * The scorecard's rows from the data source's frames: the scorecard frame's order (worst first),
 * each joined with its catalog definition and its trend frame. KPIs the catalog no longer has are
 * left out.
 */
export function scorecardRows(frames: DataFrame[], kpis: Kpi[]): ScorecardRow[] {
  const trends = trendsByKpi(frames);
  const rows: ScorecardRow[] = [];
  for (const id of scorecardIds(frames)) {
    const kpi = kpis.find((k) => k.id === id);
    const figures = figuresOf(frames, id);
    if (kpi && figures) {
      rows.push({ kpi, figures, trend: trends.get(id) ?? [] });
    }
  }
  return rows;
}
