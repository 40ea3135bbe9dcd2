import fc from 'fast-check';
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
    // Backslashes: an escape string reads the same whatever standard_conforming_strings says.
    ['back\\slash', "E'back\\\\slash'"],
    ["\\'; SELECT pg_sleep(2); --", "E'\\\\''; SELECT pg_sleep(2); --'"],
    // `$` never appears in the text, so Grafana's macro expansion cannot see a macro.
    ['$var', "E'\\x24var'"],
    ['$__interval', "E'\\x24__interval'"],
    ['$__timeFilter(x)', "E'\\x24__timeFilter(x)'"],
  ])('%s → %s', (input, expected) => {
    expect(quoteLiteral(input)).toBe(expected);
  });

  it('rejects a NUL byte, which PostgreSQL text cannot hold', () => {
    expect(() => quoteLiteral('a\u0000b')).toThrow(/NUL/);
  });

  it('never leaves a `$` or an unescaped quote or backslash in the literal', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000')),
        (value) => {
          const lit = quoteLiteral(value);
          expect(lit).not.toContain('$');
          const body = lit.startsWith('E') ? lit.slice(2, -1) : lit.slice(1, -1);
          // Inside the body, quotes come in pairs and (in E'') backslashes start an escape.
          expect(body.replace(/''/g, '').replace(/\\\\|\\x24/g, '')).not.toMatch(/['\\]/);
        }
      ),
      { numRuns: 500 }
    );
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
