import { numberLiteral, quoteIdent, quoteLiteral } from './quote';

describe('quoteIdent', () => {
  it.each<[string | string[], string]>([
    ['finished_at', '"finished_at"'],
    ['CreatedAt', '"CreatedAt"'],
    [['portal', 'runs'], '"portal"."runs"'],
    ['we"ird', '"we""ird"'],
    ["O'Brien", `"O'Brien"`],
  ])('%j → %s', (input, expected) => {
    expect(quoteIdent(input)).toBe(expected);
  });
});

describe('quoteLiteral', () => {
  it.each<[string, string]>([
    ['plain', "'plain'"],
    ["O'Brien", "'O''Brien'"],
    ["'; DROP TABLE x; --", "'''; DROP TABLE x; --'"],
    ['back\\slash', "'back\\slash'"],
    ['$var', "'$var'"],
    ['$$dollar$$', "'$$dollar$$'"],
  ])('%s → %s', (input, expected) => {
    expect(quoteLiteral(input)).toBe(expected);
  });

  it('rejects a NUL byte, which PostgreSQL text cannot hold', () => {
    expect(() => quoteLiteral('a\u0000b')).toThrow(/NUL/);
  });
});

describe('numberLiteral', () => {
  it.each<[number, string]>([
    [95, '95'],
    [0.5, '0.5'],
    [-3, '(-3)'],
    [1e21, '1e+21'],
  ])('%d → %s', (input, expected) => {
    expect(numberLiteral(input)).toBe(expected);
  });

  it('rejects NaN and infinities', () => {
    expect(() => numberLiteral(NaN)).toThrow();
    expect(() => numberLiteral(Infinity)).toThrow();
  });
});
