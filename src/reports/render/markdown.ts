import { formatInstant } from '../../core/format';
import {
  blockSparkline,
  figureTexts,
  keyResultTexts,
  notesTitle,
  objectiveDoneText,
  shownChange,
  staleText,
} from '../figures';
import type { CatalogReport, Report } from '../model';
import { localTime } from '../period';
import { STATUS_LABEL } from '../statusOrder';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

/** The report as Markdown: also the plain-text part of the e-mail (tables read well as text). */
export function renderMarkdown(report: Report): string {
  const several = report.catalogs.length > 1;
  return report.catalogs.map((r) => catalogMarkdown(r, several)).join('\n\n---\n\n') + '\n';
}

/** One catalog's part; `several` when the report has other catalogs too. */
function catalogMarkdown(r: CatalogReport, several: boolean): string {
  const zone = r.period.timezone;
  const out: string[] = [];
  out.push(r.period.kind === 'snapshot' ? `# ${r.title}` : `# ${r.title}: ${r.period.label}`);
  out.push('');
  out.push(
    r.period.kind === 'snapshot'
      ? `Figures as of ${localTime(r.at, zone)} (${zone}); each KPI over its own window.`
      : `Figures as of ${localTime(r.at, zone)} (${zone}), the end of the period; each KPI over its own window.`
  );
  out.push('');
  out.push(
    r.counts
      .filter((c) => c.count > 0)
      .map((c) => `**${c.count}** ${STATUS_LABEL[c.status] ?? c.status}`)
      .join(' · ')
  );
  for (const area of r.areas) {
    out.push('', `## ${area.area}`, '');
    out.push(row(['Status', 'KPI', 'Value', 'Target', '% of target', 'Change', 'Trend']));
    out.push('|---|---|--:|--:|--:|--:|---|');
    for (const line of area.kpis) {
      const k = line.evaluation;
      const f = figureTexts(k);
      const status = STATUS_LABEL[k.status] ?? k.status;
      out.push(
        row([
          k.stale ? `${status} (stale)` : status,
          [k.owner ? `${k.name} (${k.owner})` : k.name, f.judging].filter(Boolean).join('; '),
          f.value,
          f.target,
          f.attainment,
          `${shownChange(k).arrow} ${f.change}`.trim(),
          blockSparkline(line.sparkline),
        ])
      );
    }
  }
  if (r.changes.length > 0) {
    out.push('', '## Status changes since the previous report', '');
    for (const c of r.changes) {
      out.push(`- ${c.name}: ${STATUS_LABEL[c.from] ?? c.from} → ${STATUS_LABEL[c.to] ?? c.to}`);
    }
  }
  if (r.objectives.length > 0) {
    out.push('', '## Objectives');
    for (const o of r.objectives) {
      const owner = o.owner ? ` (${o.owner})` : '';
      out.push(
        '',
        `### ${o.title}${owner}: ${STATUS_LABEL[o.status] ?? o.status}, ${objectiveDoneText(o, r.at, zone)}`,
        ''
      );
      out.push(row(['Key result', 'Value', 'Target', 'Due', 'Progress', 'Expected', 'Status']));
      out.push('|---|--:|--:|---|--:|--:|---|');
      for (const kr of o.keyResults) {
        const t = keyResultTexts(kr, o, r.at, zone);
        out.push(
          row([
            kr.name,
            t.value,
            t.target,
            localTime(kr.by, zone),
            t.progress,
            t.starts ?? t.expected,
            STATUS_LABEL[kr.status] ?? kr.status,
          ])
        );
      }
    }
  }
  if (r.staleSources.length > 0) {
    out.push('', '## Stale sources', '');
    for (const s of r.staleSources) {
      out.push(`- ${s.source}: ${staleText(s, zone)}`);
    }
  }
  if (r.notes.length > 0) {
    out.push('', `## ${notesTitle(r.title, several)}`, '');
    for (const n of r.notes) {
      const by = n.recordedBy ? `, ${n.recordedBy}` : '';
      out.push(`- ${n.name}, ${localTime(n.time, zone)}${by}: ${n.note}`);
    }
  }
  if (r.period.kind !== 'snapshot') {
    out.push(
      '',
      `_Period: ${formatInstant(r.period.start.toISOString())} to ${formatInstant(r.period.end.toISOString())}_`
    );
  }
  return out.join('\n');
}
