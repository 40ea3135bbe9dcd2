import { resolveStep, stepFromInterval, trendFrom } from './step';

describe('stepFromInterval', () => {
  it.each([
    [1000, '1m'],
    [30_000, '1m'],
    [60_000, '1m'],
    [90_000, '2m'],
    [5 * 60_000, '5m'],
    [90 * 60_000, '90m'],
    [3_600_000, '1h'],
    [3 * 3_600_000, '3h'],
    [86_400_000, '1d'],
    [7 * 86_400_000, '1w'],
    [30 * 86_400_000, '30d'],
    [NaN, '1m'],
  ])('%p ms → %p', (ms, text) => {
    expect(stepFromInterval(ms).text).toBe(text);
  });
});

describe('resolveStep', () => {
  it('follows the panel interval for auto', () => {
    expect(resolveStep('auto', 3_600_000)).toMatchObject({ kind: 'rolling', text: '1h' });
  });

  it('takes a chosen rolling or calendar step', () => {
    expect(resolveStep('month', 60_000)).toMatchObject({ kind: 'calendar', unit: 'month' });
    expect(resolveStep('6h', 60_000)).toMatchObject({ kind: 'rolling', text: '6h' });
  });

  it('rejects anything else', () => {
    expect(() => resolveStep('1.5h', 1)).toThrow('invalid step "1.5h"');
  });
});

describe('trendFrom', () => {
  const HOUR = 3_600_000;
  const to = new Date('2025-03-31T00:00:00Z');
  const day = resolveStep('1d', 0);

  it('lays a rolling grid back from the range end, so the last bucket ends at `to`', () => {
    const from = new Date(to.getTime() - 3.5 * 24 * HOUR);
    const start = trendFrom(from, to, day, 'trend');
    expect(start.toISOString()).toBe('2025-03-27T00:00:00.000Z');
    // Four whole steps: the grid covers `from` and its last bucket ends exactly at `to`.
    expect((to.getTime() - start.getTime()) / (24 * HOUR)).toBe(4);
  });

  it('keeps an aligned range and gives a zero-length range one step', () => {
    const from = new Date(to.getTime() - 3 * 24 * HOUR);
    expect(trendFrom(from, to, day, 'trend')).toEqual(from);
    expect(trendFrom(to, to, day, 'trend')).toEqual(new Date(to.getTime() - 24 * HOUR));
  });

  it('leaves calendar steps and buckets mode at `from` (the documented alignment)', () => {
    const from = new Date(to.getTime() - 3.5 * 24 * HOUR);
    expect(trendFrom(from, to, resolveStep('week', 0), 'trend')).toEqual(from);
    expect(trendFrom(from, to, day, 'buckets')).toEqual(from);
  });
});
