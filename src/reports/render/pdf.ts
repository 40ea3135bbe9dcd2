import PDFDocument from 'pdfkit';
import {
  figureTexts,
  keyResultTexts,
  notesTitle,
  objectiveDoneText,
  shownChange,
  sparklineSegments,
  staleText,
} from '../figures';
import type { CatalogReport, Report, ReportKpi } from '../model';
import { isoInstant } from '../../core/rules/instant';
import { localTime, subtitleOf } from '../period';
import { STATUS_HEX, STATUS_LABEL } from '../statusOrder';
import { registerReportFonts } from './pdfFonts';

/*
 * The report as a PDF (pdfkit: no headless browser). Text uses the PDF standard fonts, whose
 * WinAnsi encoding has no arrows: change arrows and sparklines are drawn as vector shapes.
 */

const MARGIN = 36;
const ROW = 20;
const MUTED = '#57606a';
const TONE_HEX = { good: '#1a7f37', bad: '#d1242f', flat: '#57606a' } as const;
/** Column x offsets (from the left margin) and widths on an A4 landscape page (770 pt of text width). */
const COLUMNS = [
  { key: 'status', title: 'Status', x: 0, width: 72 },
  { key: 'kpi', title: 'KPI', x: 80, width: 250 },
  { key: 'value', title: 'Value', x: 336, width: 80, align: 'right' },
  { key: 'target', title: 'Target', x: 422, width: 80, align: 'right' },
  { key: 'attainment', title: '% of target', x: 508, width: 64, align: 'right' },
  { key: 'change', title: 'Change', x: 578, width: 96, align: 'right' },
  { key: 'trend', title: 'Trend', x: 690, width: 80 },
] as const;

/** Characters the standard fonts cannot show, spelled so they can. */
const plain = (text: string) =>
  text
    .replace(/→/g, '->')
    .replace(/≈/g, '~')
    .replace(/[^\u0000-\u00ff\u2013\u2014\u20ac]/g, '?');

type Doc = PDFKit.PDFDocument;

function ensureRoom(doc: Doc, height: number, onNewPage?: () => void): void {
  if (doc.y + height > doc.page.height - MARGIN) {
    doc.addPage();
    onNewPage?.();
  }
}

function headerRow(doc: Doc): void {
  const y = doc.y;
  doc.font('Helvetica-Bold').fontSize(8).fillColor(MUTED);
  for (const c of COLUMNS) {
    doc.text(c.title, MARGIN + c.x, y, { width: c.width, align: 'align' in c ? c.align : 'left', lineBreak: false });
  }
  doc
    .moveTo(MARGIN, y + 12)
    .lineTo(doc.page.width - MARGIN, y + 12)
    .lineWidth(0.8)
    .strokeColor('#d0d7de')
    .stroke();
  doc.y = y + 16;
}

function triangle(doc: Doc, x: number, y: number, up: boolean, colour: string): void {
  const [tip, base] = up ? [y, y + 6] : [y + 6, y];
  doc
    .polygon([x, base], [x + 6, base], [x + 3, tip])
    .fillColor(colour)
    .fill();
}

function kpiRow(doc: Doc, line: ReportKpi): void {
  const k = line.evaluation;
  const f = figureTexts(k);
  const y = doc.y;
  const colour = STATUS_HEX[k.status] ?? MUTED;
  doc
    .roundedRect(MARGIN, y - 1, 66, 13, 6)
    .fillColor(colour)
    .fill();
  doc
    .font('Helvetica-Bold')
    .fontSize(7.5)
    .fillColor('#ffffff')
    .text(STATUS_LABEL[k.status] ?? k.status, MARGIN, y + 2, { width: 66, align: 'center', lineBreak: false });
  const name = plain(
    [k.owner ? `${k.name} (${k.owner})` : k.name, k.stale ? 'stale' : null, f.judging].filter(Boolean).join(' - ')
  );
  doc.font('Helvetica').fontSize(9).fillColor('#1f2328');
  doc.text(name, MARGIN + 80, y + 1, { width: 250, lineBreak: false, ellipsis: true });
  const cell = (key: 'value' | 'target' | 'attainment', text: string, bold = false) => {
    const c = COLUMNS.find((col) => col.key === key)!;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(plain(text), MARGIN + c.x, y + 1, {
      width: c.width,
      align: 'right',
      lineBreak: false,
    });
  };
  cell('value', f.value, true);
  cell('target', f.target);
  cell('attainment', f.attainment);
  const { tone } = shownChange(k);
  doc.font('Helvetica').fillColor(tone ? TONE_HEX[tone] : '#1f2328');
  doc.text(plain(f.change), MARGIN + 578, y + 1, { width: 86, align: 'right', lineBreak: false });
  if (tone !== null && tone !== 'flat' && k.change !== null) {
    triangle(doc, MARGIN + 668, y + 2, k.change > 0, TONE_HEX[tone]);
  }
  for (const segment of sparklineSegments(line.sparkline, 76, 12)) {
    const [first, ...rest] = segment;
    doc.moveTo(MARGIN + 690 + first[0], y + first[1]);
    rest.forEach(([x, py]) => doc.lineTo(MARGIN + 690 + x, y + py));
    doc.lineWidth(1).strokeColor(colour).stroke();
  }
  doc.y = y + ROW;
}

function bullets(doc: Doc, title: string, items: string[]): void {
  if (items.length === 0) {
    return;
  }
  ensureRoom(doc, 40);
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).fillColor('#1f2328').text(title, MARGIN, doc.y);
  doc.moveDown(0.3).font('Helvetica').fontSize(9);
  for (const item of items) {
    ensureRoom(doc, 14);
    doc.text(`- ${plain(item)}`, MARGIN + 8, doc.y, { width: doc.page.width - 2 * MARGIN - 8 });
  }
}

/** One catalog's pages; `several` when the report has other catalogs too. */
function catalogPages(doc: Doc, r: CatalogReport, several: boolean): void {
  const zone = r.period.timezone;
  doc.font('Helvetica-Bold').fontSize(18).fillColor('#1f2328').text(plain(r.title), MARGIN, MARGIN);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(MUTED)
    .text(plain(subtitleOf(r.period, r.at)));
  doc.moveDown(0.3).fillColor('#1f2328');
  doc.text(
    r.counts
      .filter((c) => c.count > 0)
      .map((c) => `${c.count} ${STATUS_LABEL[c.status] ?? c.status}`)
      .join('   ')
  );
  for (const area of r.areas) {
    ensureRoom(doc, 60);
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).fillColor('#1f2328').text(plain(area.area), MARGIN, doc.y);
    doc.moveDown(0.3);
    headerRow(doc);
    for (const line of area.kpis) {
      ensureRoom(doc, ROW, () => headerRow(doc));
      kpiRow(doc, line);
    }
  }
  bullets(
    doc,
    'Status changes since the previous report',
    r.changes.map((c) => `${c.name}: ${STATUS_LABEL[c.from] ?? c.from} -> ${STATUS_LABEL[c.to] ?? c.to}`)
  );
  for (const o of r.objectives) {
    bullets(
      doc,
      `Objective: ${o.title} - ${STATUS_LABEL[o.status] ?? o.status}, ${objectiveDoneText(o, r.at, zone)}`,
      o.keyResults.map((kr) => {
        const t = keyResultTexts(kr, o, r.at, zone);
        const progress = t.starts ?? `progress ${t.progress} (expected ${t.expected})`;
        return `${kr.name}: ${t.value} of ${t.target} by ${localTime(kr.by, zone)}; ${progress} - ${STATUS_LABEL[kr.status] ?? kr.status}`;
      })
    );
  }
  bullets(
    doc,
    'Stale sources',
    r.staleSources.map((s) => `${s.source}: ${staleText(s, zone)}`)
  );
  bullets(
    doc,
    notesTitle(r.title, several),
    r.notes.map((n) => `${n.name}, ${localTime(n.time, zone)}${n.recordedBy ? `, ${n.recordedBy}` : ''}: ${n.note}`)
  );
}

/** What a page after a catalog's first says at its top: "Open Service Portal · February 2026". */
export function runningHeader(r: CatalogReport): string {
  return plain(`${r.title} · ${r.period.label}`);
}

/**
 * Writes into the top margin of every page, once all are laid out: the running header on the
 * pages after a catalog's first (which has its title), and "Page 2 of 3" on every page, so a
 * printed page read alone still says what it is. `firstPages[i]` is the index of catalog i's first page.
 */
function pageHeaders(doc: Doc, report: Report, firstPages: number[]): void {
  const { start, count } = doc.bufferedPageRange();
  const y = MARGIN / 2 - 4;
  for (let page = start; page < start + count; page++) {
    doc.switchToPage(page);
    const width = doc.page.width - 2 * MARGIN;
    doc.font('Helvetica').fontSize(8).fillColor(MUTED);
    const catalog = firstPages.filter((first) => first <= page).length - 1;
    if (catalog >= 0 && firstPages[catalog] !== page) {
      doc.text(runningHeader(report.catalogs[catalog]), MARGIN, y, {
        width: width - 80,
        lineBreak: false,
        ellipsis: true,
      });
    }
    doc.text(`Page ${page + 1} of ${count}`, MARGIN + width - 80, y, { width: 80, align: 'right', lineBreak: false });
  }
}

/** The chunks as one array (no Buffer: the app renders PDFs in the browser too). */
function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Renders the report; the document's dates are the report's, so the same `--at` gives the same text. */
export function renderPdf(report: Report): Promise<Uint8Array> {
  registerReportFonts();
  const at = report.catalogs[0] ? isoInstant(report.catalogs[0].at) : new Date(0);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    // Kept until the end, so that every page gets its header and "Page n of N" (pageHeaders).
    bufferPages: true,
    info: {
      Title: report.catalogs.map((c) => `${c.title}: ${c.period.label}`).join(' · '),
      Creator: 'OpenKPI',
      Producer: 'OpenKPI',
      CreationDate: at,
    },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Uint8Array) => chunks.push(c));
    doc.on('end', () => resolve(concat(chunks)));
    doc.on('error', reject);
  });
  const several = report.catalogs.length > 1;
  const firstPages: number[] = [];
  report.catalogs.forEach((r, i) => {
    if (i > 0) {
      doc.addPage();
    }
    firstPages.push(doc.bufferedPageRange().count - 1);
    catalogPages(doc, r, several);
  });
  pageHeaders(doc, report, firstPages);
  doc.end();
  return done;
}
