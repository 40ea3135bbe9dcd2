import type { Plan, PlanAction, PlanItem } from './plan';

const WORD: Record<PlanAction, string> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  unchanged: 'unchanged',
  conflict: 'CONFLICT',
  orphan: 'orphan',
};

/** One line per object, then its short diff indented under it. */
export function planLines(plan: Plan, options: { unchanged?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const item of plan.items) {
    if (item.action === 'unchanged' && !options.unchanged) {
      continue;
    }
    lines.push(`${WORD[item.action].padEnd(9)} ${item.kind.padEnd(13)} ${item.title}`);
    item.diff.forEach((d) => lines.push(`          ${d}`));
  }
  lines.push(summaryLine(plan.items));
  return lines;
}

/** `plan: 2 create, 1 update, 0 delete, 14 unchanged` (+ conflicts/orphans when there are any). */
export function summaryLine(items: PlanItem[]): string {
  const count = (a: PlanAction) => items.filter((i) => i.action === a).length;
  const parts = [
    `${count('create')} create`,
    `${count('update')} update`,
    `${count('delete')} delete`,
    `${count('unchanged')} unchanged`,
  ];
  if (count('conflict') > 0) {
    parts.push(`${count('conflict')} conflict`);
  }
  if (count('orphan') > 0) {
    parts.push(`${count('orphan')} orphan`);
  }
  return `plan: ${parts.join(', ')}`;
}

/** True when Grafana differs from the catalogs (what `--check` fails on). */
export function drifted(plan: Plan): boolean {
  return plan.items.some((i) => i.action !== 'unchanged');
}
