import React, { useId } from 'react';
import { Card, Stack, Text } from '@grafana/ui';
import type { Catalog, Kpi } from '../../core/catalog/model';
import { prefixRoute, ROUTES } from '../../constants';
import { describeTarget, describeWindow } from '../KpiDefinition/describe';
import { testIds } from '../testIds';

interface Props {
  area: string;
  kpis: Kpi[];
  catalog: Catalog;
  /** The data source the KPIs come from, named in the links so the KPI page evaluates with it. */
  dsUid: string;
}

/** The KPI page of a KPI of a given data source (the same route the panels' data links open). */
export function kpiHref(id: string, dsUid: string): string {
  return `${prefixRoute(`${ROUTES.Kpi}/${encodeURIComponent(id)}`)}?${new URLSearchParams({ ds: dsUid })}`;
}

/** One area of a catalog: a card per KPI with its owner, target and window, linking to the KPI page. */
export function AreaKpis({ area, kpis, catalog, dsUid }: Props) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} data-testid={testIds.catalog.area}>
      <Stack direction="column" gap={1}>
        <Text element="h3" id={headingId}>
          {area}
        </Text>
        {kpis.map((kpi) => (
          <Card key={kpi.id} href={kpiHref(kpi.id, dsUid)} data-testid={testIds.catalog.kpi}>
            <Card.Heading>{kpi.name}</Card.Heading>
            <Card.Meta>
              <span>Owner: {kpi.owner ?? 'none'}</span>
              <span>Target: {describeTarget(kpi)}</span>
              <span>Window: {describeWindow(kpi.window, catalog.timezone)}</span>
            </Card.Meta>
            {kpi.description && <Card.Description>{kpi.description}</Card.Description>}
          </Card>
        ))}
      </Stack>
    </section>
  );
}
