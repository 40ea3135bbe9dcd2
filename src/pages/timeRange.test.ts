import { rangeFromUrl } from './timeRange';

describe('rangeFromUrl', () => {
  it('reads epoch milliseconds as Grafana writes them for absolute ranges', () => {
    const r = rangeFromUrl('1742774400000', '1743379200000');
    expect(r.from.toISOString()).toBe('2025-03-24T00:00:00.000Z');
    expect(r.to.toISOString()).toBe('2025-03-31T00:00:00.000Z');
  });

  it('reads date math relative to now', () => {
    const before = Date.now();
    const r = rangeFromUrl('now-7d', 'now');
    expect(r.raw).toEqual({ from: 'now-7d', to: 'now' });
    expect(r.to.valueOf()).toBeGreaterThanOrEqual(before);
    expect(r.to.valueOf() - r.from.valueOf()).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000);
  });

  it.each([
    [null, null],
    ['', ''],
    ['garbage', 'now-'],
    ["O'Brien", '$var'],
  ])('falls back to now-30d..now for %p..%p', (from, to) => {
    expect(rangeFromUrl(from, to).raw).toEqual({ from: 'now-30d', to: 'now' });
  });
});
