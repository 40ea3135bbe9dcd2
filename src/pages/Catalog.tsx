import React, { useMemo } from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert, Stack } from '@grafana/ui';
import { CatalogSection } from '../components/CatalogSection/CatalogSection';
import { testIds } from '../components/testIds';
import { kpiSources } from '../components/sources/sources';

/** The default page: every OpenKPI data source with its KPIs grouped by area. */
function Catalog() {
  const sources = useMemo(() => kpiSources(), []);
  return (
    <PluginPage>
      <div data-testid={testIds.catalog.container}>
        {sources.length === 0 ? (
          <Alert title="No OpenKPI data source" severity="info" data-testid={testIds.catalog.noSources}>
            Add a data source of type OpenKPI (Connections → Data sources) and give it a catalog; its KPIs will be
            listed here.
          </Alert>
        ) : (
          <Stack direction="column" gap={4}>
            {sources.map((s) => (
              <CatalogSection key={s.uid} source={s} />
            ))}
          </Stack>
        )}
      </div>
    </PluginPage>
  );
}

export default Catalog;
