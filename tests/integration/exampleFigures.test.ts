/** @jest-environment node */
/**
 * The examples' pace, growth and DAU/MAU KPIs on their demo data, against figures computed here:
 * hand-written SQL over the demo tables for the values, period bounds from luxon and arithmetic for
 * shares, projections and statuses. The instants are chosen inside the demo data (which is dated
 * relative to now()), in the middle and at the start of a period, so the figures do not depend on
 * the day the test runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';

import { parseCatalog } from '../../src/core/catalog/parse';
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
import { migrate } from '../../src/cli/migrate';
import { createTestDatabase, TestDatabase } from '../support/db';

const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');

function loadCatalog(name: string): Catalog {
  const file = path.join(EXAMPLES_DIR, name, 'catalog.yaml');
  const { catalog, problems } = parseCatalog(fs.readFileSync(file, 'utf8'), file);
  if (!catalog) {
    throw new Error(problems.map((p) => p.message).join('\n'));
  }
  return catalog;
}

async function loadData(db: TestDatabase, name: string): Promise<void> {
  await migrate(db.client);
  await db.client.query(fs.readFileSync(path.join(EXAMPLES_DIR, name, 'data.sql'), 'utf8'));
}

async function evaluate(
  db: TestDatabase,
  catalog: Catalog,
  at: Date,
  ids: string[]
): Promise<Map<string, KpiEvaluation>> {
  const runner = { query: async (sql: string) => (await db.client.query(sql)).rows };
  const result = await evaluateKpis(catalog, { at: instant(at), kpiIds: ids }, runner);
  return new Map(result.kpis.map((k) => [k.id, k]));
}

/** One number from hand-written SQL; $1 is the evaluation instant. */
async function figure(db: TestDatabase, sql: string, at: Date): Promise<number> {
  const rows = await db.query<{ v: string | number | null }>(sql, [at.toISOString()]);
  if (rows[0].v === null) {
    throw new Error(`no value: ${sql}`);
  }
  return Number(rows[0].v);
}

/** The 16th of last month, 12:00 in the zone: mid-period and inside every demo table. */
function midLastMonth(zone: string): DateTime {
  return DateTime.now().setZone(zone).startOf('month').minus({ months: 1 }).set({ day: 16, hour: 12 });
}

/** Pace figures of a calendar period, in absolute time (docs/catalog.md: Pace). */
function paceOf(at: DateTime, unit: 'month' | 'quarter', value: number, target: number) {
  const start = at.startOf(unit);
  const end = start.plus(unit === 'month' ? { months: 1 } : { quarters: 1 });
  const share = (at.toMillis() - start.toMillis()) / (end.toMillis() - start.toMillis());
  return { share, projected: value / share, expected: target * share, start };
}

describe('accounting-saas', () => {
  let db: TestDatabase;
  const catalog = loadCatalog('accounting-saas');
  const zone = 'America/Chicago';

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadData(db, 'accounting-saas');
  });

  afterAll(async () => {
    await db.drop();
  });

  test('MRR growth year over year: the last day of MRR against the same day a year earlier', async () => {
    const at = midLastMonth(zone).toJSDate();
    const current = await figure(
      db,
      `SELECT sum(mrr) AS v FROM acct.mrr_daily WHERE day >= $1::timestamptz - interval '1 day' AND day < $1::timestamptz`,
      at
    );
    // compare: year shifts each bound's wall time in the catalog zone by a year
    const yearEarlier = await figure(
      db,
      `SELECT sum(mrr) AS v FROM acct.mrr_daily
       WHERE day >= ((($1::timestamptz - interval '1 day') AT TIME ZONE '${zone}') - interval '1 year') AT TIME ZONE '${zone}'
         AND day < (($1::timestamptz AT TIME ZONE '${zone}') - interval '1 year') AT TIME ZONE '${zone}'`,
      at
    );
    const growth = (100 * (current - yearEarlier)) / Math.abs(yearEarlier);
    const kpis = await evaluate(db, catalog, at, ['mrr', 'mrr_growth_yoy']);
    expect(kpis.get('mrr')!.value).toBeCloseTo(current, 6);
    expect(kpis.get('mrr')!.previous).toBeCloseTo(yearEarlier, 6);
    const g = kpis.get('mrr_growth_yoy')!;
    expect(g.value).toBeCloseTo(growth, 6);
    // seed bands: green above 25 %, yellow 15–25 %, red below 15 %
    expect(g.status).toBe(growth < 15 ? 'critical' : growth < 25 ? 'warning' : 'ok');
    expect(growth).toBeGreaterThan(20); // the demo grows about 28 % a year
  });

  test('revenue month over month: 30 days of recognized revenue against the 30 days before', async () => {
    const at = midLastMonth(zone).toJSDate();
    const revenue = (from: string, to: string) =>
      figure(
        db,
        `SELECT sum(mrr * 12 / 365.0) AS v FROM acct.mrr_daily
         WHERE day >= $1::timestamptz - interval '${from}' AND day < $1::timestamptz - interval '${to}'`,
        at
      );
    const current = await revenue('30 days', '0 days');
    const before = await revenue('60 days', '30 days');
    const growth = (100 * (current - before)) / Math.abs(before);
    const g = (await evaluate(db, catalog, at, ['revenue_growth_mom'])).get('revenue_growth_mom')!;
    expect(g.value).toBeCloseTo(growth, 6);
    expect(g.critical).toBe(-10);
    expect(g.status).toBe(growth < -10 ? 'critical' : 'ok');
  });

  test('documents processed monthly: paced, pending in the first days, then judged by the projection', async () => {
    const mid = midLastMonth(zone);
    const sumTo = (at: DateTime) =>
      figure(
        db,
        `SELECT sum(documents) AS v FROM acct.document_batches
         WHERE processed_at >= '${at.startOf('month').toISO()}'::timestamptz AND processed_at < $1::timestamptz`,
        at.toJSDate()
      );
    const value = await sumTo(mid);
    const pace = paceOf(mid, 'month', value, 10000);
    const d = (await evaluate(db, catalog, mid.toJSDate(), ['documents_processed'])).get('documents_processed')!;
    expect(d.value).toBe(value);
    expect(d.elapsedShare).toBeCloseTo(pace.share, 9);
    expect(d.projected).toBeCloseTo(pace.projected, 6);
    expect(d.expectedToDate).toBeCloseTo(pace.expected, 6);
    // no thresholds: the target is the warning level, judged on the projection
    expect(d.status).toBe(pace.projected < 10000 ? 'warning' : 'ok');
    expect(d.status).toBe('ok'); // about 16 documents an hour: on pace for more than 10,000

    // two days into the month (share < after: 0.1): no verdict yet
    const early = pace.start.plus({ days: 2 });
    const e = (await evaluate(db, catalog, early.toJSDate(), ['documents_processed'])).get('documents_processed')!;
    expect(e.value).toBe(await sumTo(early));
    expect(e.status).toBe('pending');
  });

  test('DAU/MAU is a formula over 1-day and 30-day distinct users; DAU share over all users', async () => {
    const at = midLastMonth(zone).toJSDate();
    const distinct = (days: number) =>
      figure(
        db,
        `SELECT count(DISTINCT user_id) AS v FROM acct.sessions
         WHERE started_at >= $1::timestamptz - interval '${days} days' AND started_at < $1::timestamptz`,
        at
      );
    const dau = await distinct(1);
    const wau = await distinct(7);
    const mau = await distinct(30);
    const users = await figure(db, `SELECT count(*) AS v FROM acct.users WHERE created_at < $1::timestamptz`, at);
    const kpis = await evaluate(db, catalog, at, ['dau', 'wau', 'mau', 'dau_mau_ratio', 'dau_share', 'wau_share']);
    expect(kpis.get('dau')!.value).toBe(dau);
    expect(kpis.get('wau')!.value).toBe(wau);
    expect(kpis.get('mau')!.value).toBe(mau);
    expect(kpis.get('dau_mau_ratio')!.value).toBeCloseTo((100 * dau) / mau, 9);
    const share = (100 * dau) / users;
    expect(kpis.get('dau_share')!.value).toBeCloseTo(share, 9);
    expect(kpis.get('dau_share')!.status).toBe(share < 60 ? 'critical' : share < 80 ? 'warning' : 'ok');
    expect(kpis.get('wau_share')!.value).toBeCloseTo((100 * wau) / users, 9);
    // plausible demo: most users active in a month, fewer on a given day
    expect(dau).toBeLessThan(wau);
    expect(wau).toBeLessThanOrEqual(mau);
  });

  test('net revenue retention: MRR a year ago plus the cohort net change, of that MRR', async () => {
    const at = midLastMonth(zone).toJSDate();
    const start = await figure(
      db,
      `SELECT sum(mrr) AS v FROM acct.mrr_daily
       WHERE day + interval '1 year' >= $1::timestamptz - interval '1 day' AND day + interval '1 year' < $1::timestamptz`,
      at
    );
    const change = await figure(
      db,
      `SELECT sum(CASE WHEN kind = 'expansion' THEN amount ELSE -amount END) AS v FROM acct.mrr_movements
       WHERE day >= $1::timestamptz - interval '365 days' AND day < $1::timestamptz`,
      at
    );
    const nrr = (100 * (start + change)) / start;
    const n = (await evaluate(db, catalog, at, ['net_revenue_retention'])).get('net_revenue_retention')!;
    expect(n.value).toBeCloseTo(nrr, 9);
    expect(n.status).toBe(nrr < 120 ? 'warning' : 'ok');
  });

  test('infrastructure cost per user: year-over-year growth judged against the -15 % target', async () => {
    const at = midLastMonth(zone).toJSDate();
    const perUser = (shift: string) =>
      figure(
        db,
        `SELECT 30 * sum(cost) / sum(users) AS v FROM acct.infra_cost_daily
         WHERE day >= (((($1::timestamptz - interval '30 days') AT TIME ZONE '${zone}') - interval '${shift}') AT TIME ZONE '${zone}')
           AND day < ((($1::timestamptz AT TIME ZONE '${zone}') - interval '${shift}') AT TIME ZONE '${zone}')`,
        at
      );
    const now = await perUser('0 years');
    const yearEarlier = await perUser('1 year');
    const growth = (100 * (now - yearEarlier)) / Math.abs(yearEarlier);
    const g = (await evaluate(db, catalog, at, ['infra_cost_per_user_yoy'])).get('infra_cost_per_user_yoy')!;
    expect(g.value).toBeCloseTo(growth, 6);
    expect(g.status).toBe(growth > -15 ? 'warning' : 'ok');
  });
});

describe('vps-automation: at most 5 manual interventions a month, paced (lower is better)', () => {
  let db: TestDatabase;
  const catalog = loadCatalog('vps-automation');
  const zone = 'America/New_York';

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadData(db, 'vps-automation');
  });

  afterAll(async () => {
    await db.drop();
  });

  test.each([10, 16, 25])('on day %d of last month the projection decides the status', async (day) => {
    const at = midLastMonth(zone).set({ day });
    const value = await figure(
      db,
      `SELECT count(*) AS v FROM vps.lifecycle_tasks
       WHERE manual_steps AND completed_at >= '${at.startOf('month').toISO()}'::timestamptz AND completed_at < $1::timestamptz`,
      at.toJSDate()
    );
    const pace = paceOf(at, 'month', value, 5);
    const m = (await evaluate(db, catalog, at.toJSDate(), ['manual_interventions'])).get('manual_interventions')!;
    expect(m.value).toBe(value);
    expect(m.projected).toBeCloseTo(pace.projected, 9);
    expect(m.expectedToDate).toBeCloseTo(pace.expected, 9);
    // thresholds { warning: 5, critical: 10 } on the projection; exactly on one does not breach
    expect(m.status).toBe(pace.projected > 10 ? 'critical' : pace.projected > 5 ? 'warning' : 'ok');
  });
});

describe('product-suite: 50+ deployments in 90 days as a paced quarter', () => {
  let db: TestDatabase;
  const catalog = loadCatalog('product-suite');

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadData(db, 'product-suite');
  });

  afterAll(async () => {
    await db.drop();
  });

  test('mid-quarter value, share, projection and status', async () => {
    const at = midLastMonth('UTC');
    const value = await figure(
      db,
      `SELECT count(*) AS v FROM suite.deployments
       WHERE deployed_at >= '${at.startOf('quarter').toISO()}'::timestamptz AND deployed_at < $1::timestamptz`,
      at.toJSDate()
    );
    const pace = paceOf(at, 'quarter', value, 50);
    const d = (await evaluate(db, catalog, at.toJSDate(), ['customer_deployments'])).get('customer_deployments')!;
    expect(d.value).toBe(value);
    expect(d.elapsedShare).toBeCloseTo(pace.share, 9);
    expect(d.projected).toBeCloseTo(pace.projected, 6);
    expect(d.status).toBe(pace.share < 0.2 ? 'pending' : pace.projected < 50 ? 'warning' : 'ok');
  });
});
