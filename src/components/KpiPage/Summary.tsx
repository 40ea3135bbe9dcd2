import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat } from '@grafana/data';
import { Alert, Badge, Card, Stack, Text } from '@grafana/ui';
import type { Catalog, Kpi } from '../../core/catalog/model';
import { minVolumeOf, rowsKpi } from '../../core/compiler/kpiSql';
import type { KpiEvaluation } from '../../core/evaluation/evaluate';
import { formatFigure, NONE } from '../KpiDefinition/describe';
import { Change } from '../Scorecard/Change';
import { comparisonWords } from '../Scorecard/words';
import { StatusBadge } from '../StatusBadge/StatusBadge';
import { testIds } from '../testIds';
import { isoMs } from '../../core/rules/instant';

function instant(iso: string | null | undefined): string {
  return iso ? dateTimeFormat(isoMs(iso)) : NONE;
}

function percent(share: number | null | undefined): string {
  return formatFigure(share === null || share === undefined ? null : share * 100, 'percent', 0);
}

/** One labelled figure. */
function Figure({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <Card data-testid={testId} className={css({ width: 'auto', minWidth: 160, marginBottom: 0 })}>
      <Card.Heading>{label}</Card.Heading>
      <Card.Description>{value}</Card.Description>
    </Card>
  );
}

/**
 * Why a KPI has no verdict, or why its figure should be read with care: pending, low volume,
 * no data, error and stale are their own states, explained rather than shown as red or green.
 */
function StateNote({ kpi, catalog, e }: { kpi: Kpi; catalog: Catalog; e: KpiEvaluation }) {
  const notes: Array<{ title: string; text: string; severity: 'info' | 'warning' | 'error' }> = [];
  const period = kpi.window.kind === 'calendar' ? kpi.window.unit : 'window';
  if (e.status === 'error') {
    notes.push({ title: 'The KPI could not be evaluated', text: e.error ?? 'the query failed', severity: 'error' });
  }
  if (e.status === 'pending') {
    notes.push({
      title: 'Pending: too early for a verdict',
      text: `${percent(e.elapsedShare)} of the ${period} has elapsed; the KPI is judged on pace once ${percent(kpi.pace?.after)} has.`,
      severity: 'info',
    });
  }
  if (e.status === 'low_volume') {
    notes.push({
      title: 'Low volume: too few rows for a verdict',
      text: `${formatFigure(e.volume, 'none', 0)} rows in the window; at least ${minVolumeOf(catalog, kpi)} are needed before the KPI is judged.`,
      severity: 'info',
    });
  }
  if (e.status === 'no_data') {
    notes.push({
      title: 'No data in the window',
      text: `No rows between ${instant(e.window.from)} and ${instant(e.window.to)}. Check that the source table receives data and that the KPI's filter matches rows.`,
      severity: 'warning',
    });
  }
  if (e.stale) {
    const source = rowsKpi(catalog, kpi).source;
    const freshness = source ? catalog.sources[source]?.freshness : undefined;
    notes.push({
      title: 'Stale data',
      text: `The latest row is from ${instant(e.lastDataAt)}${freshness ? `, older than the source's freshness of ${freshness}` : ''}: the figures may not reflect now.`,
      severity: 'warning',
    });
  }
  if (notes.length === 0) {
    return null;
  }
  return (
    <Stack direction="column" gap={1} data-testid={testIds.kpi.state}>
      {notes.map((n) => (
        <Alert key={n.title} title={n.title} severity={n.severity}>
          {n.text}
        </Alert>
      ))}
    </Stack>
  );
}

/** The KPI's status and figures at the evaluation instant, with pace, volume and the comparison period. */
export function Summary({ kpi, catalog, e }: { kpi: Kpi; catalog: Catalog; e: KpiEvaluation }) {
  const fmt = (v: number | null | undefined) => formatFigure(v, kpi.unit, kpi.decimals);
  const against = comparisonWords(kpi, catalog);
  const paced = kpi.pace !== undefined;
  return (
    <Stack direction="column" gap={2} data-testid={testIds.kpi.figures}>
      <Stack direction="row" gap={1} alignItems="center">
        <StatusBadge status={e.status} />
        {e.stale && (
          <Badge color="orange" icon="clock-nine" text="Stale data" tooltip="The source has no recent data" />
        )}
        {e.approximate && <Badge color="blue" icon="info-circle" text="Approximate" />}
      </Stack>
      <StateNote kpi={kpi} catalog={catalog} e={e} />
      <Stack direction="row" gap={2} wrap="wrap">
        <Figure label={paced ? 'To date' : 'Value'} value={fmt(e.value)} />
        <Figure label="Target" value={fmt(e.target)} />
        <Figure label="% of target" value={formatFigure(e.attainment, 'percent', 1)} />
        <Figure
          label={`vs ${against}`}
          testId={testIds.kpi.comparison}
          value={
            <Stack direction="column" gap={0}>
              <span>
                {fmt(e.previous)} ({instant(e.previousWindow.from)} – {instant(e.previousWindow.to)})
              </span>
              <Change
                change={e.change}
                changePercent={e.changePercent}
                direction={kpi.direction}
                unit={kpi.unit}
                decimals={kpi.decimals}
                against={against}
              />
            </Stack>
          }
        />
        <Figure label="Window" value={`${instant(e.window.from)} – ${instant(e.window.to)}`} />
        <Figure label="Last data" value={instant(e.lastDataAt)} />
      </Stack>
      {paced && (
        <Stack direction="row" gap={2} wrap="wrap" data-testid={testIds.kpi.pace}>
          <Figure label="Expected to date" value={fmt(e.expectedToDate)} />
          <Figure
            label={`Projected for the ${kpi.window.kind === 'calendar' ? kpi.window.unit : 'window'}`}
            value={fmt(e.projected)}
          />
          <Figure label="Period elapsed" value={percent(e.elapsedShare)} />
        </Stack>
      )}
      {e.volume !== undefined && (
        <div data-testid={testIds.kpi.volume}>
          <Text color="secondary">
            Volume: {formatFigure(e.volume, 'none', 0)} rows in the window (minimum {minVolumeOf(catalog, kpi)}).
          </Text>
        </div>
      )}
    </Stack>
  );
}
