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
  /** Relative tolerance of the equality check (sketch-based rollup reads are approximate). */
  tolerance?: number;
  /** Fewer runs than the rest (a case that takes seconds at 10 M rows). */
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

/** Checks a case's numbers, then times it `runs` times, interleaved. */
export async function measure(c: Case, runs: number): Promise<Result> {
  const x = await c.compiled();
  if (c.baseline) {
    const y = await c.baseline.run();
    if (!sameNumbers(x, y, c.tolerance)) {
      throw new Error(
        `${c.name}: compiled ${JSON.stringify(x.slice(0, 6))} ≠ baseline ${JSON.stringify(y.slice(0, 6))}`
      );
    }
  }
  const n = Math.min(runs, c.runs ?? runs);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    a.push((await timed(c.compiled))[1]);
    if (c.baseline) {
      b.push((await timed(c.baseline.run))[1]);
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
      baseline: c.baseline.name,
      baselineMedianMs: median(b),
      baselineP95Ms: p95(b),
      ratio: median(a) / median(b),
    });
  }
  const vs =
    r.baselineMedianMs === undefined ? '' : ` vs ${r.baselineMedianMs.toFixed(0)} ms (${r.ratio!.toFixed(2)}×)`;
  console.log(
    `${meetsTarget(r) ? 'ok  ' : 'SLOW'} ${r.name}: ${r.compiledMedianMs.toFixed(0)} ms${vs}, target ${targetText(r)}`
  );
  return r;
}
