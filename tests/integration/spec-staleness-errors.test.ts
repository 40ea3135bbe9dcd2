/** @jest-environment node */
/**
 * lastDataAt and stale (docs/catalog.md, Derived figures) (freshness boundary, no freshness, no rows, formulas), and
 * errors: one KPI whose SQL fails comes back with `status: 'error'` while the others in the
 * same request keep their values; unknown KPI ids and undeclared dimensions are OpenKpiError.
 */
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { OpenKpiError } from '../../src/core/errors';
import { parseWindow } from '../../src/core/catalog/duration';
import { evaluateBreakdown } from '../../src/core/evaluation/breakdown';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
import { evaluateSeries } from '../../src/core/evaluation/series';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, isoOf, ms, pgRunner } from '../support/fixtures';

const EV = [
  { t: new Date('2025-05-01T08:00:00Z'), v: 1, kind: 'keep' },
  { t: new Date('2025-05-01T10:00:00Z'), v: 2, kind: 'skip' }, // filtered out by the KPI, still "data arriving"
  { t: new Date('2025-05-01T10:30:00Z'), v: 4, kind: 'keep' },
];
const OLD = [{ t: new Date('2025-04-01T00:00:00Z'), v: 8 }];

const YAML = `apiVersion: openkpi/v1
name: spec-staleness
timezone: UTC
sources:
  ev:
    table: app.ev
    time: t
    dimensions: [kind]
    freshness: 15m
  old:
    table: app.old
    time: t
  empty:
    table: app.empty
    time: t
    freshness: 1h
kpis:
  - {id: fresh_count, name: Fresh count, source: ev, window: 1m, filter: "kind = 'keep'", measure: {aggregate: count}}
  - {id: old_sum, name: Old sum, source: old, window: 1d, measure: {aggregate: sum, expression: v}}
  - {id: empty_count, name: Empty count, source: empty, window: 1d, measure: {aggregate: count}}
  - {id: f_two, name: Two sources, measure: {formula: "fresh_count + old_sum"}}
  - {id: f_of_f, name: Formula of formula, measure: {formula: "f_two * 2"}}
  - {id: f_empty, name: With an empty source, measure: {formula: "fresh_count + empty_count"}}
`;

interface StaleCase {
  at: string;
  fresh: [string | null, boolean];
  old: [string | null, boolean];
  /**
   * Formula f_two / f_of_f: earliest lastDataAt of the operands, stale when any is. `undefined`
   * lastDataAt: not checked (docs/catalog.md does not say what "earliest" is when an operand has none).
   */
  formula: [string | null | undefined, boolean];
}

const OLD_AT = '2025-04-01T00:00:00Z';

const STALE: StaleCase[] = [
  // lastDataAt = at − 15m exactly: not before at − freshness → fresh
  {
    at: '2025-05-01T10:15:00Z',
    fresh: ['2025-05-01T10:00:00Z', false],
    old: [OLD_AT, false],
    formula: [OLD_AT, false],
  },
  { at: '2025-05-01T10:15:01Z', fresh: ['2025-05-01T10:00:00Z', true], old: [OLD_AT, false], formula: [OLD_AT, true] },
  // a row exactly at `at` is not before `at`
  { at: '2025-05-01T10:00:00Z', fresh: ['2025-05-01T08:00:00Z', true], old: [OLD_AT, false], formula: [OLD_AT, true] },
  { at: '2025-05-01T10:30:00Z', fresh: ['2025-05-01T10:00:00Z', true], old: [OLD_AT, false], formula: [OLD_AT, true] },
  {
    at: '2025-05-01T10:40:00Z',
    fresh: ['2025-05-01T10:30:00Z', false],
    old: [OLD_AT, false],
    formula: [OLD_AT, false],
  },
  // no row before `at`: null; stale only where a freshness is set
  { at: '2025-05-01T08:00:00Z', fresh: [null, true], old: [OLD_AT, false], formula: [undefined, true] },
];

describe('lastDataAt, stale, and errors (docs/catalog.md, docs/engine.md) (real PostgreSQL)', () => {
  let db: TestDatabase;
  let catalog: Catalog;

  beforeAll(async () => {
    db = await createTestDatabase();
    await createTable(db, 'app.ev', { t: 'timestamptz', v: 'double precision', kind: 'text' }, EV);
    await createTable(db, 'app.old', { t: 'timestamptz', v: 'double precision' }, OLD);
    await createTable(db, 'app.empty', { t: 'timestamptz' });
    await createTable(db, 'app.broken', { t: 'timestamptz', v: 'double precision' }, [
      { t: new Date('2025-05-01T09:30:00Z'), v: 3 },
      { t: new Date('2025-05-01T09:50:00Z'), v: 4.5 },
    ]);
    catalog = catalogOf(YAML);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const iso = (t: string | null) => (t === null ? null : isoOf(t));
  const formulaPick = (k: KpiEvaluation, lastDataAt: string | null | undefined) =>
    lastDataAt === undefined ? [k.stale] : [k.lastDataAt, k.stale];

  it.each(STALE.map((s) => [s.at, s] as const))('at %s', async (at, s) => {
    const res = await evaluateKpis(catalog, { at: instant(at) }, pgRunner(db));
    const by = new Map(res.kpis.map((k) => [k.id, k]));
    const pick = (k: KpiEvaluation) => [k.lastDataAt, k.stale];
    expect(pick(by.get('fresh_count')!)).toEqual([iso(s.fresh[0]), s.fresh[1]]);
    expect(pick(by.get('old_sum')!)).toEqual([iso(s.old[0]), s.old[1]]);
    const [fAt, fStale] = s.formula;
    const want = fAt === undefined ? [fStale] : [iso(fAt), fStale];
    expect(formulaPick(by.get('f_two')!, fAt)).toEqual(want);
    expect(formulaPick(by.get('f_of_f')!, fAt)).toEqual(want);
    // a source with a freshness and no rows at all: lastDataAt null, stale; the formula over it is stale
    expect(pick(by.get('empty_count')!)).toEqual([null, true]);
    expect(by.get('f_empty')!.stale).toBe(true);
  });

  it('lastDataAt ignores the window and the KPI filter but the value does not', async () => {
    const res = await evaluateKpis(
      catalog,
      { at: instant('2025-05-01T10:00:30Z'), kpiIds: ['fresh_count'] },
      pgRunner(db)
    );
    const k = res.kpis[0];
    // window 1m = [09:59:30, 10:00:30): only the 'skip' row at 10:00, which the filter removes
    expect(k.value).toBe(0);
    expect(k.lastDataAt).toBe(isoOf('2025-05-01T10:00:00Z'));
  });

  it('no freshness: never stale, even with no data at all', async () => {
    const res = await evaluateKpis(catalog, { at: instant('2025-03-01T00:00:00Z'), kpiIds: ['old_sum'] }, pgRunner(db));
    expect(res.kpis[0]).toMatchObject({ lastDataAt: null, stale: false, value: 0 });
  });

  describe('a failing KPI', () => {
    const BROKEN = `apiVersion: openkpi/v1
name: spec-errors
sources:
  b:
    table: app.broken
    time: t
    dimensions: [v]
kpis:
  - {id: ok_first, name: First ok, source: b, window: 1h, measure: {aggregate: count}}
  - {id: bad, name: Broken sum, source: b, window: 1h, measure: {aggregate: sum, expression: "no_such_column"}}
  - {id: ok_last, name: Last ok, source: b, window: 1h, measure: {aggregate: sum, expression: v}}
`;
    const AT = '2025-05-01T10:00:00Z';

    it('gets status error with its name and PostgreSQL message; the others keep their values', async () => {
      const res = await evaluateKpis(catalogOf(BROKEN), { at: instant(AT) }, pgRunner(db));
      expect(res.catalog).toBe('spec-errors');
      expect(res.at).toBe(isoOf(AT));
      const [first, bad, last] = res.kpis;
      expect(res.kpis.map((k) => k.id)).toEqual(['ok_first', 'bad', 'ok_last']);
      expect(first).toMatchObject({ value: 2, status: 'ok' });
      expect(first.error).toBeUndefined();
      expect(last).toMatchObject({ value: 3 + 4.5, status: 'ok' });
      expect(last.error).toBeUndefined();
      expect(bad.status).toBe('error');
      expect(bad.value).toBeNull();
      expect(bad.error).toContain('Broken sum');
      expect(bad.error).toContain('column "no_such_column" does not exist');
    });

    it('alone, it still reports the error instead of throwing', async () => {
      const res = await evaluateKpis(catalogOf(BROKEN), { at: instant(AT), kpiIds: ['bad'] }, pgRunner(db));
      expect(res.kpis[0].status).toBe('error');
      expect(res.kpis[0].error).toMatch(/Broken sum.*no_such_column/);
    });
  });

  describe('OpenKpiError', () => {
    const day = parseWindow('day')!;
    const at = instant('2025-05-01T10:00:00Z');

    it.each([
      ['evaluateKpis, unknown KPI', () => evaluateKpis(catalog, { at, kpiIds: ['nope'] }, pgRunner(db))],
      [
        'evaluateKpis, undeclared filter dimension',
        () => evaluateKpis(catalog, { at, filters: [{ dimension: 'v', values: ['1'] }] }, pgRunner(db)),
      ],
      [
        'evaluateSeries, unknown KPI',
        () =>
          evaluateSeries(
            catalog,
            {
              kpiId: 'nope',
              from: new Date(ms('2025-05-01T00:00:00Z')),
              to: new Date(ms('2025-05-02T00:00:00Z')),
              step: day,
              mode: 'buckets',
            },
            pgRunner(db)
          ),
      ],
      [
        'evaluateBreakdown, unknown KPI',
        () => evaluateBreakdown(catalog, { kpiId: 'nope', by: 'kind', at }, pgRunner(db)),
      ],
      [
        'evaluateBreakdown, undeclared dimension',
        () => evaluateBreakdown(catalog, { kpiId: 'fresh_count', by: 'v', at }, pgRunner(db)),
      ],
    ] as Array<[string, () => Promise<unknown>]>)('%s', async (_label, call) => {
      await expect(call()).rejects.toBeInstanceOf(OpenKpiError);
    });
  });
});
