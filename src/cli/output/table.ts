import Table from 'cli-table3';
import { createColors } from 'picocolors';
import { Status, statusInfo } from '../../core/rules/status';

/** Where a table goes: a terminal gets borders and colour, anything else plain aligned text. */
export interface TableStyle {
  tty: boolean;
  colour: boolean;
}

export interface Column {
  title: string;
  align?: 'left' | 'right';
}

/** The style for stdout: colour only on a terminal that supports it (picocolors honours NO_COLOR). */
export function stdoutStyle(): TableStyle {
  const tty = process.stdout.isTTY === true;
  return { tty, colour: tty && createColors().isColorSupported };
}

const PLAIN_CHARS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

/**
 * Renders rows under column titles. Plain mode (not a terminal): columns separated by two
 * spaces, no borders, no escape codes, no trailing blanks — easy to read and to `awk`.
 */
export function renderTable(columns: Column[], rows: string[][], style: TableStyle): string {
  const colours = createColors(style.colour);
  const table = new Table({
    head: columns.map((c) => (style.colour ? colours.bold(c.title) : c.title)),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: style.tty
      ? { head: [], border: style.colour ? ['grey'] : [] }
      : { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    ...(style.tty ? {} : { chars: PLAIN_CHARS }),
  });
  table.push(...rows);
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** A status word, coloured on a terminal in the status palette's terminal colour (NO_COLOR turns it off). */
export function statusCell(status: Status, style: TableStyle): string {
  return createColors(style.colour)[statusInfo(status).terminal](status);
}
