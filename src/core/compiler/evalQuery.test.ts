import { Catalog, Kpi } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { instant, NOW } from './anchor';
import { compileEval } from './evalQuery';

const base: Omit<Kpi, 'id' | 'name'> = {
  tags: [],
  source: 'runs',
  window: { kind: 'calendar', unit: 'month', text: 'month' },
  direction: 'higher',
  measure: { kind: 'aggregate', aggregate: 'count' },
};

const catalog: Catalog = {
  apiVersion: 'openkpi/v1',
  name: 'shape',
  timezone: 'Europe/Berlin',
  sources: {
    runs: { name: 'runs', table: ['portal', 'Runs'], time: 'finishedAt', dimensions: ['team'] },
  },
  kpis: [
    { ...base, id: 'a', name: 'A' },
    { ...base, id: 'b', name: 'B', filter: "status <> 'cancelled'" },
  ],
};

describe('compileEval', () => {
  it('evaluates many KPIs in one statement with one anchor', () => {
    // At a literal instant the bounds are constants, the same for every KPI (March 2025 in Berlin).
    const sql = compileEval(catalog, { at: instant('2025-03-31T00:00:00Z') });
    expect(sql).not.toContain('now()');
    expect(sql).not.toContain('AS at');
    expect(sql).toContain(`s."finishedAt" >= '2025-02-28T23:00:00Z'::timestamptz`);
    expect(sql).toContain(`s."finishedAt" < '2025-03-31T00:00:00Z'::timestamptz`);
    expect(sql).toContain(`(0, 'a', `);
    expect(sql).toContain(`(1, 'b', `);
    expect(sql).not.toContain(';');
  });

  it('writes the bounds once at now(), in the bounds CTE', () => {
    const sql = compileEval(catalog, { at: NOW });
    expect(sql.match(/AS at\)/g)).toHaveLength(1);
  });

  it('uses now() for alert rules, from the same code path', () => {
    const sql = compileEval(catalog, { at: NOW });
    expect(sql).toContain('SELECT now() AS at');
    expect(sql).not.toMatch(/\$__/); // no Grafana macros: the statement runs anywhere
  });

  it('quotes identifiers, keeping their case', () => {
    const sql = compileEval(catalog, { at: NOW, kpiIds: ['a'] });
    expect(sql).toContain('FROM portal."Runs" s');
    expect(sql).toContain('s."finishedAt"');
  });

  it('computes calendar windows in the catalog time zone', () => {
    const sql = compileEval(catalog, { at: NOW, kpiIds: ['a'] });
    expect(sql).toContain(`date_trunc('month', just_before AT TIME ZONE 'Europe/Berlin') AS month_start`);
  });

  it.each([
    [`O'Brien`, `'O''Brien'`],
    [`x'); DROP TABLE portal.runs; --`, `'x''); DROP TABLE portal.runs; --'`],
    ['back\\slash', `E'back\\\\slash'`],
    ['$1', `E'\\x241'`],
    ['we"ird', `'we"ird'`],
  ])('passes the dimension value %s only as a literal', (value, literal) => {
    const sql = compileEval(catalog, { at: NOW, kpiIds: ['a'], filters: [{ dimension: 'team', values: [value] }] });
    expect(sql).toContain(`s.team::text IN (${literal})`);
  });

  it('matches nothing for an empty value list', () => {
    const sql = compileEval(catalog, { at: NOW, kpiIds: ['a'], filters: [{ dimension: 'team', values: [] }] });
    expect(sql).toContain('AND false');
  });

  it('rejects an unknown KPI and an undeclared dimension before any SQL runs', () => {
    expect(() => compileEval(catalog, { at: NOW, kpiIds: ['nope'] })).toThrow(OpenKpiError);
    expect(() => compileEval(catalog, { at: NOW, filters: [{ dimension: 'region', values: ['eu'] }] })).toThrow(
      /dimension "region" is not declared on source runs/
    );
  });
});
