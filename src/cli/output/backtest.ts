import type { Kpi, WindowSpec } from '../../core/catalog/model';
import type { BacktestResult } from '../../core/backtest/evaluate';
import type { Status } from '../../core/rules/status';
import { formatInstant, formatNumber, formatValue } from './format';
import { renderTable, statusCell, TableStyle } from './table';

/** `backtest --json` (docs/cli.md, `openkpi backtest`): `{"kpi","points":[{"time","value","status"}],"counts","fired"}`. */
export function backtestJson(result: BacktestResult): Record<string, unknown> {
  return {
    kpi: result.kpi,
    points: result.points.map((p) => ({ time: p.time, value: p.value, status: p.status })),
    counts: result.counts,
    fired: { warning: result.fired.warning, critical: result.fired.critical },
  };
}

function times(n: number): string {
  return n === 1 ? 'once' : `${formatNumber(n, 0)} times`;
}

/** A span as people say it: `90 days`, `36 hours`. */
export function spanText(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 48) {
    return `${formatNumber(hours)} hour${hours === 1 ? '' : 's'}`;
  }
  const days = hours / 24;
  return `${formatNumber(days, Number.isInteger(days) ? 0 : 1)} days`;
}

export interface BacktestRange {
  from: Date;
  to: Date;
  step: WindowSpec;
  /** The current time, to say "in the last 90 days" when the range ends now. */
  now: Date;
}

/**
 * The one-line verdict: "critical 3 times, warning 7 times in the last 90 days". A range that
 * ends within a step of now is "the last …"; any other names its dates.
 */
export function backtestSummary(result: BacktestResult, range: BacktestRange): string {
  const span = spanText(range.to.getTime() - range.from.getTime());
  const recent = Math.abs(range.now.getTime() - range.to.getTime()) < 60_000;
  const when = recent
    ? `in the last ${span}`
    : `in the ${span} from ${formatInstant(range.from.toISOString())} to ${formatInstant(range.to.toISOString())}`;
  return `${result.kpi} would have alerted: critical ${times(result.fired.critical)}, warning ${times(result.fired.warning)} ${when}`;
}

/** The readable backtest: the verdict, points per status, and every point where an alert would have fired. */
export function backtestText(result: BacktestResult, kpi: Kpi, range: BacktestRange, style: TableStyle): string {
  const lines = [backtestSummary(result, range)];
  const counted = (Object.entries(result.counts) as Array<[Status, number]>).map(
    ([s, n]) => `${formatNumber(n, 0)} ${s}`
  );
  lines.push(`${formatNumber(result.points.length, 0)} points, every ${range.step.text}: ${counted.join(', ')}`);
  const entries = result.points.filter((p) => p.fires.warning || p.fires.critical);
  if (entries.length > 0) {
    const rows = entries.map((p) => [
      formatInstant(p.time),
      statusCell(p.status, style),
      formatValue(p.value, kpi.unit, kpi.decimals),
      formatValue(p.status === 'critical' ? p.critical : p.warning, kpi.unit, kpi.decimals),
    ]);
    lines.push(
      '',
      renderTable(
        [
          { title: 'Fired at' },
          { title: 'Status' },
          { title: 'Value', align: 'right' },
          { title: 'Threshold', align: 'right' },
        ],
        rows,
        style
      )
    );
  }
  return `${lines.join('\n')}\n`;
}
