import type { KpiEvaluation } from '../../core/evaluation/evaluate';
import { scorecardFrame } from '../../datasource/frames';
import { figuresOf } from './figures';

const evaluation = (id: string, over: Partial<KpiEvaluation> = {}): KpiEvaluation => ({
  id,
  name: id,
  direction: 'higher',
  value: 10,
  target: 8,
  warning: 8,
  critical: null,
  status: 'ok',
  attainment: 125,
  previous: 5,
  change: 5,
  changePercent: 100,
  window: { from: '2025-03-01T00:00:00.000Z', to: '2025-03-31T00:00:00.000Z' },
  previousWindow: { from: '2025-02-01T00:00:00.000Z', to: '2025-03-01T00:00:00.000Z' },
  lastDataAt: null,
  stale: false,
  ...over,
});

describe('figuresOf', () => {
  it("reads the KPI's row of the scorecard frame, whatever its position", () => {
    const frame = scorecardFrame([evaluation('a', { status: 'critical', value: 1 }), evaluation('b')], 'A');
    expect(figuresOf([frame], 'b')).toEqual({
      status: 'ok',
      value: 10,
      target: 8,
      warning: 8,
      critical: null,
      attainment: 125,
      previous: 5,
      change: 5,
      changePercent: 100,
      windowFrom: Date.UTC(2025, 2, 1),
      windowTo: Date.UTC(2025, 2, 31),
      lastDataAt: null,
      stale: false,
      error: null,
      elapsedShare: null,
      projected: null,
      expectedToDate: null,
      volume: null,
    });
    expect(figuresOf([frame], 'a')?.status).toBe('critical');
  });

  it('keeps the error of a failed KPI and is undefined for a KPI not in the frames', () => {
    const frame = scorecardFrame([evaluation('a', { status: 'error', value: null, error: 'boom' })], 'A');
    expect(figuresOf([frame], 'a')).toMatchObject({ status: 'error', value: null, error: 'boom' });
    expect(figuresOf([frame], 'zzz')).toBeUndefined();
    expect(figuresOf([], 'a')).toBeUndefined();
  });
});
