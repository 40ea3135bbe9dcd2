/**
 * Growth in percent (docs/catalog.md: Comparison period, Growth KPIs): 100 × (value − previous) / |previous|, NULL when previous is
 * NULL or 0 (NULLIF, so a zero never raises a division error). `value` and `previous` are SQL
 * expressions (double precision).
 */
export function growthSql(value: string, previous: string): string {
  return `(100 * (${value} - ${previous}) / NULLIF(abs(${previous}), 0))`;
}
