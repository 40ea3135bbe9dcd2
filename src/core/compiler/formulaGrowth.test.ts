import { nestedFormulaCatalog } from '../../../tests/support/nestedCatalog';
import { instant } from './anchor';
import { compileEval } from './evalQuery';

// A formula that uses another formula twice, nested: each KPI is computed once and referenced by
// name, so the statement grows by about the same amount per level (it used to paste each operand,
// 4× per level, until PostgreSQL's JIT ran for minutes).
const nestedCatalog = (levels: number) => nestedFormulaCatalog(levels, 30);

const at = instant('2025-06-01T00:00:00Z');
const lengthAt = (levels: number) => compileEval(nestedCatalog(levels), { at, kpiIds: [`f${levels}`] }).length;

describe('a formula using another twice, nested', () => {
  it('compiles to SQL that grows linearly with the depth', () => {
    const lengths = Array.from({ length: 25 }, (_, n) => lengthAt(n));
    const steps = lengths.slice(1).map((l, i) => l - lengths[i]);
    // Every level adds about the same text (names get a digit longer at f10): no doubling.
    expect(Math.max(...steps)).toBeLessThan(1.5 * Math.min(...steps));
    expect(lengths[24]).toBeLessThan(lengths[12] * 2.2);
  });

  it('computes each KPI of the chain once, as a named subquery', () => {
    const sql = compileEval(nestedCatalog(12), { at, kpiIds: ['f12'] });
    expect(sql.match(/count\(\*\)/g)).toHaveLength(2); // f0's current and previous value, once each
    expect(sql).toContain('(f11.value + f11.value) AS value');
  });
});
