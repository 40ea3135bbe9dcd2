import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Badge, Card, Stack } from '@grafana/ui';
import type { Kpi } from '../../core/catalog/model';
import { formatFigure, NONE } from '../KpiDefinition/describe';
import { StatusBadge } from '../StatusBadge/StatusBadge';
import { testIds } from '../testIds';
import type { Figures } from './figures';

function instant(ms: number | null): string {
  return ms === null ? NONE : dateTimeFormat(ms);
}

function signed(text: string, value: number | null): string {
  return value !== null && value > 0 ? `+${text}` : text;
}

/** One labelled figure. */
function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <Card.Heading>{label}</Card.Heading>
      <Card.Description>{value}</Card.Description>
    </Card>
  );
}

/** A KPI's current figures: status, value against target, attainment, change, window and data freshness. */
export function KpiFigures({ kpi, figures }: { kpi: Kpi; figures: Figures }) {
  const fmt = (v: number | null) => formatFigure(v, kpi.unit, kpi.decimals);
  const percent = (v: number | null) => formatFigure(v, 'percent', 1);
  const change =
    figures.change === null
      ? NONE
      : `${signed(fmt(figures.change), figures.change)}` +
        (figures.changePercent === null ? '' : ` (${signed(percent(figures.changePercent), figures.changePercent)})`);
  return (
    <Stack direction="column" gap={2} data-testid={testIds.kpi.figures}>
      <Stack direction="row" gap={1} alignItems="center">
        <StatusBadge status={figures.status} />
        {figures.stale && (
          <Badge color="orange" icon="clock-nine" text="Stale data" tooltip="The source has no recent data" />
        )}
      </Stack>
      <Stack direction="row" gap={2} wrap="wrap">
        <Figure label="Value" value={fmt(figures.value)} />
        <Figure label="Target" value={fmt(figures.target)} />
        <Figure label="Attainment" value={percent(figures.attainment)} />
        <Figure label="Previous" value={fmt(figures.previous)} />
        <Figure label="Change" value={change} />
        <Figure label="Window" value={`${instant(figures.windowFrom)} – ${instant(figures.windowTo)}`} />
        <Figure label="Last data" value={instant(figures.lastDataAt)} />
      </Stack>
    </Stack>
  );
}
