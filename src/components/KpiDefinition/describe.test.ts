import type { Kpi, Measure } from '../../core/catalog/model';
import { describeMeasure, describeTarget, describeThresholds, describeWindow, formatFigure, NONE } from './describe';

describe('formatFigure', () => {
  it.each<[number | null | undefined, string | undefined, number | undefined, string]>([
    [96.24, 'percent', 1, '96.2%'],
    [30, 'm', undefined, '30 min'],
    [1234, undefined, 0, '1234'],
    [null, 'percent', 1, NONE],
    [undefined, undefined, undefined, NONE],
    [NaN, undefined, undefined, NONE],
  ])('%p %p %p → %p', (value, unit, decimals, text) => {
    expect(formatFigure(value, unit, decimals)).toBe(text);
  });
});

describe('describeMeasure', () => {
  it.each<[Measure, string]>([
    [{ kind: 'aggregate', aggregate: 'count' }, 'count of rows'],
    [{ kind: 'aggregate', aggregate: 'avg', expression: 'minutes' }, 'average of minutes'],
    [
      { kind: 'aggregate', aggregate: 'p95', expression: 'ms', filter: "team = 'O''Brien'" },
      "95th percentile of ms where team = 'O''Brien'",
    ],
    [
      {
        kind: 'ratio',
        numerator: { kind: 'aggregate', aggregate: 'count', filter: "status = 'ok'" },
        denominator: { kind: 'aggregate', aggregate: 'count' },
        scale: 100,
      },
      "100 × (count of rows where status = 'ok') / (count of rows)",
    ],
    [
      {
        kind: 'ratio',
        numerator: { kind: 'aggregate', aggregate: 'sum', expression: 'a' },
        denominator: { kind: 'aggregate', aggregate: 'sum', expression: 'b' },
        scale: 1,
      },
      '(sum of a) / (sum of b)',
    ],
    [{ kind: 'nps', expression: 'score' }, 'Net Promoter Score of score (0–10 scores)'],
    [{ kind: 'formula', formula: 'clv / cac', ast: { type: 'number', value: 0 } }, 'formula clv / cac'],
  ])('%j', (measure, text) => {
    expect(describeMeasure(measure)).toBe(text);
  });
});

describe('describeWindow', () => {
  it('words rolling and calendar windows', () => {
    expect(describeWindow({ kind: 'rolling', amount: 1, unit: 'h', text: '1h' }, 'UTC')).toBe('the last 1 hour (1h)');
    expect(describeWindow({ kind: 'rolling', amount: 30, unit: 'd', text: '30d' }, 'UTC')).toBe(
      'the last 30 days (30d)'
    );
    expect(describeWindow({ kind: 'calendar', unit: 'month', text: 'month' }, 'Europe/Berlin')).toBe(
      'the month to date (Europe/Berlin)'
    );
  });
});

describe('targets and thresholds', () => {
  const base = { id: 'k', name: 'K', tags: [], unit: 'percent', decimals: 0, direction: 'higher' } as unknown as Kpi;

  it('describes a fixed target, a schedule and no target', () => {
    expect(describeTarget({ ...base, target: 95 })).toBe('95%');
    expect(
      describeTarget({
        ...base,
        targets: [
          { from: { kind: 'date', date: '2025-01-01' }, value: 90 },
          { from: { kind: 'timestamp', iso: '2025-07-01T12:00:00Z' }, value: 95 },
        ],
      })
    ).toBe('90% from 2025-01-01, 95% from 2025-07-01T12:00:00Z');
    expect(describeTarget(base)).toBe('none');
  });

  it('says which side breaches, and that the target warns when there are no thresholds', () => {
    expect(describeThresholds({ ...base, thresholds: { warning: 95, critical: 90 } })).toBe(
      'warning below 95%, critical below 90%'
    );
    expect(describeThresholds({ ...base, direction: 'lower', thresholds: { critical: 60 } })).toBe(
      'no warning threshold, critical above 60%'
    );
    expect(describeThresholds(base)).toBe('warning below the target in force; no critical threshold');
  });
});
