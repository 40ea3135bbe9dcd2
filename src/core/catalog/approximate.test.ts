/** @jest-environment node */
import { parseCatalog } from './parse';
import { formatProblem } from './problems';

const catalog = (kpi: string, top = '') => `apiVersion: openkpi/v1
name: t
${top}sources:
  runs: { table: portal.runs, time: at }
kpis:
  - id: k
    name: K
    source: runs
    window: 7d
${kpi}
`;

describe('approximate (docs/rollups.md)', () => {
  it('is accepted on percentile and distinct-count KPIs and on the catalog', () => {
    const kpi = '    approximate: true\n    measure: { aggregate: p95, expression: ms }';
    const result = parseCatalog(catalog(kpi, 'approximate: true\n'), 'c.yaml');
    expect(result.problems).toEqual([]);
    expect(result.catalog?.approximate).toBe(true);
    expect(result.catalog?.kpis[0].approximate).toBe(true);
  });

  it('on a measure that is exact from a rollup is an error at its line', () => {
    const kpi = '    approximate: true\n    measure: { aggregate: sum, expression: ms }';
    const { problems } = parseCatalog(catalog(kpi), 'c.yaml');
    expect(problems.map((p) => formatProblem(p))).toEqual([
      expect.stringMatching(/^c\.yaml:10:18: kpis\[0\]\.approximate: approximate: true applies to percentile/),
    ]);
  });

  it('must be a boolean', () => {
    const { problems } = parseCatalog(catalog('    measure: { aggregate: count }', 'approximate: yes\n'), 'c.yaml');
    expect(problems.map((p) => formatProblem(p))).toEqual([expect.stringMatching(/^c\.yaml:3:\d+: approximate: /)]);
  });
});
