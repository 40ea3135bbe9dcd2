/** The hourly rollup of the bench source: first build (time, rows, size) and incremental refresh. */
import type { Catalog } from '../../src/core/catalog/model';
import { RollupPlan, rollupPlans } from '../../src/core/rollup/plan';
import { availableRollups } from '../../src/core/rollup/probe';
import { refreshRollup } from '../../src/core/rollup/refresh';
import { quoteIdent } from '../../src/core/sql/quote';
import type { Case } from '../support/measure';
import type { Query } from '../support/query';

/** One hour of late data, as `openkpi rollup`'s default would re-aggregate. */
const LATE_SECONDS = 3600;

export interface RollupBuild {
  rollups: RollupPlan[];
  buildMs: number;
  rows: number;
  bytes: number;
  refresh: Case;
}

export async function buildRollups(catalog: Catalog, q: Query): Promise<RollupBuild> {
  const runner = { query: q };
  let [buildMs, rows, bytes] = [0, 0, 0];
  const plans = rollupPlans(catalog);
  for (const plan of plans) {
    // A first build: the events were just generated, so a rollup an earlier run left in the
    // same database (DATABASE_URL) holds other rows. Without its table the refresh rebuilds.
    await q(`DROP TABLE IF EXISTS ${quoteIdent(plan.table)}`);
    const built = await refreshRollup(plan, runner, { lateSeconds: LATE_SECONDS });
    [buildMs, rows, bytes] = [buildMs + built.ms, rows + (built.rows ?? 0), bytes + (built.bytes ?? 0)];
    await q(`ANALYZE ${plan.table.join('.')}`);
  }
  return {
    rollups: await availableRollups(catalog, runner),
    buildMs,
    rows,
    bytes,
    refresh: {
      name: 'rollup incremental refresh (late window 1 h)',
      compiled: async () => {
        for (const plan of plans) {
          await refreshRollup(plan, runner, { lateSeconds: LATE_SECONDS });
        }
        return [];
      },
    },
  };
}
