import React from 'react';
import { dateTime } from '@grafana/data';
import { Alert, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import type { Catalog, Kpi, WindowSpec } from '../../core/catalog/model';
import { instant } from '../../core/compiler/anchor';
import { parseWindow } from '../../core/catalog/duration';
import { BacktestResult, evaluateBacktest } from '../../core/backtest/evaluate';
import { evaluateKpis, KpiEvaluation } from '../../core/evaluation/evaluate';
import type { SqlRunner } from '../../core/evaluation/runner';
import type { RollupRead } from '../../core/rollup/mayRead';
import type { RollupPlan } from '../../core/rollup/plan';
import { formatFigure } from '../KpiDefinition/describe';
import { KpiTrend } from '../KpiPage/KpiTrend';
import { StatusBadge } from '../StatusBadge/StatusBadge';
import { testIds } from '../testIds';
import { useAsync } from '../useAsync';
import { isoMs } from '../../core/rules/instant';

/** The preview looks back this far, one point a day. */
export const PREVIEW_DAYS = 90;
/** Typing pauses this long before the preview runs again. */
export const PREVIEW_DEBOUNCE_MS = 600;

export interface PreviewData {
  evaluation: KpiEvaluation;
  backtest: BacktestResult;
  /** The instant the preview evaluated at (epoch ms). */
  at: number;
}

/**
 * What the KPI as typed would say on real data: its value and status now, and its last 90 days
 * judged point by point with the thresholds being typed (how often it would have paged). Both
 * read `rollups` as the panels do; a rollup of the saved catalog is ignored inside the statement
 * once the draft changes what it aggregates (its definition no longer matches), so raw rows answer.
 */
export async function preview(
  catalog: Catalog,
  kpiId: string,
  runner: SqlRunner,
  now = new Date(),
  rollups: RollupPlan[] = []
): Promise<PreviewData> {
  const from = new Date(now.getTime() - PREVIEW_DAYS * 86_400_000);
  const [evaluated, backtest] = await Promise.all([
    evaluateKpis(catalog, { kpiIds: [kpiId], at: instant(now), rollups }, runner),
    evaluateBacktest(
      catalog,
      { kpiId, from, to: now, step: parseWindow('1d') as WindowSpec, endAligned: true, rollups },
      runner
    ),
  ]);
  return { evaluation: evaluated.kpis[0], backtest, at: now.getTime() };
}

/** What preview evaluates, as far as rollups go: the KPI's value now and its daily backtest. */
export function previewReads(catalog: Catalog, kpiId: string): RollupRead[] {
  return catalog.kpis.filter((k) => k.id === kpiId).map((kpi) => ({ kpi, use: { kind: 'value' } }));
}

/** "would have paged 3 times (critical 1, warning 2)" */
export function pagedWords(fired: { warning: number; critical: number }): string {
  const total = fired.warning + fired.critical;
  const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;
  return total === 0
    ? `would not have paged in the last ${PREVIEW_DAYS} days`
    : `would have paged ${times(total)} in the last ${PREVIEW_DAYS} days (critical ${fired.critical}, warning ${fired.warning})`;
}

interface Props {
  /** The catalog as typed, when valid; undefined while it has problems. */
  catalog?: Catalog;
  kpi?: Kpi;
  /** Changes whenever anything the preview depends on does (the catalog text). */
  text: string;
  runner: () => SqlRunner;
  /** Which rollups to read (asked before each preview run) for what it evaluates (`reads`); none when absent. */
  probe?: (catalog: Catalog, runner: SqlRunner, reads: RollupRead[]) => Promise<RollupPlan[]>;
}

/** The live preview next to the form, debounced while typing. */
export function Preview({ catalog, kpi, text, runner, probe }: Props) {
  const ready = catalog !== undefined && kpi !== undefined;
  const run = async () => {
    const sql = runner();
    const rollups = probe ? await probe(catalog!, sql, previewReads(catalog!, kpi!.id)) : [];
    return preview(catalog!, kpi!.id, sql, new Date(), rollups);
  };
  const state = useAsync(ready ? text : '', () => (ready ? run() : Promise.resolve(undefined)), PREVIEW_DEBOUNCE_MS);
  if (!ready) {
    return (
      <div data-testid={testIds.editor.preview}>
        <Text color="secondary">Fix the problems marked on the fields and the preview runs on your data.</Text>
      </div>
    );
  }
  if (state.loading) {
    return (
      <div data-testid={testIds.editor.preview}>
        <LoadingPlaceholder text="Previewing on your data…" />
      </div>
    );
  }
  if ('error' in state) {
    return (
      <div data-testid={testIds.editor.preview}>
        <Alert title="The preview failed" severity="error">
          {state.error}
        </Alert>
      </div>
    );
  }
  const { evaluation: e, backtest, at: to } = state.value!;
  const range = {
    from: dateTime(to - PREVIEW_DAYS * 86_400_000),
    to: dateTime(to),
    raw: { from: `now-${PREVIEW_DAYS}d`, to: 'now' },
  };
  const points = backtest.points.map((p) => ({ ...p, time: isoMs(p.time), target: null }));
  return (
    <Stack direction="column" gap={1} data-testid={testIds.editor.preview}>
      <Stack direction="row" gap={1} alignItems="center">
        <StatusBadge status={e.status} />
        <span data-testid={testIds.editor.previewValue}>
          <Text variant="h3">{formatFigure(e.value, kpi!.unit, kpi!.decimals)}</Text>
        </span>
        <Text color="secondary">now, target {formatFigure(e.target, kpi!.unit, kpi!.decimals)}</Text>
      </Stack>
      {e.error && (
        <Alert title="The KPI's query failed" severity="error">
          {e.error}
        </Alert>
      )}
      <span data-testid={testIds.editor.paged}>
        <Text>With these thresholds it {pagedWords(backtest.fired)}.</Text>
      </span>
      <KpiTrend kpi={kpi!} points={points} range={range} height={200} />
    </Stack>
  );
}
