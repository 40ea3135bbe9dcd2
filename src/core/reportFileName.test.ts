import { localDay, reportFileName } from './reportFileName';

describe('reportFileName', () => {
  it.each<[string, string, string, string]>([
    // [case, instant, zone, day] — each instant's UTC day differs from its day in the zone, but UTC's own.
    ['east of UTC, just after local midnight', '2026-06-30T22:00:00Z', 'Europe/Berlin', '2026-07-01'],
    ['west of UTC, evening before UTC midnight', '2025-04-01T03:00:00Z', 'America/Chicago', '2025-03-31'],
    ['far east, a day ahead', '2026-03-17T15:00:00Z', 'Asia/Tokyo', '2026-03-18'],
    ['UTC itself', '2026-06-30T22:00:00Z', 'UTC', '2026-06-30'],
    // Berlin switches to summer time on 2026-03-29: 23:30 UTC the evening before is already the 29th.
    ['DST change night', '2026-03-28T23:30:00Z', 'Europe/Berlin', '2026-03-29'],
  ])('%s: %s in %s is the %s', (_case, at, zone, day) => {
    expect(localDay(new Date(at), zone)).toBe(day);
  });

  it('names a file by its name, kind and local day', () => {
    const at = new Date('2026-06-30T22:00:00Z');
    expect(
      reportFileName({ name: 'service-portal', kind: 'quarter', at, timezone: 'Europe/Berlin', extension: 'xlsx' })
    ).toBe('service-portal-quarter-2026-07-01.xlsx');
    expect(reportFileName({ name: 'shop', kind: 'scorecard', at, timezone: 'America/Chicago', extension: 'pdf' })).toBe(
      'shop-scorecard-2026-06-30.pdf'
    );
  });
});
