import type { Direction } from '../core/catalog/model';
import type { KpiEvaluation } from '../core/evaluation/evaluate';
import type { KeyResultEvaluation } from '../core/objectives/evaluate';
import { formatAttainment, formatChange, formatValue } from '../core/format';

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

/** The formatted figures of one KPI line, as every report format prints them. */
export function figureTexts(k: KpiEvaluation) {
  return {
    value: formatValue(k.value, k.unit, k.decimals),
    target: formatValue(k.target, k.unit, k.decimals),
    attainment: formatAttainment(k.attainment),
    change: formatChange(k.change, k.changePercent, k.unit, k.decimals),
  };
}

/** Unicode block sparkline for text formats (Markdown, plain-text mail): `▁▃▅▇`, a gap as a space. */
export function blockSparkline(points: Array<number | null>): string {
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

/** A key result's figures as text: value and target in the KPI's unit, progress against the expected progress. */
export function keyResultTexts(kr: KeyResultEvaluation) {
  return {
    value: formatValue(kr.value, kr.unit, kr.decimals),
    target: formatValue(kr.target, kr.unit, kr.decimals),
    progress: formatAttainment(kr.progress),
    expected: formatAttainment(kr.expectedProgress),
  };
}
