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
