import { Direction } from '../catalog/model';
import { Status, STATUSES, statusInfo } from '../rules/status';
import { statusOf, Thresholds } from '../rules/statusRule';
import { judgedStatus, Judgement } from '../evaluation/status';

export { thresholdsOrdered } from '../rules/statusRule';

/**
 * Backtest (docs/cli.md, `openkpi backtest`): "how often would this KPI have alerted?" — the status at every point of a
 * trend series, with the thresholds replaced where the user gives new ones, counted per status
 * and per entry into an alerting state. Pure: the series comes from the compiler's trend.
 */

/** One trend point with the thresholds in force at it (schedules change them). */
export interface ThresholdPoint extends Thresholds {
  time: string;
  value: number | null;
  /**
   * How eval judges the point beyond its value (docs/catalog.md: Pace, Minimum volume): the
   * figure judged (a paced KPI's projection) and the gates' inputs. Absent: the value, no gates.
   */
  judgement?: Omit<Judgement, 'value'>;
}

/** Thresholds to try instead of the catalog's; an absent one keeps the catalog's in force. */
export interface ThresholdOverrides {
  warning?: number;
  critical?: number;
}

export interface BacktestPoint {
  time: string;
  value: number | null;
  status: Status;
  warning: number | null;
  critical: number | null;
  /** Whether an alert would have fired here: entering critical, or entering warning-or-critical. */
  fires: { warning: boolean; critical: boolean };
}

export interface BacktestCounts {
  /** Points per status (the four base statuses always, others when they occur). */
  counts: Partial<Record<Status, number>>;
  /** Entries into critical, and into warning-or-critical, from any other status. */
  fired: { warning: number; critical: number };
}

export interface Backtest extends BacktestCounts {
  points: BacktestPoint[];
}

/** The thresholds of one point with the overrides applied. */
export function replaced(t: Thresholds, overrides: ThresholdOverrides): Thresholds {
  return { warning: overrides.warning ?? t.warning, critical: overrides.critical ?? t.critical };
}

const ALERTING: ReadonlySet<Status> = new Set(STATUSES.filter((s) => statusInfo(s).pages));

/**
 * Which alerts a point fires given the previous point's status (none before the first point):
 * critical when it is critical and the previous is not; warning when it is in warning-or-critical
 * and the previous is in neither — so warning → critical fires critical only, ok → critical both.
 */
export function firesAt(status: Status, before: Status | undefined): { warning: boolean; critical: boolean } {
  return {
    critical: status === 'critical' && before !== 'critical',
    warning: ALERTING.has(status) && (before === undefined || !ALERTING.has(before)),
  };
}

/** Points per status and alert entries (docs/cli.md, `openkpi backtest`: counts and fired). */
export function countStatuses(statuses: Status[]): BacktestCounts {
  const counts: Partial<Record<Status, number>> = { ok: 0, warning: 0, critical: 0, no_data: 0 };
  const fired = { warning: 0, critical: 0 };
  statuses.forEach((s, i) => {
    counts[s] = (counts[s] ?? 0) + 1;
    const fires = firesAt(s, i === 0 ? undefined : statuses[i - 1]);
    fired.warning += fires.warning ? 1 : 0;
    fired.critical += fires.critical ? 1 : 0;
  });
  return { counts, fired };
}

/** The status of every point under the (replaced) thresholds, and the counts. */
export function backtest(points: ThresholdPoint[], direction: Direction, overrides: ThresholdOverrides = {}): Backtest {
  // Eval's rule at each point: pending and low_volume gates first, then the (replaced) thresholds on the judged figure.
  const statuses = points.map((p) =>
    p.judgement
      ? judgedStatus({ value: p.value, ...p.judgement }, replaced(p, overrides), direction)
      : statusOf(p.value, replaced(p, overrides), direction)
  );
  const judged = points.map((p, i): BacktestPoint => ({
    time: p.time,
    value: p.value,
    status: statuses[i],
    ...replaced(p, overrides),
    fires: firesAt(statuses[i], i === 0 ? undefined : statuses[i - 1]),
  }));
  return { points: judged, ...countStatuses(statuses) };
}
