/**
 * How the benchmark times things: a case is checked first (the compiled and the baseline form
 * must give the same numbers, or the bench stops: a fast wrong answer measures nothing), then
 * run interleaved (compiled, baseline, compiled, …), so load on a shared machine hits both alike;
 * reported as median and p95.
 */

/** One row of the report. */
export interface Case {
  name: string;
  /** Runs the OpenKPI form once; returns comparable numbers. */
  compiled: () => Promise<number[]>;
  /** What it is measured against; absent for rows with an absolute target only. */
  baseline?: { name: string; run: () => Promise<number[]> };
  /** compiled median ≤ ratio × baseline median. */
  targetRatio?: number;
  /** compiled median ≤ this many milliseconds. */
  targetMs?: number;
  /**
   * How the two sides must agree, when not equal (sketch-based rollup reads are approximate):
   * a problem, or undefined and a note on how close they were (shown with the baseline's name).
   */
  check?: (compiled: number[], baseline: number[]) => { problem?: string; note: string };
  /** The OpenKPI statement whose plan `--explain DIR` keeps (EXPLAIN (ANALYZE, BUFFERS), after the timing). */
  explain?: string;
  /** Fewer runs than the rest (a case that takes minutes at 10 M rows); 1: the check run is the timed run. */
  runs?: number;
}

export interface Result {
  name: string;
  baseline?: string;
  compiledMedianMs: number;
  compiledP95Ms: number;
  baselineMedianMs?: number;
  baselineP95Ms?: number;
  ratio?: number;
  target?: number;
  targetMs?: number;
  runs: number;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Nearest-rank p95: of 5 runs, the slowest. */
export const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

/** NaN equals NaN (a null figure on both sides); others within a relative tolerance. */
export function sameNumbers(x: number[], y: number[], tolerance = 1e-9): boolean {
  return (
    x.length === y.length &&
    x.every(
      (v, i) => (Number.isNaN(v) && Number.isNaN(y[i])) || Math.abs(v - y[i]) <= tolerance * Math.max(1, Math.abs(v))
    )
  );
}

export function meetsTarget(r: Result): boolean {
  return (
    (r.target === undefined || r.ratio === undefined || r.ratio <= r.target) &&
    (r.targetMs === undefined || r.compiledMedianMs <= r.targetMs)
  );
}

export function targetText(r: Pick<Result, 'target' | 'targetMs'>): string {
  const parts = [
    ...(r.target === undefined ? [] : [`≤ ${r.target}×`]),
    ...(r.targetMs === undefined ? [] : [`≤ ${r.targetMs} ms`]),
  ];
  return parts.length === 0 ? '—' : parts.join(', ');
}

/** Short statements get more runs (up to this many), so a millisecond of noise does not decide a ratio. */
const MAX_RUNS = 25;
/** …enough for about this much time per side. */
const SHORT_CASE_MS = 1500;

/**
 * Checks a case's numbers, then times it at least `runs` times, interleaved, alternating which
 * side goes first (ABBA), so neither side always runs on the other's warm cache.
 */
export async function measure(c: Case, runs: number): Promise<Result> {
  const [x, checkMs] = await timed(c.compiled);
  const a: number[] = [];
  const b: number[] = [];
  let note: string | undefined;
  if (c.runs === 1) {
    a.push(checkMs);
  }
  if (c.baseline) {
    const [y, baselineMs] = await timed(c.baseline.run);
    if (c.runs === 1) {
      b.push(baselineMs);
    }
    if (c.check) {
      const checked = c.check(x, y);
      if (checked.problem) {
        throw new Error(`${c.name}: ${checked.problem}`);
      }
      note = checked.note;
    } else if (!sameNumbers(x, y)) {
      throw new Error(
        `${c.name}: compiled ${JSON.stringify(x.slice(0, 6))} ≠ baseline ${JSON.stringify(y.slice(0, 6))}`
      );
    }
  }
  const adaptive = Math.max(runs, Math.min(MAX_RUNS, Math.ceil(SHORT_CASE_MS / Math.max(1, checkMs))));
  const n = c.runs === 1 ? 1 : Math.min(adaptive, c.runs ?? adaptive);
  for (let i = a.length; i < n; i++) {
    const sides: Array<[() => Promise<number[]>, number[]]> = [[c.compiled, a]];
    if (c.baseline) {
      sides[i % 2 === 0 ? 'push' : 'unshift']([c.baseline.run, b]);
    }
    for (const [run, times] of sides) {
      times.push((await timed(run))[1]);
    }
  }
  const r: Result = {
    name: c.name,
    compiledMedianMs: median(a),
    compiledP95Ms: p95(a),
    target: c.targetRatio,
    targetMs: c.targetMs,
    runs: n,
  };
  if (c.baseline) {
    Object.assign(r, {
      baseline: note === undefined ? c.baseline.name : `${c.baseline.name} (${note})`,
      baselineMedianMs: median(b),
      baselineP95Ms: p95(b),
      ratio: median(a) / median(b),
    });
  }
  logResult(r);
  return r;
}

export function logResult(r: Result): void {
  const vs =
    r.baselineMedianMs === undefined ? '' : ` vs ${r.baselineMedianMs.toFixed(0)} ms (${r.ratio!.toFixed(2)}×)`;
  console.log(
    `${meetsTarget(r) ? 'ok  ' : 'SLOW'} ${r.name}: ${r.compiledMedianMs.toFixed(0)} ms${vs}, target ${targetText(r)}`
  );
}
