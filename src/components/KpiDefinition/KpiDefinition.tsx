import React from 'react';
import { Stack, TagList, Text } from '@grafana/ui';
import type { Catalog, Kpi } from '../../core/catalog/model';
import { testIds } from '../testIds';
import {
  describeDirection,
  describeInstant,
  describeMeasure,
  describeTarget,
  describeThresholds,
  describeWindow,
  formatFigure,
} from './describe';

interface Props {
  kpi: Kpi;
  catalog: Catalog;
}

/** The KPI's target schedule, one entry per line with the thresholds it carries. */
function Schedule({ kpi }: { kpi: Kpi }) {
  const fmt = (v?: number) => formatFigure(v, kpi.unit, kpi.decimals);
  return (
    <ul>
      {(kpi.targets ?? []).map((t, i) => (
        <li key={i}>
          from {describeInstant(t.from)}: {fmt(t.value)}
          {t.warning !== undefined && `, warning ${fmt(t.warning)}`}
          {t.critical !== undefined && `, critical ${fmt(t.critical)}`}
        </li>
      ))}
    </ul>
  );
}

/** What a KPI is, in words: where it comes from, how it is measured, and what counts as good. */
export function KpiDefinition({ kpi, catalog }: Props) {
  const scheduled = (kpi.targets ?? []).length > 0;
  const source = kpi.source ? (catalog.sources[kpi.source]?.table?.join('.') ?? kpi.source) : undefined;
  const rows: Array<[string, React.ReactNode]> = [
    ['Area', kpi.area ?? 'none'],
    ['Owner', kpi.owner ?? 'none'],
    ['Source', kpi.source ? `${kpi.source}${source !== kpi.source ? ` (${source})` : ''}` : 'formula over other KPIs'],
    ['Filter', kpi.filter ?? 'none'],
    ['Window', describeWindow(kpi.window, catalog.timezone)],
    ['Measure', describeMeasure(kpi.measure)],
    ['Unit', kpi.unit ?? 'none'],
    ['Direction', describeDirection(kpi.direction)],
    [scheduled ? 'Target schedule' : 'Target', scheduled ? <Schedule kpi={kpi} /> : describeTarget(kpi)],
    ['Thresholds', describeThresholds(kpi)],
  ];
  return (
    <Stack direction="column" gap={1} data-testid={testIds.kpi.definition}>
      {kpi.description && <Text element="p">{kpi.description}</Text>}
      {kpi.tags.length > 0 && <TagList tags={kpi.tags} />}
      <dl>
        {rows.map(([term, value]) => (
          <React.Fragment key={term}>
            <dt>
              <Text weight="medium">{term}</Text>
            </dt>
            <dd>{value}</dd>
          </React.Fragment>
        ))}
      </dl>
    </Stack>
  );
}
