import type { Direction } from '../catalog/model';
import type { Status } from './status';

/** The thresholds in force: absent ones are null and never trigger. */
export interface Thresholds {
  warning: number | null;
  critical: number | null;
}

/** Conditions that decide a status before the thresholds (pace and minimum volume). */
export interface StatusGates {
  /** Fewer events than the KPI's minimum volume. */
  lowVolume?: boolean;
  /** Too early in the period for a verdict. */
  pending?: boolean;
}

type Condition =
  | { kind: 'no_value' }
  | { kind: 'gate'; gate: keyof StatusGates }
  | { kind: 'breach'; threshold: keyof Thresholds }
  | { kind: 'always' };

/**
 * THE status rule (docs/catalog.md, Thresholds and status): the first row that holds gives the
 * status. Both the TypeScript (`statusOf`) and the SQL (`statusSql`) are read off this table.
 */
export const STATUS_RULE: ReadonlyArray<{ status: Status; when: Condition }> = [
  { status: 'no_data', when: { kind: 'no_value' } },
  { status: 'low_volume', when: { kind: 'gate', gate: 'lowVolume' } },
  { status: 'pending', when: { kind: 'gate', gate: 'pending' } },
  { status: 'critical', when: { kind: 'breach', threshold: 'critical' } },
  { status: 'warning', when: { kind: 'breach', threshold: 'warning' } },
  { status: 'ok', when: { kind: 'always' } },
];

/** "Worse than" per direction. Strict: a value exactly on a threshold does not breach it. */
export const BREACH_OPERATOR: Readonly<Record<Direction, '<' | '>'>> = { higher: '<', lower: '>' };

/** The breach comparison in words, for descriptions ("warning below 95"). */
export const BREACH_WORD: Readonly<Record<Direction, 'below' | 'above'>> = { higher: 'below', lower: 'above' };

/** "Meets the target": not worse than it, the complement of the breach comparison. */
const MEETS_OPERATOR: Readonly<Record<Direction, '>=' | '<='>> = { higher: '>=', lower: '<=' };

/** True when `value` is worse than `threshold` for the direction; an absent threshold never breaches. */
export function breaches(value: number, threshold: number | null, direction: Direction): boolean {
  if (threshold === null) {
    return false;
  }
  return BREACH_OPERATOR[direction] === '<' ? value < threshold : value > threshold;
}

/** Critical is on the worse side of warning (or equal), or one of them is absent. */
export function thresholdsOrdered(t: Thresholds, direction: Direction): boolean {
  return t.warning === null || t.critical === null || !breaches(t.warning, t.critical, direction);
}

/** The KPI's status from its value and the thresholds in force (and, when given, its gates). */
export function statusOf(value: number | null, t: Thresholds, direction: Direction, gates: StatusGates = {}): Status {
  for (const { status, when } of STATUS_RULE) {
    switch (when.kind) {
      case 'no_value':
        if (value === null) {
          return status;
        }
        break;
      case 'gate':
        if (gates[when.gate] === true) {
          return status;
        }
        break;
      case 'breach':
        if (value !== null && breaches(value, t[when.threshold], direction)) {
          return status;
        }
        break;
      case 'always':
        return status;
    }
  }
  return 'ok';
}

/** SQL expressions (double precision / boolean) the status is computed from. */
export interface StatusSqlInputs {
  value: string;
  warning: string;
  critical: string;
  /** Boolean SQL; when absent the row does not apply (the KPI has no minimum volume / pace). */
  lowVolume?: string;
  pending?: string;
}

/**
 * The direction of a SQL comparison: known when compiling, or per row, as a SQL boolean that is
 * true when higher is better (one statement over several KPIs).
 */
export type SqlDirection = Direction | { higherSql: string };

function compareSql(value: string, ops: Readonly<Record<Direction, string>>, other: string, d: SqlDirection): string {
  if (typeof d === 'string') {
    return `${value} ${ops[d]} ${other}`;
  }
  return `(CASE WHEN ${d.higherSql} THEN ${value} ${ops.higher} ${other} ELSE ${value} ${ops.lower} ${other} END)`;
}

/** `value` worse than `threshold` as SQL; NULL on either side is never true in a CASE. */
export function breachSql(value: string, threshold: string, direction: SqlDirection): string {
  return compareSql(value, BREACH_OPERATOR, threshold, direction);
}

/** The status as a SQL text expression, the same table as statusOf. */
export function statusSql(inputs: StatusSqlInputs, direction: SqlDirection): string {
  const branches: string[] = [];
  for (const { status, when } of STATUS_RULE) {
    const word = `'${status}'`;
    switch (when.kind) {
      case 'no_value':
        branches.push(`WHEN ${inputs.value} IS NULL THEN ${word}`);
        break;
      case 'gate': {
        const gate = inputs[when.gate];
        if (gate !== undefined) {
          branches.push(`WHEN ${gate} THEN ${word}`);
        }
        break;
      }
      case 'breach':
        branches.push(`WHEN ${breachSql(inputs.value, inputs[when.threshold], direction)} THEN ${word}`);
        break;
      case 'always':
        return `(CASE ${branches.join(' ')} ELSE ${word} END)`;
    }
  }
  return `(CASE ${branches.join(' ')} END)`;
}

/** The target is met: the value is not worse than it (equal meets it). False without either. */
export function meetsTarget(value: number | null, target: number | null, direction: Direction): boolean {
  return value !== null && target !== null && !breaches(value, target, direction);
}

/** meetsTarget as SQL (NULL on either side is not true). */
export function meetsTargetSql(value: string, target: string, direction: SqlDirection): string {
  return compareSql(value, MEETS_OPERATOR, target, direction);
}

/** The smallest double greater than `x`: ECMAScript has no Math.nextUp; steps the IEEE-754 bits, exactly. */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) {
    return x;
  }
  if (x === 0) {
    return Number.MIN_VALUE; // covers -0 too
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits + BigInt(1) : bits - BigInt(1));
  return view.getFloat64(0);
}

/**
 * The value axis cut into bands of one status each, ascending: a band holds from its `from`
 * (inclusive) to the next band's. Derived from statusOf itself, so Grafana threshold steps built
 * from it agree with the status exactly, boundaries included: a `<` breach stops at the
 * threshold, a `>` breach starts one double above it.
 */
export function statusBands(direction: Direction, t: Thresholds): Array<{ from: number; status: Status }> {
  const cuts = [t.critical, t.warning]
    .filter((x): x is number => x !== null)
    .map((x) => (BREACH_OPERATOR[direction] === '<' ? x : nextUp(x)));
  const starts = [-Infinity, ...new Set(cuts)].sort((a, b) => a - b);
  const bands: Array<{ from: number; status: Status }> = [];
  for (const from of starts) {
    const status = statusOf(from, t, direction);
    if (bands.length === 0 || bands[bands.length - 1].status !== status) {
      bands.push({ from, status });
    }
  }
  return bands;
}
