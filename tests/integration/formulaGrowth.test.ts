/** @jest-environment node */
import { instant } from '../../src/core/compiler/anchor';
import { compileEval } from '../../src/core/compiler/evalQuery';
import { withJitOff } from '../../src/core/compiler/statement';
import { evaluateKpis } from '../../src/core/evaluation/evaluate';
import { connect } from '../../src/cli/pgRunner';
import { createTestDatabase, TestDatabase } from '../support/db';
import { nestedFormulaCatalog } from '../support/nestedCatalog';
import { pgRunner } from '../support/fixtures';

// Issue: a formula that uses another formula twice, nested about 12 levels, compiled to SQL
// that grew 4× per level, and PostgreSQL's JIT then compiled it for minutes, deaf to the
// statement timeout. Each KPI is now computed once and referenced by name.
const nested = (levels: number) => nestedFormulaCatalog(levels, 1);

const AT = '2025-06-01T00:00:00.000Z';

describe('deeply nested formulas', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(`CREATE TABLE events (t timestamptz)`);
    await db.query(`INSERT INTO events SELECT $1::timestamptz - g * interval '1 hour' FROM generate_series(1, 30) g`, [
      AT,
    ]);
  });
  afterAll(() => db.drop());

  it('evaluate 20 levels of "uses the previous level twice", even with JIT forced on', async () => {
    // Make the server JIT-compile anything: the plan must stay small enough for that to be harmless.
    await db.query(
      'SET jit = on; SET jit_above_cost = 0; SET jit_inline_above_cost = 0; SET jit_optimize_above_cost = 0'
    );
    const result = await evaluateKpis(nested(20), { kpiIds: ['f20', 'f3'], at: instant(AT) }, pgRunner(db));
    // 24 events in [AT − 24 h, AT) (1 to 24 hours before AT), 6 the day before; doubled per level.
    expect(result.kpis.map((k) => [k.value, k.previous])).toEqual([
      [24 * 2 ** 20, 6 * 2 ** 20],
      [24 * 8, 6 * 8],
    ]);
    expect(compileEval(nested(20), { kpiIds: ['f20'], at: instant(AT) }).length).toBeLessThan(20_000);
    await db.query('RESET ALL');
  });

  it('run with JIT off from the CLI and through the data source', async () => {
    const cli = await connect({ url: db.url, statementTimeoutMs: 30_000 });
    try {
      expect(await cli.runner.query('SELECT current_setting($$jit$$) AS jit')).toEqual([{ jit: 'off' }]);
    } finally {
      await cli.close();
    }
    // What the data source sends: one implicit transaction, SET LOCAL first, then the SELECT.
    const results = (await db.client.query(withJitOff(`SELECT current_setting('jit') AS jit`))) as unknown as Array<{
      command: string;
      rows: unknown[];
    }>;
    expect(results.map((r) => r.command)).toEqual(['SET', 'SELECT']);
    expect(results[1].rows).toEqual([{ jit: 'off' }]);
    // LOCAL: the session's own setting is untouched afterwards.
    expect(await db.query(`SELECT current_setting('jit') AS jit`)).toEqual([{ jit: 'on' }]);
  });
});
