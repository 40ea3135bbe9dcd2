import { rollingMs } from '../catalog/duration';
import type { Compare, WindowSpec } from '../catalog/model';
import { quoteLiteral } from '../sql/quote';
import {
  absoluteInterval,
  Bounds,
  calendarFloorLocal,
  calendarLength,
  fromLocal,
  localTime,
  windowBounds,
  yearEarlierBounds,
} from './windows';

/**
 * Where a series' points lie and, per KPI window, which slices of rows make up each point: the
 * grid of a one-pass series (trendOnePass.ts). Rows are grouped once by slice keys; a point
 * combines the slices its window covers. A slice never straddles a window edge, so combining
 * whole slices reads exactly the rows of each window.
 */

/** A series request as the grid needs it (`from` already aligned: seriesGrid.ts). */
export interface GridRequest {
  from: Date;
  to: Date;
  step: WindowSpec;
  mode: 'trend' | 'buckets';
}

/**
 * `SELECT s, e, ps` of every bucket `[s_k, e_k)` with `s_k < to`; `ps` is the start of the
 * bucket before it (`[ps, s)`), which a growth KPI's buckets compare with.
 */
export function bucketsSql(step: WindowSpec, from: string, to: string, tz: string): string {
  if (step.kind === 'rolling') {
    const length = absoluteInterval(rollingMs(step));
    return `SELECT g AS s, g + ${length} AS e, g - ${length} AS ps FROM generate_series(${from}, ${to}, ${length}) g WHERE g < ${to}`;
  }
  // Calendar steps are aligned in the catalog zone: the first bucket is the period containing `from`.
  const length = calendarLength(step.unit);
  const series = `generate_series(${calendarFloorLocal(step.unit, from, tz)}, ${`(${to} AT TIME ZONE ${quoteLiteral(tz)})`}, ${length})`;
  return `SELECT s, e, ps FROM (SELECT ${fromLocal('g', tz)} AS s, ${fromLocal(`(g + ${length})`, tz)} AS e, ${fromLocal(`(g - ${length})`, tz)} AS ps FROM ${series} g) b WHERE s < ${to}`;
}

/** How one KPI's rows fall into slices, and which slices each point `b` (columns s, e) combines. */
export interface SliceRule {
  /** Slice keys as functions of a row's time: grouped once. */
  keys: Array<{ name: string; of: (time: string) => string }>;
  /** Over slice `x` and point `b`: the slice lies in the point's window (its comparison window too, for growth). */
  within: string;
  /** Growth: the slice lies in the current window (the others are in the comparison window). */
  current?: string;
  /** Growth: the slice lies in the comparison window (absent: every slice not in the current one). */
  previous?: string;
  /** The rows any point reads: `[from, to)`. */
  scan: { from: string; to: string };
  /** Raw rows read, when narrower than the scan (a time condition; the gap between two spans is skipped). */
  rows?: (time: string) => string;
  /** CTEs the rule needs, and the relation `b` (with `s`) it merges per point instead of `buckets b`. */
  ctes?: string[];
  points?: string;
  /** The length of a slice when it is a fixed duration (calendar slices are a day or longer). */
  sliceMs?: number;
}

/** The window whose rows make up each point: a KPI's own (trend) or none (buckets). */
export interface PointWindow {
  window: WindowSpec;
  /** A growth KPI: also the comparison window (`compare: previous`). */
  growth: boolean;
}

const at = (ms: number) => `${quoteLiteral(new Date(ms).toISOString())}::timestamptz`;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The points of a series: `points` rows (s, e), the instant each row reports, and the rolling grid's ends. */
export interface Grid {
  points: string;
  time: 'b.s' | 'b.e';
  /** Rolling steps: the first point's end and the last point's end, in ms. */
  rolling?: { stepMs: number; first: number; last: number };
}

/** The grid of a series request; undefined when it has no points. */
export function seriesGrid(request: GridRequest, tz: string): Grid | undefined {
  const time = request.mode === 'trend' ? 'b.e' : 'b.s';
  if (request.step.kind === 'calendar') {
    const points = bucketsSql(request.step, at(request.from.getTime()), at(request.to.getTime()), tz);
    return { points, time };
  }
  const step = rollingMs(request.step);
  const count = Math.ceil((request.to.getTime() - request.from.getTime()) / step);
  if (count <= 0) {
    return undefined;
  }
  const first = request.from.getTime() + step;
  const last = request.from.getTime() + count * step;
  const points = `SELECT e - ${absoluteInterval(step)} AS s, e FROM generate_series(${at(first)}, ${at(last)}, ${absoluteInterval(step)}) e`;
  return { points, time, rolling: { stepMs: step, first, last } };
}

/** Rows of the whole buckets CTE: the scan of a calendar grid (its ends are computed by PostgreSQL). */
const CALENDAR_SCAN = { from: '(SELECT min(s) FROM buckets)', to: '(SELECT max(e) FROM buckets)' };

/**
 * The slice rule of a KPI's window on the grid; undefined when its windows do not fall on whole
 * slices (a rolling window over calendar steps, a calendar window's growth, a calendar window of
 * another unit than a calendar step): then the series goes point by point.
 */
export function sliceRule(
  grid: Grid,
  request: GridRequest,
  w: PointWindow | undefined,
  tz: string
): SliceRule | undefined {
  const local = (t: string, unit: string) => `date_trunc('${unit}', ${localTime(t, tz)})`;
  if (request.step.kind === 'calendar') {
    const unit = request.step.unit;
    // Buckets, or a KPI of the step's calendar unit: each point is the one period [s, e).
    if (w !== undefined && (w.growth || w.window.kind !== 'calendar' || w.window.unit !== unit)) {
      return undefined;
    }
    return {
      keys: [{ name: 'bin', of: (t) => fromLocal(local(t, unit), tz) }],
      within: 'x.bin = b.s',
      scan: CALENDAR_SCAN,
    };
  }
  const { stepMs, first, last } = grid.rolling!;
  if (w === undefined) {
    // Buckets: the rows of [s, s + step).
    return {
      keys: [{ name: 'bin', of: (t) => `date_bin(${absoluteInterval(stepMs)}, ${t}, ${at(first - stepMs)})` }],
      within: 'x.bin = b.s',
      scan: { from: at(first - stepMs), to: at(last) },
      sliceMs: stepMs,
    };
  }
  if (w.window.kind === 'rolling') {
    const size = rollingMs(w.window);
    const slice = gcd(stepMs, size);
    const span = w.growth ? 2 * size : size;
    const origin = first - span;
    return {
      keys: [{ name: 'bin', of: (t) => `date_bin(${absoluteInterval(slice)}, ${t}, ${at(origin)})` }],
      within: `x.bin >= b.e - ${absoluteInterval(span)} AND x.bin < b.e`,
      current: w.growth ? `x.bin >= b.e - ${absoluteInterval(size)}` : undefined,
      scan: { from: at(origin), to: at(last) },
      sliceMs: slice,
    };
  }
  if (w.growth) {
    return undefined;
  }
  // A calendar window at each point end e: the rows before e in the local period containing e − 1µs.
  // Slices are step bins cut at period starts, so a slice is wholly inside or outside each window.
  const unit = w.window.unit;
  const periodOf = (t: string) => local(t, unit);
  return {
    keys: [
      { name: 'bin', of: (t) => `date_bin(${absoluteInterval(stepMs)}, ${t}, ${at(first)})` },
      { name: 'period', of: periodOf },
    ],
    within: `x.period = ${periodOf("(b.e - interval '1 microsecond')")} AND x.bin < b.e`,
    scan: { from: fromLocal(periodOf(`(${at(first)} - interval '1 microsecond')`), tz), to: at(last) },
    sliceMs: stepMs,
  };
}

/** The windows of each point `b` (SQL over b.s, b.e): the current one, and a growth KPI's comparison window. */
export interface PointBounds {
  current: Bounds;
  previous?: Bounds;
}

/**
 * The slices of any windows (a cut rule): the points' window bounds are computed per point by the
 * same SQL the point-by-point statement filters with (`windows`), every distinct bound is a cut
 * (`cuts`, sorted), and each row falls in the slice that starts at the last cut at or before it
 * (`width_bucket`: a binary search of the cuts). A window `[from, to)` is then exactly the slices
 * starting in it, whatever the windows are: calendar windows and their comparison windows, a year
 * earlier in wall time (`compare: year`), rolling windows on calendar steps. Rows are read over
 * the current windows' span and the comparison windows' span only.
 */
export function cutRule(bounds: PointBounds, n: string): SliceRule {
  const { current: c, previous: p } = bounds;
  const columns = [`${c.from} AS cf`, `${c.to} AS ct`, ...(p ? [`${p.from} AS pf`, `${p.to} AS pt`] : [])];
  const names = p ? ['cf', 'ct', 'pf', 'pt'] : ['cf', 'ct'];
  const windows = `windows${n} AS MATERIALIZED (SELECT b.s, ${columns.join(', ')} FROM buckets b)`;
  const cuts = `cuts${n} AS MATERIALIZED (SELECT array_agg(x ORDER BY x) AS a FROM (SELECT DISTINCT x FROM windows${n}, LATERAL (VALUES ${names.map((c) => `(${c})`).join(', ')}) v(x)) d)`;
  const a = `(SELECT a FROM cuts${n})`;
  const span = (from: string, to: string) => ({
    from: `(SELECT min(${from}) FROM windows${n})`,
    to: `(SELECT max(${to}) FROM windows${n})`,
  });
  const cur = span('cf', 'ct');
  const prev = p ? span('pf', 'pt') : undefined;
  const inside = (t: string, s: { from: string; to: string }) => `(${t} >= ${s.from} AND ${t} < ${s.to})`;
  const inCurrent = 'x.bin >= b.cf AND x.bin < b.ct';
  const inPrevious = 'x.bin >= b.pf AND x.bin < b.pt';
  return {
    keys: [{ name: 'bin', of: (t) => `${a}[width_bucket(${t}, ${a})]` }],
    within: p ? `(${inCurrent}) OR (${inPrevious})` : inCurrent,
    current: p ? inCurrent : undefined,
    previous: p ? inPrevious : undefined,
    scan: { from: `(SELECT a[1] FROM cuts${n})`, to: `(SELECT a[array_upper(a, 1)] FROM cuts${n})` },
    rows: (t) => (prev ? `(${inside(t, cur)} OR ${inside(t, prev)})` : inside(t, cur)),
    ctes: [windows, cuts],
    points: `windows${n} b`,
  };
}

/**
 * The bucket a growth KPI's bucket `[b.s, b.e)` compares with: the bucket before (`before`), or
 * the same bucket a year earlier in wall time (`compare: year`).
 */
export function comparisonBucket(compare: Compare | undefined, tz: string, before: Bounds): Bounds {
  return compare === 'year' ? yearEarlierBounds({ from: 'b.s', to: 'b.e' }, tz) : before;
}

/**
 * Each point's windows as the point-by-point statement computes them: a trend's the KPI's own at
 * b.e (and its comparison window, for growth), a bucket's `[b.s, b.e)` (and the bucket it compares with).
 */
export function pointBounds(
  grid: Grid,
  request: GridRequest,
  kpi: { window: WindowSpec; compare?: Compare },
  growth: boolean,
  tz: string
): PointBounds {
  if (request.mode === 'trend') {
    const w = windowBounds(kpi.window, 'b.e', tz, kpi.compare);
    return { current: w.current, previous: growth ? w.previous : undefined };
  }
  const before = grid.rolling
    ? { from: `(b.s - ${absoluteInterval(grid.rolling.stepMs)})`, to: 'b.s' }
    : { from: 'b.ps', to: 'b.s' };
  return {
    current: { from: 'b.s', to: 'b.e' },
    previous: growth ? comparisonBucket(kpi.compare, tz, before) : undefined,
  };
}
