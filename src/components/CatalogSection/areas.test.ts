import type { Kpi } from '../../core/catalog/model';
import { groupByArea, NO_AREA } from './areas';

const kpi = (id: string, area?: string) => ({ id, area }) as Kpi;

describe('groupByArea', () => {
  it('keeps areas in order of first appearance and KPIs in catalog order, unassigned last', () => {
    const groups = groupByArea([kpi('a', 'Sales'), kpi('b'), kpi('c', 'Ops'), kpi('d', 'Sales')]);
    expect(groups.map((g) => [g.area, g.kpis.map((k) => k.id)])).toEqual([
      ['Sales', ['a', 'd']],
      ['Ops', ['c']],
      [NO_AREA, ['b']],
    ]);
  });

  it('returns nothing for an empty catalog', () => {
    expect(groupByArea([])).toEqual([]);
  });
});
