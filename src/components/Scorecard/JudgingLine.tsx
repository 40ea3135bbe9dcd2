import React from 'react';
import { Text } from '@grafana/ui';
import { formatFigure } from '../KpiDefinition/describe';
import type { ScorecardRow } from './rows';

/**
 * Under the value: a paced KPI's projection and the value expected by now, or a low-volume
 * KPI's row count, so the state is read with the figures that decided it.
 */
export function JudgingLine({ row }: { row: ScorecardRow }) {
  const { kpi, figures } = row;
  const fmt = (v: number | null) => formatFigure(v, kpi.unit, kpi.decimals);
  if (kpi.pace && figures.projected !== null) {
    return (
      <Text variant="bodySmall" color="secondary">
        projected {fmt(figures.projected)} · expected by now {fmt(figures.expectedToDate)}
      </Text>
    );
  }
  if (figures.status === 'low_volume' && figures.volume !== null) {
    return (
      <Text variant="bodySmall" color="secondary">
        only {formatFigure(figures.volume, 'none', 0)} rows
      </Text>
    );
  }
  return null;
}
