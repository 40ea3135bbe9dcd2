import fs from 'node:fs';
import path from 'node:path';
import { parseCatalog } from '../catalog/parse';
import { instant } from './anchor';
import { compileBreakdown } from './breakdownQuery';

/**
 * Golden SQL of breakdown statements (golden/breakdown-*.sql, catalog golden/catalog.yaml): a row
 * KPI grouped by its dimension, and a formula whose operands (two sources) are each grouped, then
 * joined per key, and a formula with an operand taken whole (one value on every key). Their numbers are tested on PostgreSQL in tests/integration/formulaBreakdown.test.ts
 * and spec-series-breakdown.test.ts. After an intended change of shape:
 * `UPDATE_GOLDEN=1 npx jest src/core/compiler/breakdownGolden` and review.
 */
const DIR = path.join(__dirname, 'golden');
const parsed = parseCatalog(fs.readFileSync(path.join(DIR, 'catalog.yaml'), 'utf8'), 'catalog.yaml');
const AT = instant('2025-06-29T12:00:00Z');

const CASES: Array<[string, string]> = [
  ['breakdown-ratio', 'success_rate'],
  ['breakdown-formula', 'tickets_per_run'],
  // The manual uptime has no team: its whole value joins every team's runs.
  ['breakdown-formula-whole', 'runs_per_uptime_point'],
];

describe('golden breakdown SQL', () => {
  it.each(CASES)('%s', (name, kpiId) => {
    const sql = `${compileBreakdown(parsed.catalog!, { kpiId, by: 'team', at: AT })}\n`;
    const file = path.join(DIR, `${name}.sql`);
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.writeFileSync(file, sql);
    }
    expect(sql).toBe(fs.readFileSync(file, 'utf8'));
  });
});
