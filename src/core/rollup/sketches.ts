/**
 * Mergeable sketches in plain SQL. Over raw rows a sketch is rows `(k, n)`; the rollup keeps one
 * row per hour, set and value holding the whole sketch as arrays (packSketchSql), which a window
 * unnests back into rows `(k, n)` and merges with its raw edges:
 *
 * - percentiles: a log-bucketed histogram (DDSketch): a value x > 0 is counted under the
 *   representative 2γ^⌈log_γ x⌉/(γ+1) of its bucket, which is within α of every value of the bucket
 *   (negative values mirrored, 0 kept exact). With α = 0.9 % every order statistic, and so
 *   percentile_cont's interpolation between two of them, is within 1 % of the exact one.
 * - distinct counts: HyperLogLog with 2^14 registers (standard error 1.04/128 = 0.81 %), from
 *   PostgreSQL's 64-bit `hashtextextended`, estimated with Ertl's improved estimator (no bias
 *   tables needed, accurate from one value to billions); 2 % is about 2.5 standard errors.
 */

/** The relative accuracy of the histogram. */
export const DD_ALPHA = 0.009;
const GAMMA = (1 + DD_ALPHA) / (1 - DD_ALPHA);
/** log2 of the number of HyperLogLog registers. */
export const HLL_P = 14;
const HLL_M = 2 ** HLL_P;
const HLL_Q = 64 - HLL_P;

const LN_GAMMA = Math.log(GAMMA).toPrecision(17);
const REP = `(2.0::double precision / ${(GAMMA + 1).toPrecision(17)})`;

/** The sketch partial kinds. */
export type SketchKind = 'dd' | 'hll';

/**
 * The sketch table's array columns: a histogram as its keys `k` (bucket representatives) and
 * counts `n`; HyperLogLog as `regs`, one integer per non-empty register: register · 64 + rank
 * (ranks are at most 51), so a register costs 4 bytes and the larger code of a register is its
 * larger rank.
 */
export const SKETCH_COLUMNS = ['k double precision[]', 'n bigint[]', 'regs integer[]'];

/** The columns and aggregates that fold rows `(k, n)` of one hour and set into its sketch row. */
export function packSketchSql(kind: SketchKind): { columns: string[]; values: string[] } {
  return kind === 'dd'
    ? { columns: ['k', 'n'], values: ['array_agg(k ORDER BY k)', 'array_agg(n ORDER BY k)'] }
    : { columns: ['regs'], values: [`array_agg(k::integer * 64 + n::integer)`] };
}

/** The rows `(k, n)` of the sketch rows `alias` of the rollup (a FROM item and the select list). */
export function unpackSketchSql(kind: SketchKind, alias: string): { from: string; select: string } {
  return kind === 'dd'
    ? { from: `unnest(${alias}.k, ${alias}.n) u(k, n)`, select: 'u.k, u.n' }
    : { from: `unnest(${alias}.regs) u(x)`, select: 'u.x >> 6 AS k, u.x & 63 AS n' };
}

/** The histogram key of a value (null for null). */
export function ddKeySql(e: string): string {
  const x = `(${e})::double precision`;
  const rep = (v: string) => `${REP} * exp(ceil(ln(${v}) / ${LN_GAMMA}) * ${LN_GAMMA})`;
  return `CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} = 0 THEN 0::double precision WHEN ${x} > 0 THEN ${rep(x)} ELSE -${rep(`-${x}`)} END`;
}

/** The register and rank of a value for HyperLogLog (`k` = register, `n` = rank). */
export function hllKeySql(e: string): { register: string; rank: string } {
  const bits = `hashtextextended((${e})::text, 0)::bit(64)`;
  const rest = `substring(${bits} from ${HLL_P + 1})`;
  return {
    register: `substring(${bits} from 1 for ${HLL_P})::bit(${HLL_P})::int`,
    // Position of the first 1 in the remaining bits; all zeros count as q + 1.
    rank: `coalesce(nullif(position(B'1' in ${rest}), 0), ${HLL_Q + 1})`,
  };
}

/**
 * The percentile `fraction` (percentile_cont: interpolated between the order statistics around
 * fraction·(N−1)) of the histogram rows `(k, n)` of a subquery; null without values.
 */
export function ddQuantileSql(rows: string, fraction: number): string {
  const at = (rank: string) => `min(k) FILTER (WHERE cum > ${rank})`;
  return `(SELECT (${at('lo')} + (max(r) - max(lo)) * (${at('hi')} - ${at('lo')}))::double precision
  FROM (SELECT k, cum, r, floor(r) AS lo, ceil(r) AS hi
        FROM (SELECT k, cum, ${String(fraction)} * (total - 1) AS r
              FROM (SELECT k, sum(n) OVER (ORDER BY k) AS cum, sum(n) OVER () AS total
                    FROM (SELECT k, sum(n) AS n FROM (${rows}) r GROUP BY k) h) c) ranks) q)`;
}

/**
 * Ertl's improved HyperLogLog estimate of the register rows `(k, n)` of a subquery (rank per
 * register, merged by max): E = m² / (2 ln 2 · (m·σ(C₀/m) + Σₖ Cₖ 2⁻ᵏ)), C_k the registers of rank k.
 * 0 without values.
 */
export function hllEstimateSql(rows: string): string {
  // σ(x) = x + Σ_{j≥1} x^(2^j) 2^(j−1); terms below e^-700 are 0 (exp would underflow).
  const x = `((${HLL_M} - present)::double precision / ${HLL_M})`;
  const term = `CASE WHEN power(2, j) * ln(${x}) < -700 THEN 0 ELSE exp(power(2, j) * ln(${x})) * power(2, j - 1) END`;
  const sigma = `CASE WHEN present = ${HLL_M} THEN 0 ELSE ${x} + (SELECT sum(${term}) FROM generate_series(1, 64) j) END`;
  return `(SELECT CASE WHEN present = 0 THEN 0::double precision
    ELSE ${HLL_M}::double precision * ${HLL_M} / (2 * ln(2)) / (${HLL_M} * (${sigma}) + s) END
  FROM (SELECT count(*) AS present, sum(power(2::double precision, -n)) AS s
        FROM (SELECT k, max(n) AS n FROM (${rows}) r GROUP BY k) registers) agg)`;
}
