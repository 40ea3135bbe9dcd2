import fs from 'node:fs';
import path from 'node:path';
import { parseCatalog } from '../catalog/parse';
import { instant, NOW } from './anchor';
import { compileEval, EvalRequest } from './evalQuery';

/**
 * Golden SQL: the statements the compiler writes for representative KPIs of golden/catalog.yaml
 * (one per measure form and window kind, a scorecard sharing scans, a formula), kept in
 * golden/*.sql and reviewed like code. The numbers are tested against PostgreSQL in
 * tests/integration; these files pin the shape. After an intended change of shape:
 * `UPDATE_GOLDEN=1 npx jest src/core/compiler/golden` and review the diff.
 */
const DIR = path.join(__dirname, 'golden');
const parsed = parseCatalog(fs.readFileSync(path.join(DIR, 'catalog.yaml'), 'utf8'), 'catalog.yaml');
const AT = instant('2025-06-29T12:00:00Z');

const CASES: Array<[string, EvalRequest]> = [
  ['count-month', { kpiIds: ['run_count'], at: AT }],
  ['ratio-rolling', { kpiIds: ['success_rate'], at: AT }],
  ['sum-week', { kpiIds: ['minutes_week'], at: AT }],
  ['percentiles-shared-sort', { kpiIds: ['duration_p50', 'duration_p95'], at: AT }],
  ['count-distinct-quarter', { kpiIds: ['active_teams'], at: AT }],
  ['nps-year', { kpiIds: ['satisfaction'], at: AT }],
  ['last-rolling', { kpiIds: ['queue_depth'], at: AT }],
  ['manual-target-schedule', { kpiIds: ['uptime'], at: AT }],
  ['formula-two-sources', { kpiIds: ['tickets_per_run'], at: AT }],
  ['month-at-now', { kpiIds: ['run_count'], at: NOW }],
  [
    'scorecard-shared-scans',
    {
      kpiIds: ['run_count', 'success_rate', 'minutes_week', 'runs_30d'],
      at: AT,
      filters: [{ dimension: 'team', values: ['core'] }],
    },
  ],
];

describe('golden SQL', () => {
  it('parses its catalog', () => {
    expect(parsed.problems).toEqual([]);
  });

  it.each(CASES)('%s', (name, request) => {
    const sql = `${compileEval(parsed.catalog!, request)}\n`;
    const file = path.join(DIR, `${name}.sql`);
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.writeFileSync(file, sql);
    }
    expect(sql).toBe(fs.readFileSync(file, 'utf8'));
  });
});
