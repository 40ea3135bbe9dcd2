import { escapeDeep, escapeDollars } from './dollar';

describe('escapeDollars', () => {
  it.each([
    ['plain', 'plain'],
    ["amount > 0 AND note <> '$var'", "amount > 0 AND note <> '$$var'"],
    ['$$', '$$$$'],
    ['${X} and $__env{Y}', '$${X} and $$__env{Y}'],
    ['O\'Brien \\ we"ird', 'O\'Brien \\ we"ird'],
  ])('%j → %j', (text, expected) => {
    expect(escapeDollars(text)).toBe(expected);
  });

  it('escapes strings deep inside documents and leaves other values', () => {
    expect(escapeDeep({ a: ['$x', 1, null, true], b: { c: 'y$' } })).toEqual({
      a: ['$$x', 1, null, true],
      b: { c: 'y$$' },
    });
  });
});
