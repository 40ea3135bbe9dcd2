import { completePeriod, ReportPeriodKind } from './period';

const iso = (d: Date) => d.toISOString();

describe('completePeriod: the complete period that ends at or before `at`', () => {
  it.each<[ReportPeriodKind, string, string, string, string, string]>([
    // kind, at, zone, start, end, label
    [
      'month',
      '2025-04-01T00:00:00+02:00',
      'Europe/Berlin',
      '2025-02-28T23:00:00.000Z',
      '2025-03-31T22:00:00.000Z',
      'March 2025',
    ],
    [
      'month',
      '2025-04-15T09:00:00+02:00',
      'Europe/Berlin',
      '2025-02-28T23:00:00.000Z',
      '2025-03-31T22:00:00.000Z',
      'March 2025',
    ],
    [
      'month',
      '2025-03-31T23:59:59+02:00',
      'Europe/Berlin',
      '2025-01-31T23:00:00.000Z',
      '2025-02-28T23:00:00.000Z',
      'February 2025',
    ],
    ['quarter', '2025-05-20T12:00:00Z', 'UTC', '2025-01-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z', 'Q1 2025'],
    [
      'quarter',
      '2025-01-01T00:00:00-06:00',
      'America/Chicago',
      '2024-10-01T05:00:00.000Z',
      '2025-01-01T06:00:00.000Z',
      'Q4 2024',
    ],
    // ISO weeks start on Monday: Wednesday 2025-04-02 reports the week of Mar 24–30.
    [
      'week',
      '2025-04-02T10:00:00Z',
      'UTC',
      '2025-03-24T00:00:00.000Z',
      '2025-03-31T00:00:00.000Z',
      'Week 13, 2025 (Mar 24 – Mar 30)',
    ],
    // The week of Jan 1 2025 belongs to ISO week 1 of 2025 although it starts in 2024.
    [
      'week',
      '2025-01-06T00:00:00Z',
      'UTC',
      '2024-12-30T00:00:00.000Z',
      '2025-01-06T00:00:00.000Z',
      'Week 1, 2025 (Dec 30 – Jan 5)',
    ],
    // A DST day in New York has 23 hours: the period is still one calendar day.
    [
      'day',
      '2025-03-10T08:00:00-04:00',
      'America/New_York',
      '2025-03-09T05:00:00.000Z',
      '2025-03-10T04:00:00.000Z',
      'Sunday, March 9, 2025',
    ],
  ])('%s at %s in %s', (kind, at, zone, start, end, label) => {
    const p = completePeriod(kind, new Date(at), zone);
    expect([iso(p.start), iso(p.end), p.label]).toEqual([start, end, label]);
  });

  it('the previous report covers the period before it', () => {
    const p = completePeriod('month', new Date('2025-04-01T00:00:00Z'), 'UTC');
    expect(iso(p.previousStart)).toBe('2025-02-01T00:00:00.000Z');
  });

  it('a day report draws hourly sparklines, longer periods daily ones', () => {
    expect(completePeriod('day', new Date('2025-04-01T00:00:00Z'), 'UTC').sparklineStep).toBe('1h');
    expect(completePeriod('quarter', new Date('2025-04-01T00:00:00Z'), 'UTC').sparklineStep).toBe('day');
  });
});
