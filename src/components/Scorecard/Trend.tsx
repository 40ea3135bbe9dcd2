import React from 'react';
import { FieldColorModeId, FieldType, type FieldConfig } from '@grafana/data';
import { GraphDrawStyle, type GraphFieldConfig } from '@grafana/schema';
import { Sparkline, useTheme2 } from '@grafana/ui';
import type { TrendPoint } from './rows';

/** A KPI's trend as Grafana's sparkline (the Stat panel's), in the colour of its status. */
export function Trend({ points, color, label }: { points: TrendPoint[]; color: string; label: string }) {
  const theme = useTheme2();
  if (points.every((p) => p.value === null)) {
    return null;
  }
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const config: FieldConfig<GraphFieldConfig> = {
    color: { mode: FieldColorModeId.Fixed, fixedColor: theme.visualization.getColorByName(color) },
    custom: { drawStyle: GraphDrawStyle.Line, lineWidth: 1, fillOpacity: 12, spanNulls: true },
  };
  return (
    <div role="img" aria-label={label}>
      <Sparkline
        width={120}
        height={28}
        theme={theme}
        config={config}
        sparkline={{
          x: { name: 'time', type: FieldType.time, values: points.map((p) => p.time), config: {} },
          y: {
            name: 'value',
            type: FieldType.number,
            values: points.map((p) => p.value),
            config,
            // The value scale, as the Stat panel hands it over (a flat line sits in the middle).
            state: { range: { min, max, delta: max - min } },
          },
        }}
      />
    </div>
  );
}
