import { Direction } from '../catalog/model';

/**
 * Key-result and objective figures (docs/objectives.md), as pure functions of numbers and instants so the
 * CLI, the data source and the generated dashboards all judge a key result the same way.
 */

/** A key result's verdict; `achieved` and `missed` are final once the due date has passed. */
export type KeyResultStatus = 'achieved' | 'on_track' | 'at_risk' | 'missed' | 'no_data';

/** Display name and Grafana colour of each key-result status, best first (one palette for tables, badges and the CLI). */
export const KEY_RESULT_STATUSES: ReadonlyArray<{ status: KeyResultStatus; name: string; color: string }> = [
  { status: 'achieved', name: 'Achieved', color: 'green' },
  { status: 'on_track', name: 'On track', color: 'green' },
  { status: 'at_risk', name: 'At risk', color: 'orange' },
  { status: 'missed', name: 'Missed', color: 'red' },
  { status: 'no_data', name: 'No data', color: '#8e8e8e' },
];

/** An objective's roll-up takes the first of these that any key result has (achieved only when all are). */
export const ROLLUP_ORDER: readonly KeyResultStatus[] = ['missed', 'at_risk', 'no_data', 'on_track'];

export interface KeyResultInputs {
  /** The KPI's value at min(at, by). */
  value: number | null;
  baseline: number | null;
  target: number | null;
  direction: Direction;
  atMs: number;
  fromMs: number;
  byMs: number;
}

export interface KeyResultFigures {
  progress: number | null;
  expectedProgress: number;
  status: KeyResultStatus;
}

function clip(x: number): number {
  return Math.min(100, Math.max(0, x));
}

/** 100 × (value − baseline) / (target − baseline), clipped to [0, 100]; one formula for both directions. */
export function progressOf(value: number | null, baseline: number | null, target: number | null): number | null {
  if (value === null || baseline === null || target === null || target === baseline) {
    return null;
  }
  return clip((100 * (value - baseline)) / (target - baseline));
}

/** 100 × (min(at, by) − from) / (by − from), clipped to [0, 100]: where a straight line from start to due would be. */
export function expectedProgressOf(atMs: number, fromMs: number, byMs: number): number {
  return clip((100 * (Math.min(atMs, byMs) - fromMs)) / (byMs - fromMs));
}

/**
 * A key result has started once its objective's `from` has passed. Before that, progress and
 * expected progress are formulas over a future baseline and a clipped 0 %: shown as "starts …",
 * never as figures of work done.
 */
export function hasStarted(atMs: number, fromMs: number): boolean {
  return atMs >= fromMs;
}

/** Whether the value meets the target: higher ≥, lower ≤. */
export function meetsTarget(value: number, target: number | null, direction: Direction): boolean {
  if (target === null) {
    return false;
  }
  return direction === 'higher' ? value >= target : value <= target;
}

/**
 * no_data (no value), achieved (meets the target), missed (due and not met), on_track
 * (progress at least the expected progress), else at_risk — also when progress is unknown
 * (no baseline, or target = baseline): a key result nobody can show to be on track is at risk.
 */
export function keyResultFigures(i: KeyResultInputs): KeyResultFigures {
  const progress = progressOf(i.value, i.baseline, i.target);
  const expectedProgress = expectedProgressOf(i.atMs, i.fromMs, i.byMs);
  let status: KeyResultStatus;
  if (i.value === null) {
    status = 'no_data';
  } else if (meetsTarget(i.value, i.target, i.direction)) {
    status = 'achieved';
  } else if (i.atMs >= i.byMs) {
    status = 'missed';
  } else if (progress !== null && progress >= expectedProgress) {
    status = 'on_track';
  } else {
    status = 'at_risk';
  }
  return { progress, expectedProgress, status };
}

/** The mean of the non-null progresses; null when there is none. */
export function objectiveProgress(progresses: Array<number | null>): number | null {
  const known = progresses.filter((p): p is number => p !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}

/** The first of missed, at_risk, no_data, on_track that any key result has; achieved only when all are. */
export function objectiveStatus(statuses: KeyResultStatus[]): KeyResultStatus {
  return ROLLUP_ORDER.find((s) => statuses.includes(s)) ?? 'achieved';
}

/** SQL (double precision) inputs of a key result's figures, for the key-result alert statement. */
export interface KeyResultSqlInputs {
  value: string;
  baseline: string;
  target: string;
  atMs: string;
  fromMs: string;
  byMs: string;
}

const clipSql = (x: string) => `LEAST(100::double precision, GREATEST(0::double precision, ${x}))`;

/** progressOf as SQL: the same arithmetic in the same order, NULL where progressOf is null. */
export function progressSql(value: string, baseline: string, target: string): string {
  return `(CASE WHEN ${value} IS NULL OR ${baseline} IS NULL OR ${target} IS NULL OR ${target} = ${baseline} THEN NULL ELSE ${clipSql(`(100 * (${value} - ${baseline})) / (${target} - ${baseline})`)} END)`;
}

/** expectedProgressOf as SQL. */
export function expectedProgressSql(atMs: string, fromMs: string, byMs: string): string {
  return clipSql(`(100 * (LEAST(${atMs}, ${byMs}) - ${fromMs})) / (${byMs} - ${fromMs})`);
}

/** keyResultFigures' status as SQL text: the same branches in the same order. */
export function keyResultStatusSql(i: KeyResultSqlInputs, direction: Direction): string {
  const meets = `${i.value} ${direction === 'higher' ? '>=' : '<='} ${i.target}`;
  const progress = progressSql(i.value, i.baseline, i.target);
  const expected = expectedProgressSql(i.atMs, i.fromMs, i.byMs);
  return [
    `(CASE WHEN ${i.value} IS NULL THEN 'no_data'`,
    `WHEN ${i.target} IS NOT NULL AND ${meets} THEN 'achieved'`,
    `WHEN ${i.atMs} >= ${i.byMs} THEN 'missed'`,
    `WHEN ${progress} IS NOT NULL AND ${progress} >= ${expected} THEN 'on_track'`,
    `ELSE 'at_risk' END)`,
  ].join(' ');
}
