import { FormulaSyntaxError, formulaRefs, parseFormula } from './formula';
import { FormulaNode } from './model';

const ref = (kpi: string): FormulaNode => ({ type: 'ref', kpi });
const num = (value: number): FormulaNode => ({ type: 'number', value });
const bin = (op: '+' | '-' | '*' | '/', left: FormulaNode, right: FormulaNode): FormulaNode => ({
  type: 'binary',
  op,
  left,
  right,
});

describe('parseFormula', () => {
  it.each<[string, FormulaNode]>([
    ['clv / cac', bin('/', ref('clv'), ref('cac'))],
    ['a + b * c', bin('+', ref('a'), bin('*', ref('b'), ref('c')))],
    ['(a + b) * c', bin('*', bin('+', ref('a'), ref('b')), ref('c'))],
    ['a - b - c', bin('-', bin('-', ref('a'), ref('b')), ref('c'))],
    ['a / b / c', bin('/', bin('/', ref('a'), ref('b')), ref('c'))],
    ['100 * (won - lost) / won', bin('/', bin('*', num(100), bin('-', ref('won'), ref('lost'))), ref('won'))],
    ['-a', { type: 'neg', operand: ref('a') }],
    ['--a', { type: 'neg', operand: { type: 'neg', operand: ref('a') } }],
    ['a * -2.5', bin('*', ref('a'), { type: 'neg', operand: num(2.5) })],
    ['.5 * x_1', bin('*', num(0.5), ref('x_1'))],
    ['  a\t+\nb  ', bin('+', ref('a'), ref('b'))],
    ['42', num(42)],
  ])('%j', (text, expected) => {
    expect(parseFormula(text)).toEqual(expected);
  });

  it.each<[string, number, string]>([
    ['', 0, 'expected a number, a KPI id or "(" but found end of formula'],
    ['a +', 3, 'expected a number, a KPI id or "(" but found end of formula'],
    ['a * * b', 4, 'expected a number, a KPI id or "(" but found "*"'],
    ['(a + b', 6, 'expected ")" but found end of formula'],
    ['a + b)', 5, 'unexpected ")"'],
    ['a b', 2, 'unexpected "b"'],
    ['a ^ 2', 2, 'unexpected character "^"'],
    ['a.b', 1, 'unexpected character "."'],
    ['1.', 1, 'unexpected character "."'],
    ['+a', 0, 'expected a number, a KPI id or "(" but found "+"'],
    ["a + 'x'", 4, `unexpected character "'"`],
    ['$var', 0, 'unexpected character "$"'],
    ['a; drop', 1, 'unexpected character ";"'],
    ['()', 1, 'expected a number, a KPI id or "(" but found ")"'],
  ])('rejects %j at offset %d', (text, offset, message) => {
    let error: unknown;
    try {
      parseFormula(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormulaSyntaxError);
    expect((error as FormulaSyntaxError).offset).toBe(offset);
    expect((error as FormulaSyntaxError).message).toBe(`${message} at offset ${offset}`);
  });

  it('limits nesting instead of overflowing the stack', () => {
    expect(() => parseFormula(`${'('.repeat(10_000)}a${')'.repeat(10_000)}`)).toThrow(/nested more than 64 levels/);
    expect(() => parseFormula(`${'-'.repeat(10_000)}a`)).toThrow(FormulaSyntaxError);
    expect(parseFormula(`${'('.repeat(20)}a${')'.repeat(20)}`)).toEqual(ref('a'));
  });
});

describe('formulaRefs', () => {
  it.each<[string, string[]]>([
    ['clv / cac', ['clv', 'cac']],
    ['b * (a - b) / -c + 2', ['b', 'a', 'c']],
    ['1 + 2', []],
  ])('%j uses %j', (text, refs) => {
    expect(formulaRefs(parseFormula(text))).toEqual(refs);
  });
});

describe('number literals', () => {
  it('refuses a number too large to be finite, at its offset', () => {
    expect(() => parseFormula(`a * 1${'0'.repeat(400)}`)).toThrow(
      new FormulaSyntaxError('number "10000000000000000000…" is too large', 4)
    );
    expect(parseFormula(`a * 1${'0'.repeat(300)}`)).toEqual({
      type: 'binary',
      op: '*',
      left: { type: 'ref', kpi: 'a' },
      right: { type: 'number', value: 1e300 },
    });
  });
});
