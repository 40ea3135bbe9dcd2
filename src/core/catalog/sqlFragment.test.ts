import { checkSourceSql, checkSqlFragment } from './sqlFragment';

describe('checkSqlFragment', () => {
  it.each([
    "status = 'succeeded'",
    "name = 'O''Brien'",
    'amount_cents / 100.0',
    '"we""ird" > 0',
    "note LIKE '%;%' AND note <> '--' AND note <> '/*'",
    '"a;b" IS NOT NULL',
    "E'it\\'s; fine' <> x",
    "path <> 'C:\\'",
    '$$ -- not a comment; $$ = x',
    "$tag$ it's ) ( ; $tag$ <> y",
    'price$usd > 0 AND a$b$ = 1',
    '$1 = 2',
    'coalesce((a), (b)) > (1)',
    'case when x then 1 else 0 end',
    "tags @> ARRAY['x']",
    '{{template}} = 1',
  ])('accepts %j', (text) => {
    expect(checkSqlFragment(text)).toBeUndefined();
  });

  it.each<[string, RegExp]>([
    ['', /must not be empty/],
    ['   ', /must not be empty/],
    ["name = 'O'Brien'", /unterminated string starting at offset 15/],
    ["status = 'ok", /unterminated string starting at offset 9/],
    ["E'it\\'s", /unterminated string/],
    ['"we"ird" > 0', /unterminated quoted identifier/],
    ['$$ x', /unterminated dollar-quoted string \$\$/],
    ['$t$ x $u$', /unterminated dollar-quoted string \$t\$/],
    ['1 = 1; DROP TABLE runs', /";" at offset 5/],
    ['x = 1 -- and the rest', /comments \(--\)/],
    ['x = 1 /* c */', /comments \(\/\*\)/],
    ['x = 1) OR (1 = 1', /"\)" at offset 5 has no matching "\("/],
    ['(x = 1', /"\(" at offset 0 is never closed/],
    ['coalesce(a, (b)', /"\(" at offset 8 is never closed/],
    ['x = \u0000', /NUL/],
  ])('rejects %j', (text, message) => {
    expect(checkSqlFragment(text)).toMatch(message);
  });
});

describe('checkSourceSql', () => {
  it.each([
    'SELECT created_at, plan FROM app.users WHERE NOT is_test',
    'select 1 as t',
    '  WITH x AS (SELECT 1) SELECT * FROM x',
    'select\n  *\nfrom t',
  ])('accepts %j', (text) => {
    expect(checkSourceSql(text)).toBeUndefined();
  });

  it.each<[string, RegExp]>([
    ['DELETE FROM users', /starting with SELECT or WITH/],
    ['selector FROM t', /starting with SELECT or WITH/],
    ['(SELECT 1)', /starting with SELECT or WITH/],
    ['SELECT 1; DELETE FROM users', /";"/],
    ['SELECT 1 --', /comments/],
  ])('rejects %j', (text, message) => {
    expect(checkSourceSql(text)).toMatch(message);
  });
});
