import type { KpiEvaluation } from '../core/evaluation/evaluate';
import type { Status } from '../core/rules/status';
import { bySeverity, kpiFrame, scorecardFrame } from './frames';
import type { KpiFigure } from '../query/model';

function evaluation(id: string, status: Status, value: number | null = 1): KpiEvaluation {
  return {
    id,
    name: `KPI ${id}`,
    unit: 'percent',
    decimals: 1,
    direction: 'higher',
    value,
    target: 95,
    warning: 95,
    critical: 90,
    status,
    attainment: null,
    previous: null,
    change: null,
    changePercent: null,
    window: { from: '2025-03-01T00:00:00.000Z', to: '2025-03-31T00:00:00.000Z' },
    previousWindow: { from: '', to: '' },
    lastDataAt: null,
    stale: false,
  };
}

describe('bySeverity', () => {
  it('puts the most severe first and keeps catalog order among equals', () => {
    const sorted = bySeverity([
      evaluation('a', 'ok'),
      evaluation('b', 'warning'),
      evaluation('c', 'no_data', null),
      evaluation('d', 'critical'),
      evaluation('e', 'error', null),
      evaluation('f', 'warning'),
    ]);
    expect(sorted.map((e) => e.id)).toEqual(['d', 'e', 'b', 'f', 'c', 'a']);
  });
});

describe('kpiFrame', () => {
  it('carries the definition as field config of the value', () => {
    const frame = kpiFrame(evaluation('rate', 'ok', 96), 'A', 'ds 1');
    const value = frame.fields[0];
    expect(value.config).toMatchObject({ displayName: 'KPI rate', unit: 'percent', decimals: 1, min: 0, max: 100 });
    expect(value.config.links?.[0].url).toBe('/a/openkpi-scorecard-app/kpi/rate?ds=ds%201&${__url_time_range}');
    expect(frame.fields.map((f) => f.name)).toEqual([
      'value',
      'target',
      'status',
      'attainment',
      'previous',
      'change',
      'changePercent',
    ]);
  });

  it('returns only the chosen figures, in the chosen order; none or empty means all', () => {
    const e = evaluation('rate', 'ok', 96);
    const names = (f?: KpiFigure[]) => kpiFrame(e, 'A', undefined, { figures: f }).fields.map((x) => x.name);
    expect(names(['changePercent', 'target'])).toEqual(['changePercent', 'target']);
    expect(names(['status'])).toEqual(['status']);
    expect(names([])).toHaveLength(7);
    expect(names(undefined)).toHaveLength(7);
  });
});

describe('scorecardFrame', () => {
  it('has one row per KPI with a link per row', () => {
    const frame = scorecardFrame([evaluation('a', 'ok'), evaluation('b', 'critical')], 'A');
    expect(frame.length).toBe(2);
    expect(frame.fields.find((f) => f.name === 'id')?.values).toEqual(['b', 'a']);
    expect(frame.fields[0].config.links?.[0].url).toContain('${__data.fields.id}');
    expect(frame.fields.find((f) => f.name === 'windowTo')?.values).toEqual([
      Date.parse('2025-03-31T00:00:00Z'),
      Date.parse('2025-03-31T00:00:00Z'),
    ]);
  });
});
