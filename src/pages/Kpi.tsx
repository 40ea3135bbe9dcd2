import React, { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Alert, LinkButton, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import type { Catalog, Kpi as KpiModel } from '../core/catalog/model';
import { KpiDefinition } from '../components/KpiDefinition/KpiDefinition';
import { KpiFigures } from '../components/KpiFigures/KpiFigures';
import { useEvaluation } from '../components/KpiFigures/useEvaluation';
import { testIds } from '../components/testIds';
import { prefixRoute, ROUTES } from '../constants';
import { findKpi, kpiSources } from '../components/sources/sources';
import { rangeFromUrl } from './timeRange';

/** The figures of the KPI over the URL's range, or why there are none. */
function Evaluated({ dsUid, kpi }: { dsUid: string; kpi: KpiModel }) {
  const [params] = useSearchParams();
  const range = rangeFromUrl(params.get('from'), params.get('to'));
  const { loading, figures, errors } = useEvaluation(dsUid, kpi.id, range);
  if (loading) {
    return <LoadingPlaceholder text="Evaluating…" />;
  }
  // A failing KPI's error is both in the response and in its row: show it once.
  const messages = [...new Set([...errors, ...(figures?.error ? [figures.error] : [])])];
  return (
    <Stack direction="column" gap={2}>
      <Text color="secondary">Evaluated at {range.to.format('YYYY-MM-DD HH:mm:ss')}, the end of the time range.</Text>
      {messages.length > 0 && (
        <Alert title="The KPI could not be evaluated" severity="error" data-testid={testIds.kpi.error}>
          {messages.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </Alert>
      )}
      {figures && <KpiFigures kpi={kpi} figures={figures} />}
      {!figures && messages.length === 0 && <Alert title="The data source returned no figures" severity="warning" />}
    </Stack>
  );
}

function Found({ kpi, catalog, dsUid, dsName }: { kpi: KpiModel; catalog: Catalog; dsUid: string; dsName: string }) {
  return (
    <Stack direction="column" gap={3}>
      <Stack direction="column" gap={0}>
        <Text element="h2">{kpi.name}</Text>
        <Text color="secondary">
          {kpi.id} in {catalog.title ?? catalog.name} ({dsName})
        </Text>
      </Stack>
      <Evaluated dsUid={dsUid} kpi={kpi} />
      <Text element="h3">Definition</Text>
      <KpiDefinition kpi={kpi} catalog={catalog} />
    </Stack>
  );
}

/** One KPI (`kpi/:id?ds=<uid>&from=…&to=…`): its figures over the URL's time range and its definition. */
function Kpi() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const dsUid = params.get('ds');
  const found = useMemo(() => findKpi(kpiSources(), id, dsUid), [id, dsUid]);
  return (
    <PluginPage>
      <div data-testid={testIds.kpi.container}>
        <Stack direction="column" gap={2}>
          <div>
            <LinkButton href={prefixRoute(ROUTES.Catalog)} icon="arrow-left" variant="secondary" fill="text">
              All KPIs
            </LinkButton>
          </div>
          {found?.source.loaded.catalog ? (
            <Found
              kpi={found.kpi}
              catalog={found.source.loaded.catalog}
              dsUid={found.source.uid}
              dsName={found.source.name}
            />
          ) : (
            <Alert title="Unknown KPI" severity="error" data-testid={testIds.kpi.unknown}>
              {dsUid
                ? `There is no KPI "${id}" in the catalog of the OpenKPI data source with uid "${dsUid}".`
                : `There is no KPI "${id}" in the catalog of any OpenKPI data source.`}{' '}
              A data source with an invalid catalog lists its problems on the KPIs page.
            </Alert>
          )}
        </Stack>
      </div>
    </PluginPage>
  );
}

export default Kpi;
