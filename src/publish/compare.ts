import { fnv1a } from '../generators/uid';
import type { RuleGroup } from './grafanaApi';

/** JSON with object keys sorted, so equal content hashes equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A 64-bit content hash (two FNV-1a passes): tells "as published" from "edited since". */
export function contentHash(value: unknown): string {
  const text = canonicalJson(value);
  return fnv1a(text) + fnv1a(text, 0x01000193);
}

/**
 * True when every field of `want` is in `have` with an equal value (objects recursively, arrays
 * element by element). Grafana may add defaults to what it stores (a query model's own fields);
 * they are not a difference OpenKPI made.
 */
export function sameSubset(want: unknown, have: unknown): boolean {
  if (Array.isArray(want)) {
    return Array.isArray(have) && have.length === want.length && want.every((w, i) => sameSubset(w, have[i]));
  }
  if (want && typeof want === 'object') {
    if (!have || typeof have !== 'object' || Array.isArray(have)) {
      return false;
    }
    return Object.entries(want).every(
      ([k, v]) => v === undefined || sameSubset(v, (have as Record<string, unknown>)[k])
    );
  }
  return want === have;
}

/** Seconds of a Go/Prometheus duration as Grafana prints it (`30m`, `1h30m`, `5m0s`). */
export function durationSeconds(text: unknown): number | undefined {
  if (typeof text === 'number') {
    return text;
  }
  if (typeof text !== 'string' || text === '') {
    return undefined;
  }
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/.exec(rest);
    if (!m) {
      return undefined;
    }
    total += Number(m[1]) * units[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}

function panelTitles(dashboard: Record<string, unknown>): string[] {
  const panels = (dashboard.panels as Array<{ title?: string; type?: string }> | undefined) ?? [];
  return panels.map((p) => `${p.type ?? 'panel'} "${p.title ?? ''}"`);
}

/** At most a few lines saying what differs between the dashboard in Grafana and the one to publish. */
export function summarizeDashboardDiff(
  current: Record<string, unknown>,
  want: Record<string, unknown>,
  max = 5
): string[] {
  const lines: string[] = [];
  const keys = [...new Set([...Object.keys(current), ...Object.keys(want)])].filter((k) => k !== 'panels').sort();
  const changed = keys.filter((k) => canonicalJson(current[k]) !== canonicalJson(want[k]));
  if (changed.length > 0) {
    lines.push(`changed: ${changed.join(', ')}`);
  }
  const before = panelTitles(current);
  const after = panelTitles(want);
  const added = after.filter((t) => !before.includes(t));
  const removed = before.filter((t) => !after.includes(t));
  added.forEach((t) => lines.push(`+ ${t}`));
  removed.forEach((t) => lines.push(`- ${t}`));
  const currentPanels = (current.panels as unknown[] | undefined) ?? [];
  const wantPanels = (want.panels as unknown[] | undefined) ?? [];
  const edited = wantPanels.filter((p, i) => {
    const title = after[i];
    const j = before.indexOf(title);
    return j >= 0 && canonicalJson(currentPanels[j]) !== canonicalJson(p);
  });
  if (edited.length > 0) {
    lines.push(`${edited.length} panel${edited.length > 1 ? 's' : ''} changed`);
  }
  return lines.length > max ? [...lines.slice(0, max - 1), `… ${lines.length - max + 1} more`] : lines;
}

const RULE_FIELDS = [
  'title',
  'condition',
  'data',
  'noDataState',
  'execErrState',
  'labels',
  'annotations',
  'isPaused',
  'notification_settings',
];

/** Lines per rule added, removed or changed (with the changed fields); empty when the group is as published. */
export function summarizeRuleDiff(current: RuleGroup, want: RuleGroup): string[] {
  const lines: string[] = [];
  if (current.interval !== want.interval) {
    lines.push(`interval ${current.interval}s → ${want.interval}s`);
  }
  const byUid = new Map(current.rules.map((r) => [String(r.uid), r]));
  for (const rule of want.rules) {
    const have = byUid.get(String(rule.uid));
    if (!have) {
      lines.push(`+ ${String(rule.title)}`);
      continue;
    }
    const fields = RULE_FIELDS.filter((f) => {
      if (f === 'labels' || f === 'annotations') {
        return canonicalJson(rule[f] ?? {}) !== canonicalJson(have[f] ?? {});
      }
      return !sameSubset(rule[f], have[f]);
    });
    if (durationSeconds(rule.for) !== durationSeconds(have.for)) {
      fields.push('for');
    }
    if (fields.length > 0) {
      lines.push(`~ ${String(rule.title)}: ${fields.join(', ')}`);
    }
  }
  const wanted = new Set(want.rules.map((r) => String(r.uid)));
  current.rules.filter((r) => !wanted.has(String(r.uid))).forEach((r) => lines.push(`- ${String(r.title)}`));
  return lines;
}
