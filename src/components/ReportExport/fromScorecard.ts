import type { SnapshotLine } from '../../reports/snapshot';
import type { ScorecardRow } from '../Scorecard/rows';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A scorecard row as the report model's line: the figures the page shows and its sparkline. */
export function snapshotLineOf({ kpi, figures: f, trend }: ScorecardRow): SnapshotLine {
  return {
    evaluation: {
      id: kpi.id,
      name: kpi.name,
      unit: kpi.unit,
      decimals: kpi.decimals,
      area: kpi.area,
      owner: kpi.owner,
      direction: kpi.direction,
      value: f.value,
      target: f.target,
      warning: f.warning,
      critical: f.critical,
      status: f.status,
      attainment: f.attainment,
      previous: f.previous,
      change: f.change,
      changePercent: f.changePercent,
      window: { from: iso(f.windowFrom) ?? '', to: iso(f.windowTo) ?? '' },
      previousWindow: { from: '', to: '' },
      lastDataAt: iso(f.lastDataAt),
      stale: f.stale,
      error: f.error ?? undefined,
      // Pace and volume only for the KPIs that have them, as the core's evaluation does.
      ...(kpi.pace ? { elapsedShare: f.elapsedShare, projected: f.projected, expectedToDate: f.expectedToDate } : {}),
      ...(kpi.minVolume !== undefined ? { volume: f.volume } : {}),
    },
    sparkline: trend.map((p) => p.value),
  };
}

/** The instant the scorecard's figures are for: its windows' end (they share one), else now. */
export function snapshotInstant(rows: ScorecardRow[]): Date {
  const ends = rows.map((r) => r.figures.windowTo).filter((t): t is number => t !== null);
  return ends.length > 0 ? new Date(Math.max(...ends)) : new Date();
}
