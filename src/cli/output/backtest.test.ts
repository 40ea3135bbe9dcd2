import { parseWindow } from '../../core/catalog/duration';
import type { BacktestResult } from '../../core/backtest/evaluate';
import { backtestSummary, spanText } from './backtest';

const RESULT: BacktestResult = {
  kpi: 'uptime',
  points: [],
  counts: { ok: 2000, warning: 100, critical: 50, no_data: 10 },
  fired: { warning: 7, critical: 3 },
};

describe('backtestSummary', () => {
  const to = new Date('2025-04-01T00:00:00Z');
  const from = new Date('2025-01-01T00:00:00Z');
  const step = parseWindow('1h')!;

  it('says "in the last 90 days" for a range that ends now', () => {
    expect(backtestSummary(RESULT, { from, to, step, now: new Date(to.getTime() + 1000) })).toBe(
      'uptime would have alerted: critical 3 times, warning 7 times in the last 90 days'
    );
  });

  it('names the dates of a range in the past, and says once for one', () => {
    const once = { ...RESULT, fired: { warning: 1, critical: 0 } };
    expect(backtestSummary(once, { from, to, step, now: new Date('2026-01-01T00:00:00Z') })).toBe(
      'uptime would have alerted: critical 0 times, warning once in the 90 days from 2025-01-01T00:00:00Z to 2025-04-01T00:00:00Z'
    );
  });

  it.each<[number, string]>([
    [3_600_000, '1 hour'],
    [36 * 3_600_000, '36 hours'],
    [90 * 86_400_000, '90 days'],
    [3.5 * 86_400_000, '3.5 days'],
  ])('spanText(%p) = %p', (msSpan, text) => {
    expect(spanText(msSpan)).toBe(text);
  });
});
