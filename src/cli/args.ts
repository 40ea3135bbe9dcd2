import { InvalidArgumentError, Option } from 'commander';
import type { DimensionFilter } from '../core/compiler/filters';
import type { Catalog, Kpi, WindowSpec } from '../core/catalog/model';
import { parseWindow } from '../core/catalog/duration';
import { Anchor, instant, NOW } from '../core/compiler/anchor';
import { CliError, errorLine, EXIT } from './errors';
import { parseInstant } from '../core/rules/instant';

/** An instant as typed; one without an offset is resolved once the catalog's zone is known. */
export interface InstantInput {
  text: string;
  /** The instant, reading a wall time in `zone`. */
  in(zone: string): Date;
}

/** commander parser for `--at`, `--from`, `--to`: an ISO-8601 instant (checked now, resolved later). */
export function instantArg(text: string): InstantInput {
  if (!parseInstant(text)) {
    throw new InvalidArgumentError(`not an instant (e.g. 2025-03-31, 2025-03-31T12:00:00Z, now or now-90d)`);
  }
  return { text, in: (zone) => parseInstant(text, zone)! };
}

/** The anchor of `--at` in the catalog's zone; PostgreSQL's `now()` when absent or `now`. */
export function anchorOf(at: InstantInput | undefined, catalog: Catalog): Anchor {
  return at && at.text.trim().toLowerCase() !== 'now' ? instant(at.in(catalog.timezone)) : NOW;
}

/** commander parser for `--step`: a rolling (`1h`, `7d`) or calendar (`day` … `year`) step. */
export function stepArg(text: string): WindowSpec {
  const step = parseWindow(text);
  if (!step) {
    throw new InvalidArgumentError('not a step: use e.g. 1h, 1d, 7d, day, week, month, quarter or year');
  }
  return step;
}

/** commander parser for `--statement-timeout`: whole milliseconds, 0 for none. */
export function millisecondsArg(text: string): number {
  if (!/^\d+$/.test(text.trim())) {
    throw new InvalidArgumentError('not a number of milliseconds');
  }
  return Number(text);
}

/** commander parser for a measurement value: a plain decimal number (no hex, no `Infinity`). */
export function numberArg(text: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim())) {
    throw new InvalidArgumentError('not a number');
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new InvalidArgumentError('not a finite number');
  }
  return value;
}

/** commander parser for `--db`: pg would read any other text as a host name and fail obscurely. */
export function databaseUrlArg(text: string): string {
  if (!/^postgres(ql)?:\/\//i.test(text.trim())) {
    throw new InvalidArgumentError('not a PostgreSQL URL (postgres://user:password@host:5432/database)');
  }
  return text.trim();
}

/** commander collector for repeatable options (`--kpi a --kpi b`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * The KPI with this id. Checked before connecting, so a typo is reported as such (exit 1)
 * even when the database is down.
 */
export function requireKpi(catalog: Catalog, id: string, file: string): Kpi {
  const kpi = catalog.kpis.find((k) => k.id === id);
  if (!kpi) {
    const known = catalog.kpis.map((k) => k.id).join(', ');
    throw new CliError(errorLine(`unknown KPI (the catalog has: ${known || 'none'})`, { file, kpi: id }), EXIT.usage);
  }
  return kpi;
}

/** commander collector for `--filter DIM=VALUE`: repeated values of one dimension are ORed (IN). */
export function filterArg(text: string, previous: DimensionFilter[]): DimensionFilter[] {
  const eq = text.indexOf('=');
  if (eq <= 0) {
    throw new InvalidArgumentError('use DIMENSION=VALUE');
  }
  const dimension = text.slice(0, eq).trim();
  const value = text.slice(eq + 1);
  const existing = previous.find((f) => f.dimension === dimension);
  return existing
    ? previous.map((f) => (f === existing ? { dimension, values: [...f.values, value] } : f))
    : [...previous, { dimension, values: [value] }];
}

/** `--filter DIM=VALUE`, shared by eval, series and breakdown. */
export function filterOption(): Option {
  return new Option(
    '--filter <dimension=value>',
    'only rows whose dimension has this value; repeat for several values (IN) or dimensions (AND)'
  )
    .argParser(filterArg)
    .default([]);
}
