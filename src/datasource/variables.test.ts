import fc from 'fast-check';
import { ALL, expandEntry, expandList } from './variables';
import { testTemplateSrv } from './testTemplateSrv';

const HOSTILE = ["O'Brien", 'we"ird', 'a;b', 'back\\slash', '$notvar', "x'); DROP TABLE t; --"];

const templateSrv = testTemplateSrv([
  { name: 'team', options: ['red', 'blue', 'green'], current: 'red' },
  { name: 'teams', options: ['red', 'blue', 'green'], current: ['red', 'blue'] },
  { name: 'any', options: ['red', 'blue'], current: '$__all' },
  { name: 'hostile', options: HOSTILE, current: HOSTILE },
  { name: 'empty', options: [], current: [] },
]);

type Row = [string, string[] | typeof ALL];

describe('expandEntry: template-variable interpolation truth table', () => {
  it.each<Row>([
    ['plain', ['plain']],
    ['', ['']],
    ['$team', ['red']],
    ['${team}', ['red']],
    ['${team:csv}', ['red']],
    ['[[team]]', ['red']],
    ['$teams', ['red', 'blue']],
    ['$any', ALL],
    ['$hostile', HOSTILE],
    ['$empty', []],
    ['$unknown', ['$unknown']],
    ['team-$team', ['team-red']],
    ['team-$teams', ['team-red,blue']],
    ["O'Brien", ["O'Brien"]],
    ['back\\slash', ['back\\slash']],
  ])('%p → %p', (entry, expected) => {
    expect(expandEntry(entry, templateSrv)).toEqual(expected);
  });

  it('prefers scoped variables (repeated panels) over the dashboard value', () => {
    expect(expandEntry('$team', templateSrv, { team: { text: 'blue', value: 'blue' } })).toEqual(['blue']);
    expect(expandEntry('$any', templateSrv, { any: { text: 'red', value: 'red' } })).toEqual(['red']);
  });
});

describe('expandList', () => {
  it('flattens and de-duplicates', () => {
    expect(expandList(['$teams', 'red', 'x'], templateSrv)).toEqual(['red', 'blue', 'x']);
  });

  it('is ALL when any entry is a variable set to All', () => {
    expect(expandList(['x', '$any'], templateSrv)).toBe(ALL);
  });
});

// Grafana applies a format written in the variable (`${teams:csv}`) instead of the format function
// the caller passes; the values must still come back one by one, whatever the author wrote.
const FORMATS = ['csv', 'raw', 'regex', 'pipe', 'json', 'singlequote', 'doublequote', 'sqlstring', 'glob', 'text'];

describe('expandEntry whatever the variable format', () => {
  it.each(FORMATS)('${teams:%s} gives each value', (format) => {
    expect(expandEntry(`\${teams:${format}}`, templateSrv)).toEqual(['red', 'blue']);
    expect(expandEntry(`[[teams:${format}]]`, templateSrv)).toEqual(['red', 'blue']);
  });

  it.each(FORMATS)('${hostile:%s} gives the hostile values unchanged', (format) => {
    expect(expandEntry(`\${hostile:${format}}`, templateSrv)).toEqual(HOSTILE);
  });

  it.each(FORMATS)('${any:%s} set to All is no constraint', (format) => {
    expect(expandEntry(`\${any:${format}}`, templateSrv)).toBe(ALL);
  });

  it('keeps text around a formatted variable', () => {
    expect(expandEntry('team-${team:regex}', templateSrv)).toEqual(['team-red']);
  });

  it('collects any values of a multi-value variable in any format', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'binary', minLength: 1 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(...FORMATS, undefined),
        (values, format) => {
          const srv = testTemplateSrv([{ name: 'v', options: values, current: values }]);
          const entry = format ? `\${v:${format}}` : '$v';
          expect(expandList([entry], srv)).toEqual(values);
        }
      )
    );
  });
});

describe('testTemplateSrv behaves as Grafana', () => {
  it('applies the format written in the text over the format function', () => {
    const collect = jest.fn(() => 'collected');
    expect(templateSrv.replace('${teams:csv}', undefined, collect)).toBe('red,blue');
    expect(templateSrv.replace('${teams:regex}', undefined, collect)).toBe('(red|blue)');
    expect(templateSrv.replace('${teams:sqlstring}', undefined, collect)).toBe("'red','blue'");
    expect(templateSrv.replace('${teams:pipe}')).toBe('red|blue');
    expect(templateSrv.replace('$teams')).toBe('{red,blue}');
    expect(collect).not.toHaveBeenCalled();
    expect(templateSrv.replace('$teams', undefined, collect)).toBe('collected');
    expect(collect).toHaveBeenCalledWith(['red', 'blue']);
  });
});
