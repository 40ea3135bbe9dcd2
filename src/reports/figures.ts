import type { Direction } from '../core/catalog/model';
import type { KpiEvaluation } from '../core/evaluation/evaluate';
import type { KeyResultEvaluation, ObjectiveEvaluation } from '../core/objectives/evaluate';
import { hasStarted } from '../core/objectives/progress';
import {
  ChangeParts,
  changeRoundsToZero,
  EMPTY,
  formatAttainment,
  formatChangeParts,
  formatValue,
  joinChange,
} from '../core/format';
import type { StaleSource } from './model';
import { isoMs } from '../core/rules/instant';
import { localTime } from './period';

/** Whether a change is good news for the KPI's direction: a drop in latency is, a rise in churn is not. */
export type ChangeTone = 'good' | 'bad' | 'flat';

export function changeTone(change: number | null, direction: Direction): ChangeTone | null {
  if (change === null) {
    return null;
  }
  if (change === 0) {
    return 'flat';
  }
  return change > 0 === (direction === 'higher') ? 'good' : 'bad';
}

/** ▲ for a rise, ▼ for a fall, ▶ for no change: the arrow shows the movement, its colour the tone. */
export function changeArrow(change: number | null): string {
  if (change === null) {
    return '';
  }
  return change > 0 ? '▲' : change < 0 ? '▼' : '▶';
}

/**
 * A change as a report shows it: its parts (`+$2,247,000`, `+29.6%`), which each format lays out,
 * the two on one line (`text`), the arrow and the arrow's tone.
 */
export interface ShownChange {
  text: string;
  /** The absolute change, `-` when there is none. */
  absolute: string;
  /** The relative change, null when there is none. */
  relative: string | null;
  arrow: string;
  tone: ChangeTone | null;
}

/**
 * The change of a KPI line. One that rounds to zero at the KPI's decimals ("0.0 min", "0.0 pp
 * (-2.0%)") shows as no change: a red ▼ next to "0.0" would alarm a reader over noise.
 */
export function shownChange(k: KpiEvaluation): ShownChange {
  const parts: ChangeParts | null = formatChangeParts(k.change, k.changePercent, k.unit, k.decimals);
  const texts = { text: joinChange(parts), absolute: parts?.absolute ?? EMPTY, relative: parts?.relative ?? null };
  if (k.change === null) {
    return { ...texts, arrow: '', tone: null };
  }
  if (changeRoundsToZero(k.change, k.unit, k.decimals)) {
    return { ...texts, arrow: changeArrow(0), tone: 'flat' };
  }
  return { ...texts, arrow: changeArrow(k.change), tone: changeTone(k.change, k.direction) };
}

/** "≈ " before a value a rollup sketch answered (within its bound, not exact: docs/rollups.md). */
function approximateMark(k: KpiEvaluation): string {
  return k.approximate === true && k.value !== null ? '≈ ' : '';
}

/** The formatted figures of one KPI line, as every report format prints them. */
export function figureTexts(k: KpiEvaluation) {
  return {
    value: approximateMark(k) + formatValue(k.value, k.unit, k.decimals),
    target: formatValue(k.target, k.unit, k.decimals),
    attainment: formatAttainment(k.attainment),
    change: shownChange(k).text,
    judging: judgingText(k),
  };
}

/**
 * What a paced or minimum-volume KPI is judged on, when it is not simply its value: "on pace for 9
 * (3.3 expected by now)" while its period runs, "12 rows in the window: too few to judge".
 */
export function judgingText(k: KpiEvaluation): string | null {
  const parts: string[] = [];
  if (k.projected != null && k.elapsedShare != null && k.elapsedShare < 1) {
    const expected =
      k.expectedToDate != null ? ` (${formatValue(k.expectedToDate, k.unit, k.decimals)} expected by now)` : '';
    parts.push(`on pace for ${formatValue(k.projected, k.unit, k.decimals)}${expected}`);
  }
  if (k.status === 'low_volume' && k.volume != null) {
    parts.push(`${k.volume} rows in the window: too few to judge`);
  }
  const missing = k.error === undefined && k.value === null ? noDataText(k) : null;
  if (missing) {
    parts.push(missing);
  }
  return parts.length > 0 ? parts.join('; ') : null;
}

const DAY_MS = 86_400_000;

/**
 * Why a KPI has no value at the period's end, so a report reads "not measured then" rather than
 * broken: a survey with no round in its window, or a source that starts later.
 */
function noDataText(k: KpiEvaluation): string | null {
  if (k.lastDataAt === null) {
    return "no data before the period's end";
  }
  const last = isoMs(k.lastDataAt);
  const from = isoMs(k.window.from);
  const to = isoMs(k.window.to);
  if (last < from) {
    const days = Math.round((to - from) / DAY_MS);
    const ago = Math.round((to - last) / DAY_MS);
    return `no data in its ${days}-day window; the latest is from ${ago} days before the period's end`;
  }
  return null;
}

/** At most this many characters: a quarter's 92 daily points would wrap in a plain-text mail. */
const TEXT_SPARKLINE_MAX = 31;

/** Evenly spaced points, the first and the last kept, when there are more than `max`. */
function thinned(points: Array<number | null>, max: number): Array<number | null> {
  if (points.length <= max) {
    return points;
  }
  return Array.from({ length: max }, (_, i) => points[Math.round((i * (points.length - 1)) / (max - 1))]);
}

/**
 * Unicode block sparkline for text formats (Markdown, plain-text mail): `▁▃▅▇`, a gap as a space;
 * a quarter's daily points are thinned to 31.
 */
export function blockSparkline(all: Array<number | null>): string {
  const points = thinned(all, TEXT_SPARKLINE_MAX);
  const values = points.filter((p): p is number => p !== null);
  if (values.length === 0) {
    return '';
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const blocks = '▁▂▃▄▅▆▇█';
  return points
    .map((p) => {
      if (p === null) {
        return ' ';
      }
      const i = max === min ? 3 : Math.round(((p - min) / (max - min)) * (blocks.length - 1));
      return blocks[i];
    })
    .join('');
}

/**
 * The sparkline as polyline segments in a `width × height` box (a null point breaks the line):
 * shared by the HTML's inline SVG and the PDF's vector drawing.
 */
export function sparklineSegments(
  points: Array<number | null>,
  width: number,
  height: number
): Array<Array<[number, number]>> {
  const values = points.filter((p): p is number => p !== null);
  if (values.length === 0) {
    return [];
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const x = (i: number) => (points.length === 1 ? width / 2 : (i * width) / (points.length - 1));
  const y = (v: number) => (max === min ? height / 2 : height - ((v - min) / (max - min)) * height);
  const segments: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> = [];
  points.forEach((p, i) => {
    if (p === null) {
      if (current.length > 0) {
        segments.push(current);
      }
      current = [];
      return;
    }
    current.push([Math.round(x(i) * 10) / 10, Math.round(y(p) * 10) / 10]);
  });
  if (current.length > 0) {
    segments.push(current);
  }
  return segments;
}

/**
 * A key result's figures as text: value and target in the KPI's unit, progress against the
 * expected progress; before its objective starts (the report's `at` before `from`), `starts` says
 * when instead ("starts 2026-10-01 00:00") and progress and expected read "—".
 */
export function keyResultTexts(kr: KeyResultEvaluation, objective: ObjectiveEvaluation, at: string, zone: string) {
  const started = hasStarted(isoMs(at), isoMs(objective.from));
  return {
    value: formatValue(kr.value, kr.unit, kr.decimals),
    target: formatValue(kr.target, kr.unit, kr.decimals),
    progress: started ? formatAttainment(kr.progress) : '—',
    expected: started ? formatAttainment(kr.expectedProgress) : '—',
    starts: started ? null : `starts ${localTime(objective.from, zone)}`,
  };
}

/** "62.5% done", or "starts 2026-10-01 00:00" at an instant before the objective's `from`. */
export function objectiveDoneText(objective: ObjectiveEvaluation, at: string, zone: string): string {
  return hasStarted(isoMs(at), isoMs(objective.from))
    ? `${formatAttainment(objective.progress)} done`
    : `starts ${localTime(objective.from, zone)}`;
}

/** "last data 2026-09-28 14:00 (kpi_a, kpi_b)", or "no data before the period's end (…)". */
export function staleText(s: StaleSource, zone: string): string {
  const when = s.lastDataAt === null ? "no data before the period's end" : `last data ${localTime(s.lastDataAt, zone)}`;
  return `${when} (${s.kpis.join(', ')})`;
}

/**
 * The heading of a catalog's notes: in a report of several catalogs it names the catalog, so a
 * reader who skips to the notes knows whose measurements they are.
 */
export function notesTitle(title: string, several: boolean): string {
  return several ? `Notes from manual measurements: ${title}` : 'Notes from manual measurements';
}
