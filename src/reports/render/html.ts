import type { ObjectiveEvaluation } from '../../core/objectives/evaluate';
import {
  figureTexts,
  keyResultTexts,
  notesTitle,
  objectiveDoneText,
  ShownChange,
  shownChange,
  sparklineSegments,
  staleText,
} from '../figures';
import type { CatalogReport, Report, ReportKpi } from '../model';
import { localTime, localTimeParts, subtitleOf } from '../period';
import { STATUS_HEX, STATUS_LABEL } from '../statusOrder';

/*
 * One self-contained HTML file that reads well in a mail client: table layout, inline styles
 * only (many clients drop <style>), inline SVG sparklines, no external assets or scripts.
 */

const FONT = "-apple-system,'Segoe UI',Helvetica,Arial,sans-serif";
const TONE_HEX = { good: '#1a7f37', bad: '#d1242f', flat: '#57606a' } as const;
const MUTED = '#57606a';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/*
 * Made to fit a 600 px mail window (a narrow client, a phone turned sideways) without scrolling
 * sideways: tight cell padding, the % of target under the target, the relative change under the
 * change, 72 px sparklines, and secondary parts in a smaller font. tests/browser/reportWidth.spec.ts
 * checks it at 600 and 1000 px.
 */
const td = (content: string, style = '') =>
  `<td style="padding:6px 5px;border-bottom:1px solid #d0d7de;vertical-align:top;${style}">${content}</td>`;
// Widths are hints (auto layout): the tables of every area roughly line up, and a narrow mail
// client squeezes the KPI name, which wraps, rather than cutting figures off.
const th = (content: string, align = 'left', width?: number) =>
  `<th${width ? ` width="${width}"` : ''} style="padding:6px 5px;border-bottom:2px solid #d0d7de;text-align:${align};vertical-align:bottom;font-size:12px;font-weight:600;color:${MUTED}">${content}</th>`;

/** A smaller second line under a figure ("93.6%" under the target, "(+2.3%)" under the change). */
const secondLine = (content: string, colour = MUTED) =>
  `<div style="font-size:12px;color:${colour};white-space:nowrap">${content}</div>`;

function pill(status: string, text = STATUS_LABEL[status] ?? status): string {
  const colour = STATUS_HEX[status] ?? MUTED;
  return `<span style="display:inline-block;padding:2px 6px;border-radius:10px;background:${colour};color:#ffffff;font-size:12px;font-weight:600;white-space:nowrap">${escapeHtml(text)}</span>`;
}

/** An inline SVG sparkline, 72 × 22, in the status colour; empty when there are no points. */
export function svgSparkline(points: Array<number | null>, colour: string): string {
  const segments = sparklineSegments(points, 68, 18);
  if (segments.length === 0) {
    return '';
  }
  const lines = segments
    .map((s) =>
      s.length === 1
        ? `<circle cx="${s[0][0] + 2}" cy="${s[0][1] + 2}" r="1.5" fill="${colour}"/>`
        : `<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${s.map(([x, y]) => `${x + 2},${y + 2}`).join(' ')}"/>`
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="72" height="22" viewBox="0 0 72 22" role="img" aria-label="trend">${lines}</svg>`;
}

/**
 * The change with its relative part ("(+29.6%)") on a line of its own: "+$2,247,000 (+29.6%)" on
 * one line does not fit the column, and mail clients squeeze fixed-width columns further.
 */
function changeHtml(shown: ShownChange): string {
  const colour = shown.tone === null ? '' : `color:${TONE_HEX[shown.tone]};`;
  const first = `${shown.tone === null ? '' : `${shown.arrow} `}${escapeHtml(shown.absolute)}`;
  const second =
    shown.relative === null
      ? ''
      : secondLine(`(${escapeHtml(shown.relative)})`, shown.tone === null ? MUTED : TONE_HEX[shown.tone]);
  return `<div style="${colour}white-space:nowrap">${first}</div>${second}`;
}

function kpiRow(line: ReportKpi): string {
  const k = line.evaluation;
  const f = figureTexts(k);
  const shown = shownChange(k);
  const change = changeHtml(shown);
  // No target, no % of target: one "-" says both.
  const attainment = k.target === null && k.attainment === null ? '' : secondLine(escapeHtml(f.attainment));
  // The Stale pill goes under the status pill when the column is narrow.
  const stale = k.stale ? ` ${pill('no_data', 'Stale')}` : '';
  const who = k.owner ? `<div style="font-size:12px;color:${MUTED}">${escapeHtml(k.owner)}</div>` : '';
  const error = k.error ? `<div style="font-size:12px;color:${STATUS_HEX.error}">${escapeHtml(k.error)}</div>` : '';
  const judging = f.judging ? `<div style="font-size:12px;color:${MUTED}">${escapeHtml(f.judging)}</div>` : '';
  return `<tr>${[
    td(pill(k.status) + stale),
    td(`${escapeHtml(k.name)}${who}${judging}${error}`),
    td(escapeHtml(f.value), 'text-align:right;font-weight:600;white-space:nowrap'),
    td(`<div style="white-space:nowrap">${escapeHtml(f.target)}</div>${attainment}`, 'text-align:right'),
    td(change, 'text-align:right'),
    td(svgSparkline(line.sparkline, STATUS_HEX[k.status] ?? MUTED)),
  ].join('')}</tr>`;
}

/**
 * A progress bar with a tick at the expected progress (ahead of the tick is on track), as inline
 * SVG like the sparklines: mail clients drop the positioning a CSS bar would need.
 */
export function progressBar(progress: number | null, expected: number, status: string): string {
  const x = (share: number) => Math.round(Math.max(0, Math.min(100, share)) * 10) / 10;
  const tick = Math.min(x(expected), 98);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="14" viewBox="0 0 100 14" role="img" aria-label="progress"><rect x="0" y="2" width="100" height="10" rx="5" fill="#eaeef2"/><rect x="0" y="2" width="${x(progress ?? 0)}" height="10" rx="5" fill="${STATUS_HEX[status] ?? MUTED}"/><rect x="${tick}" y="0" width="2" height="14" fill="#1f2328"/></svg>`;
}

/** A key result's due instant: the date, and the time of day under it in the smaller font. */
function dueHtml(by: string, zone: string): string {
  const { date, time } = localTimeParts(by, zone);
  return `<div style="white-space:nowrap">${escapeHtml(date)}</div>${secondLine(escapeHtml(time))}`;
}

function objectivesHtml(objectives: ObjectiveEvaluation[], at: string, zone: string): string {
  return objectives
    .map((o) => {
      const rows = o.keyResults.map((kr) => {
        const t = keyResultTexts(kr, o, at, zone);
        return `<tr>${[
          td(escapeHtml(kr.name)),
          td(escapeHtml(t.value), 'text-align:right;font-weight:600;white-space:nowrap'),
          td(escapeHtml(t.target), 'text-align:right;white-space:nowrap'),
          td(dueHtml(kr.by, zone)),
          td(
            t.starts === null
              ? `${progressBar(kr.progress, kr.expectedProgress, kr.status)}<div style="font-size:12px;color:${MUTED}">${escapeHtml(t.progress)} of ${escapeHtml(t.expected)} expected</div>`
              : `<div style="font-size:12px;color:${MUTED}">${escapeHtml(t.starts)}</div>`
          ),
          td(pill(kr.status)),
        ].join('')}</tr>`;
      });
      const owner = o.owner ? ` · ${escapeHtml(o.owner)}` : '';
      return `<h3 style="font-size:14px;margin:16px 0 4px">${escapeHtml(o.title)} ${pill(o.status)}</h3><div style="font-size:12px;color:${MUTED}">${escapeHtml(objectiveDoneText(o, at, zone))}${owner}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px"><tr>${[
        th('Key result'),
        th('Value', 'right'),
        th('Target', 'right'),
        th('Due'),
        th('Progress'),
        th('Status'),
      ].join('')}</tr>
${rows.join('\n')}</table>`;
    })
    .join('\n');
}

function section(title: string, body: string): string {
  return `<h2 style="font-size:16px;margin:24px 0 8px">${escapeHtml(title)}</h2>${body}`;
}

function list(items: string[]): string {
  return `<ul style="margin:0;padding-left:20px">\n${items.map((i) => `<li style="margin:4px 0">${i}</li>`).join('\n')}\n</ul>`;
}

/** One catalog's part; `several` when the report has other catalogs too. */
function catalogHtml(r: CatalogReport, several: boolean): string {
  const zone = r.period.timezone;
  const counts = r.counts
    .filter((c) => c.count > 0)
    .map((c) => pill(c.status, `${c.count} ${STATUS_LABEL[c.status] ?? c.status}`))
    .join(' ');
  const areas = r.areas
    .map((a) =>
      section(
        a.area,
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px"><tr>${[
          th('Status'),
          th('KPI'),
          th('Value', 'right'),
          th(`Target<br><span style="font-weight:400;white-space:nowrap">% of target</span>`, 'right'),
          th('Change', 'right'),
          th('Trend', 'left', 82),
        ].join('')}</tr>\n${a.kpis.map(kpiRow).join('\n')}</table>`
      )
    )
    .join('\n');
  const parts = [
    `<h1 style="font-size:22px;margin:0 0 4px">${escapeHtml(r.title)}</h1>`,
    `<div style="color:${MUTED};margin-bottom:12px">${escapeHtml(subtitleOf(r.period, r.at))}</div>`,
    `<div>${counts}</div>`,
    areas,
  ];
  if (r.changes.length > 0) {
    parts.push(
      section(
        'Status changes since the previous report',
        list(r.changes.map((c) => `${escapeHtml(c.name)}: ${pill(c.from)} → ${pill(c.to)}`))
      )
    );
  }
  if (r.objectives.length > 0) {
    parts.push(section('Objectives', objectivesHtml(r.objectives, r.at, zone)));
  }
  if (r.staleSources.length > 0) {
    parts.push(
      section(
        'Stale sources',
        list(r.staleSources.map((s) => `<strong>${escapeHtml(s.source)}</strong>: ${escapeHtml(staleText(s, zone))}`))
      )
    );
  }
  if (r.notes.length > 0) {
    parts.push(
      section(
        notesTitle(r.title, several),
        list(
          r.notes.map(
            (n) =>
              `<strong>${escapeHtml(n.name)}</strong>, ${escapeHtml(localTime(n.time, zone))}${n.recordedBy ? `, ${escapeHtml(n.recordedBy)}` : ''}: ${escapeHtml(n.note)}`
          )
        )
      )
    );
  }
  // One block per line, so that a diff of two reports reads line by line.
  return parts.join('\n');
}

/** The whole report as one HTML document. */
export function renderHtml(report: Report): string {
  const title = report.catalogs.map((c) => `${c.title}: ${c.period.label}`).join(' · ');
  const several = report.catalogs.length > 1;
  const body = report.catalogs
    .map(
      (c) =>
        `<tr><td style="background:#ffffff;padding:16px;border:1px solid #d0d7de;border-radius:6px">${catalogHtml(c, several)}</td></tr><tr><td style="height:16px"></td></tr>`
    )
    .join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="margin:0;padding:16px;background:#f6f8fa;font-family:${FONT};color:#1f2328">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:880px;margin:0 auto">${body}</table>`,
    '</body></html>',
    '',
  ].join('\n');
}
