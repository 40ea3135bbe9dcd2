import fs from 'node:fs';
import path from 'node:path';
import { parseWindow } from '../catalog/duration';
import type { WindowSpec } from '../catalog/model';
import { parseCatalog } from '../catalog/parse';
import { compileSeries } from './seriesQuery';

/**
 * Golden SQL of series statements (golden/series-*.sql, catalog golden/catalog.yaml): the
 * one-pass forms (slices merged per point) and a point-by-point one, pinned for review. Their
 * numbers are tested on PostgreSQL in tests/integration/trendOnePassForms.test.ts. After an
 * intended change of shape: `UPDATE_GOLDEN=1 npx jest src/core/compiler/seriesGolden` and review.
 */
const DIR = path.join(__dirname, 'golden');
const parsed = parseCatalog(fs.readFileSync(path.join(DIR, 'catalog.yaml'), 'utf8'), 'catalog.yaml');
const TO = new Date('2025-06-29T12:00:00Z');
const FROM = new Date('2025-06-19T12:00:00Z');

const CASES: Array<[string, string, string, 'trend' | 'buckets']> = [
  // Rolling ratio, daily step: slices of gcd(step, window), a window frame of 30 slices per point.
  ['series-ratio-rolling', 'success_rate', '1d', 'trend'],
  // Month window, daily step: step bins cut at local month starts.
  ['series-count-month', 'run_count', '1d', 'trend'],
  // The latest row: each slice's latest time and value, the latest slice per point.
  ['series-last-rolling', 'queue_depth', '6h', 'trend'],
  // A formula of two one-pass operands on two sources.
  ['series-formula', 'tickets_per_run', '1d', 'trend'],
  // Weekly buckets: one GROUP BY of local weeks.
  ['series-buckets-week', 'run_count', 'week', 'buckets'],
  // Growth of a month window, daily step: cut at every point's window and comparison-window bounds.
  ['series-growth-month', 'run_growth', '1d', 'trend'],
  // Year-on-year growth of a rolling window: the comparison windows a year earlier in wall time.
  ['series-growth-year', 'runs_7d_yoy_growth', '1d', 'trend'],
  // Growth buckets: each week against the week before.
  ['series-growth-buckets', 'run_growth', 'week', 'buckets'],
  // An exact percentile: one statement, counted per order bucket, only the picked buckets' rows sorted.
  ['series-percentile', 'duration_p95', '1d', 'trend'],
  // Percentile buckets (no overlapping windows): each bucket's rows, point by point.
  ['series-percentile-points', 'duration_p95', '1d', 'buckets'],
  // An exact distinct count: one statement over the rows of the points' windows.
  ['series-distinct', 'active_teams', '1d', 'trend'],
];

describe('golden series SQL', () => {
  it.each(CASES)('%s', (name, kpiId, step, mode) => {
    const sql = `${compileSeries(parsed.catalog!, { kpiId, from: FROM, to: TO, step: parseWindow(step) as WindowSpec, mode, endAligned: true })}\n`;
    const file = path.join(DIR, `${name}.sql`);
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.writeFileSync(file, sql);
    }
    expect(sql).toBe(fs.readFileSync(file, 'utf8'));
  });
});
