import React, { useId } from 'react';
import { Stack, Text } from '@grafana/ui';
import type { KpiSource } from '../sources/sources';
import { AreaKpis } from '../AreaKpis/AreaKpis';
import { ProblemList } from '../ProblemList/ProblemList';
import { testIds } from '../testIds';
import { groupByArea } from './areas';

/** One KPI data source: its catalog's KPIs grouped by area, or the problems that make it invalid. */
export function CatalogSection({ source }: { source: KpiSource }) {
  const headingId = useId();
  const { catalog, problems } = source.loaded;
  return (
    <section aria-labelledby={headingId} data-testid={testIds.catalog.source}>
      <Stack direction="column" gap={2}>
        <Stack direction="column" gap={0}>
          <Text element="h2" id={headingId}>
            {source.name}
          </Text>
          {catalog && (
            <Text color="secondary">
              Catalog {catalog.title ? `${catalog.title} (${catalog.name})` : catalog.name}, time zone{' '}
              {catalog.timezone}, {catalog.kpis.length} KPI{catalog.kpis.length === 1 ? '' : 's'}
            </Text>
          )}
        </Stack>
        {catalog ? (
          groupByArea(catalog.kpis).map((g) => (
            <AreaKpis key={g.area} area={g.area} kpis={g.kpis} catalog={catalog} dsUid={source.uid} />
          ))
        ) : (
          <ProblemList title="The catalog of this data source is not valid" problems={problems} />
        )}
      </Stack>
    </section>
  );
}
