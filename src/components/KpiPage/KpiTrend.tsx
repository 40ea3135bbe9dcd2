import React, { useMemo } from 'react';
import { useMeasure } from 'react-use';
import {
  applyFieldOverrides,
  createDataFrame,
  FieldColorModeId,
  FieldConfig,
  FieldType,
  TimeRange,
} from '@grafana/data';
import { GraphDrawStyle, GraphFieldConfig, LegendDisplayMode } from '@grafana/schema';
import { TimeSeries, useTheme2 } from '@grafana/ui';
import type { Kpi } from '../../core/catalog/model';
import { statusInfo } from '../../core/rules/status';
import { testIds } from '../testIds';
import { BandPoint, outerEdge } from './bands';

type Custom = GraphFieldConfig & {
  fillBelowTo?: string;
  hideFrom?: { legend: boolean; tooltip: boolean; viz: boolean };
};

const line = (color: string, custom: Custom, unit?: string, decimals?: number): FieldConfig<Custom> => ({
  unit,
  decimals,
  color: { mode: FieldColorModeId.Fixed, fixedColor: color },
  custom: { drawStyle: GraphDrawStyle.Line, lineWidth: 1, fillOpacity: 0, spanNulls: true, ...custom },
});

const DASH = { fill: 'dash' as const, dash: [8, 6] };

/**
 * The KPI's trend as Grafana's time series: the value, the target line (dashed), and the warning
 * and critical bands on the bad side, each following the thresholds in force at every point.
 * Bands are fills between series (`fillBelowTo`), so they step with a schedule.
 */
export function KpiTrend({
  kpi,
  points,
  range,
  height = 300,
}: {
  kpi: Kpi;
  points: BandPoint[];
  range: TimeRange;
  height?: number;
}) {
  const theme = useTheme2();
  const [ref, { width }] = useMeasure<HTMLDivElement>();
  const frames = useMemo(() => {
    const higher = kpi.direction === 'higher';
    const edge = outerEdge(points, kpi.direction);
    const col = (pick: (p: BandPoint) => number | null | undefined) => points.map((p) => pick(p) ?? null);
    const has = (pick: (p: BandPoint) => number | null | undefined) => points.some((p) => (pick(p) ?? null) !== null);
    const warnColor = statusInfo('warning').hex;
    const critColor = statusInfo('critical').hex;
    const hidden = { legend: true, tooltip: true, viz: false };
    const fields = [
      { name: 'time', type: FieldType.time, values: col((p) => p.time), config: {} },
      {
        name: 'Value',
        type: FieldType.number,
        values: col((p) => p.value),
        config: line('text', { lineWidth: 2, showPoints: 'never' as never }, kpi.unit, kpi.decimals),
      },
    ];
    if (has((p) => p.target)) {
      fields.push({
        name: 'Target',
        type: FieldType.number,
        values: col((p) => p.target),
        config: line('blue', { lineStyle: DASH }, kpi.unit, kpi.decimals),
      });
    }
    if (has((p) => p.expectedToDate)) {
      fields.push({
        name: 'Expected to date',
        type: FieldType.number,
        values: col((p) => p.expectedToDate),
        config: line('purple', { lineStyle: { fill: 'dot' } as never }, kpi.unit, kpi.decimals),
      });
    }
    const warning = has((p) => p.warning);
    const critical = has((p) => p.critical);
    const values = { Warning: col((p) => p.warning), Critical: col((p) => p.critical) };
    for (const name of ['Warning', 'Critical'] as const) {
      if (name === 'Warning' ? warning : critical) {
        const color = name === 'Warning' ? warnColor : critColor;
        fields.push({
          name,
          type: FieldType.number,
          values: values[name],
          config: line(color, { lineStyle: DASH }, kpi.unit, kpi.decimals),
        });
      }
    }
    if ((warning || critical) && edge !== null) {
      const edgeValues = points.map((p) => ((p.critical ?? p.warning) !== null ? edge : null));
      fields.push({
        name: 'edge',
        type: FieldType.number,
        values: edgeValues,
        config: line('transparent', { lineWidth: 0, hideFrom: hidden }, kpi.unit, kpi.decimals),
      });
      // A band fills from a hidden copy of its upper bound down to its lower bound, in its own colour.
      const bands: Array<[string, Array<number | null>, string, string]> = [];
      const lowerOf = (name: 'Warning' | 'Critical') => (name === 'Warning' && critical ? 'Critical' : 'edge');
      if (higher) {
        warning && bands.push(['warning band', values.Warning, lowerOf('Warning'), warnColor]);
        critical && bands.push(['critical band', values.Critical, 'edge', critColor]);
      } else {
        warning && bands.push(['warning band', critical ? values.Critical : edgeValues, 'Warning', warnColor]);
        critical && bands.push(['critical band', edgeValues, 'Critical', critColor]);
      }
      for (const [name, upper, lower, color] of bands) {
        fields.push({
          name,
          type: FieldType.number,
          values: upper,
          config: line(
            color,
            { lineWidth: 0, fillOpacity: 14, fillBelowTo: lower, hideFrom: hidden },
            kpi.unit,
            kpi.decimals
          ),
        });
      }
    }
    const frame = createDataFrame({ name: kpi.name, fields });
    return applyFieldOverrides({
      data: [frame],
      fieldConfig: { defaults: {}, overrides: [] },
      replaceVariables: (v) => v,
      theme,
      timeZone: 'browser',
    });
  }, [kpi, points, theme]);

  return (
    <div ref={ref} data-testid={testIds.kpi.trend} role="img" aria-label={`Trend of ${kpi.name}`}>
      {width > 0 && (
        <TimeSeries
          frames={frames}
          width={width}
          height={height}
          timeRange={range}
          timeZone="browser"
          legend={{ showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
        />
      )}
    </div>
  );
}
