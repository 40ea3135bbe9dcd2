import type { Catalog } from '../core/catalog/model';
import { parseCatalog } from '../core/catalog/parse';
import type { SqlRunner } from '../core/evaluation/runner';
import { dimensionValuesSql } from './dimensionValues';
import { TEST_CATALOG_YAML } from './fixtures';
import { metricFind } from './metricFind';

const catalog = parseCatalog(TEST_CATALOG_YAML, 'test.yaml').catalog as Catalog;
const noSql: SqlRunner = { query: () => Promise.reject(new Error('no SQL expected')) };

describe('metricFind', () => {
  it.each([
    ['areas()', ['Provisioning', 'Support']],
    ['owners()', ['platform-team', 'support-team']],
    ['tags()', ['provisioning', 'reliability', 'volume']],
    ['dimensions()', ['team', 'template']],
    // A KPI's own: what it can be broken down by (a KPI dashboard's "Breakdown by").
    ['dimensions(success_rate)', ['team', 'template']],
    ['dimensions( resolution_minutes )', ['team']],
    [' areas ', ['Provisioning', 'Support']],
  ])('%p → %p', async (query, expected) => {
    expect((await metricFind(catalog, query, noSql)).map((v) => v.value)).toEqual(expected);
  });

  it('lists KPIs with their names as text and ids as values', async () => {
    expect(await metricFind(catalog, 'kpis()', noSql)).toContainEqual({
      text: 'Ticket resolution time',
      value: 'resolution_minutes',
    });
  });

  it('rejects unknown queries and undeclared dimensions', async () => {
    await expect(metricFind(catalog, 'drop()', noSql)).rejects.toThrow('unknown variable query "drop()"');
    await expect(metricFind(catalog, 'values(status)', noSql)).rejects.toThrow('dimension "status" is not declared');
    await expect(metricFind(catalog, "dimensions(O'Brien)", noSql)).rejects.toThrow('unknown KPI "O\'Brien"');
  });
});

describe('dimensionValuesSql', () => {
  it('unions every source declaring the dimension (names quoted only where PostgreSQL needs it)', () => {
    const sql = dimensionValuesSql(catalog, 'team');
    expect(sql).toContain('SELECT s.team::text AS value FROM portal.runs s');
    expect(sql).toContain('SELECT s.team::text AS value FROM (SELECT opened_at, minutes, team FROM portal.tickets) s');
  });
});
