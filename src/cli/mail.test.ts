import { completePeriod } from '../reports/period';
import type { CatalogReport, Report } from '../reports/model';
import { fileNameOf } from './mail';

/** A report of one or two catalogs over the period before `at` in `zone` (only what a file name reads). */
function reportOf(kind: 'day' | 'week' | 'month' | 'quarter', at: string, zone: string, names = ['service-portal']) {
  const period = completePeriod(kind, new Date(at), zone);
  return { catalogs: names.map((catalog) => ({ catalog, period }) as CatalogReport) } as Report;
}

describe("an e-mailed report's attachment name", () => {
  it.each<[string, 'day' | 'week' | 'month' | 'quarter', string, string, string]>([
    // Q3 2026 in Berlin starts 2026-07-01 00:00 CEST, which is 2026-06-30 22:00 UTC.
    ['quarter', 'quarter', '2026-11-18T10:15:00Z', 'Europe/Berlin', 'service-portal-quarter-2026-07-01.xlsx'],
    ['month', 'month', '2026-03-18T10:15:00Z', 'Europe/Berlin', 'service-portal-month-2026-02-01.xlsx'],
    // West of UTC the first day's midnight is on the same UTC day: unchanged.
    ['quarter west', 'quarter', '2026-11-18T10:15:00Z', 'America/Chicago', 'service-portal-quarter-2026-07-01.xlsx'],
    ['day', 'day', '2026-03-18T10:15:00Z', 'Asia/Tokyo', 'service-portal-day-2026-03-17.xlsx'],
  ])('%s: the period’s first day in the catalog zone', (_case, kind, at, zone, name) => {
    expect(fileNameOf(reportOf(kind, at, zone), { extension: 'xlsx' })).toBe(name);
  });

  it('is kpis-… for several catalogs, dated by the first one', () => {
    const report = reportOf('quarter', '2026-11-18T10:15:00Z', 'Europe/Berlin', ['service-portal', 'product-suite']);
    expect(fileNameOf(report, { extension: 'pdf' })).toBe('kpis-quarter-2026-07-01.pdf');
  });
});
