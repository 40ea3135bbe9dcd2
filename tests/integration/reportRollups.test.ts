/** @jest-environment node */
import fs from 'node:fs';
import path from 'node:path';

import { Catalog } from '../../src/core/catalog/model';
import { parseCatalog } from '../../src/core/catalog/parse';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { rollupPlans } from '../../src/core/rollup/plan';
import { refreshRollup } from '../../src/core/rollup/refresh';
import { buildCatalogReport } from '../../src/reports/build';
import type { CatalogReport } from '../../src/reports/model';
import { createTestDatabase, TestDatabase } from '../support/db';
import { DATA_NOW, loadDemo, ROOT } from '../support/reportDemo';

/*
 * `openkpi report` reads the rollups the database has, as eval does: a month's report of the
 * demo data is the same report once every source's rollup is built (values, previous values,
 * statuses, sparklines, objectives), and the statements it ran named the rollup tables.
 */

const EXAMPLES = ['product-suite', 'accounting-saas'];
jest.setTimeout(300_000);

let db: TestDatabase;
const statements: string[] = [];
const runner: SqlRunner = {
  query: async (sql) => {
    statements.push(sql);
    return (await db.client.query(sql)).rows;
  },
};

function catalogOf(name: string): Catalog {
  const file = path.join(ROOT, 'examples', name, 'catalog.yaml');
  const { catalog } = parseCatalog(fs.readFileSync(file, 'utf8'), file);
  if (!catalog) {
    throw new Error(`${file} does not validate`);
  }
  return catalog;
}

/** The report with numbers rounded to 9 significant digits: a float sum merged per hour may differ in its last bits. */
function comparable(report: CatalogReport): unknown {
  return JSON.parse(
    JSON.stringify(report, (_key, v) => (typeof v === 'number' && v !== 0 ? Number(v.toPrecision(9)) : v))
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDemo(db, EXAMPLES);
});

afterAll(async () => {
  await db?.drop();
});

describe.each(EXAMPLES)('%s: the month report with rollups', (name) => {
  it('is the report of the raw rows, and read the rollups', async () => {
    const catalog = catalogOf(name);
    const request = { period: 'month' as const, at: new Date(DATA_NOW) };
    const raw = await buildCatalogReport(catalog, request, runner);
    const plans = rollupPlans(catalog);
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) {
      expect((await refreshRollup(plan, runner, { lateSeconds: 0 })).status).not.toBe('skipped');
    }
    statements.length = 0;
    const rolled = await buildCatalogReport(catalog, request, runner);
    expect(comparable(rolled)).toEqual(comparable(raw));
    const read = plans.filter((p) => statements.some((s) => s.includes(`"${p.table[1]}"`)));
    expect(read.map((p) => p.source.name)).toEqual(plans.map((p) => p.source.name));
  });
});
