/** The synthetic catalog the benchmarks and the load script evaluate: every measure form over one table. */
const MEASURES = [
  '{ aggregate: count }',
  '{ aggregate: avg, expression: duration_s }',
  '{ aggregate: p95, expression: duration_s }',
  '{ ratio: { numerator: { aggregate: count, filter: "status = \'ok\'" }, denominator: { aggregate: count } }, scale: 100 }',
  '{ aggregate: count_distinct, expression: team }',
];
const WINDOWS = ['30d', 'month', 'week', '7d', 'quarter'];

/** `kpis` KPIs named k0…, cycling through the measures and windows, over `table` (columns at, status, duration_s, team). */
export function syntheticCatalogYaml(name: string, table: string, kpis: number): string {
  const lines = [
    'apiVersion: openkpi/v1',
    `name: ${name}`,
    'timezone: Europe/Berlin',
    'sources:',
    `  runs: { table: ${table}, time: at, dimensions: [team], freshness: 1h }`,
    'kpis:',
  ];
  for (let i = 0; i < kpis; i++) {
    const measure = MEASURES[i % MEASURES.length];
    const window = WINDOWS[i % WINDOWS.length];
    lines.push(
      `  - { id: k${i}, name: KPI ${i}, source: runs, window: ${window}, measure: ${measure}, target: 10, thresholds: { warning: 10, critical: 5 } }`
    );
  }
  return lines.join('\n');
}
