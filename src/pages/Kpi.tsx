import React, { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import type { TimeRange } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, LinkButton, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import type { Catalog, Kpi as KpiModel } from '../core/catalog/model';
import { describeKpi } from '../components/KpiDefinition/describe';
import { KpiDefinition } from '../components/KpiDefinition/KpiDefinition';
import { KpiTrend } from '../components/KpiPage/KpiTrend';
import { Breakdowns, CompiledSql, KpiLinks, Schedule } from '../components/KpiPage/Sections';
import { Summary } from '../components/KpiPage/Summary';
import { compiledSql, useKpiPage } from '../components/KpiPage/useKpiPage';
import { sourceRollups, sourceRunner } from '../components/sources/runner';
import { findKpi, KpiSource, kpiSources } from '../components/sources/sources';
import { testIds } from '../components/testIds';
import { prefixRoute, ROUTES } from '../constants';
import { mayEditDataSources } from './permissions';
import { editorHref } from './Scorecard';
import { rangeFromUrl } from './timeRange';

interface FoundProps {
  kpi: KpiModel;
  catalog: Catalog;
  source: KpiSource;
  range: TimeRange;
  canEdit: boolean;
}

/** Everything the database says about the KPI over the range: figures, trend, breakdowns. */
function Evaluated({ kpi, catalog, source, range }: FoundProps) {
  const state = useKpiPage(
    catalog,
    kpi,
    range,
    () => sourceRunner(source),
    (runner, reads) => sourceRollups(source, catalog, runner, reads)
  );
  if (state.loading) {
    return <LoadingPlaceholder text="Evaluating…" />;
  }
  if ('error' in state) {
    return (
      <Alert title="The KPI could not be evaluated" severity="error" data-testid={testIds.kpi.error}>
        {state.error}
      </Alert>
    );
  }
  const { evaluation, trend, trendError, breakdowns } = state.value;
  return (
    <Stack direction="column" gap={3}>
      <Summary kpi={kpi} catalog={catalog} e={evaluation} />
      <section>
        <Text element="h3">Trend against the target</Text>
        {trendError ? (
          <Alert title="No trend" severity="error">
            {trendError}
          </Alert>
        ) : (
          <KpiTrend kpi={kpi} points={trend} range={range} />
        )}
      </section>
      <section>
        <Text element="h3">Breakdown</Text>
        <Breakdowns kpi={kpi} e={evaluation} breakdowns={breakdowns} />
      </section>
    </Stack>
  );
}

function Found(props: FoundProps) {
  const { kpi, catalog, source, range, canEdit } = props;
  return (
    <Stack direction="column" gap={3}>
      <Stack direction="row" justifyContent="space-between" alignItems="flex-start" wrap="wrap">
        <Stack direction="column" gap={0.5}>
          <Text color="secondary">
            {kpi.id} in {catalog.title ?? catalog.name} ({source.name}) · evaluated at{' '}
            {range.to.format('YYYY-MM-DD HH:mm:ss')}, the end of the time range
          </Text>
          <span data-testid={testIds.kpi.sentence}>
            <Text element="p">{describeKpi(kpi, catalog.timezone)}.</Text>
          </span>
        </Stack>
        <KpiLinks kpi={kpi} catalog={catalog} editHref={canEdit ? editorHref(source.uid, kpi.id) : undefined} />
      </Stack>
      <Evaluated {...props} />
      <section>
        <Text element="h3">{(kpi.targets ?? []).length > 0 ? 'Target schedule' : 'Target'}</Text>
        <Schedule kpi={kpi} catalog={catalog} at={range.to.toDate()} />
      </section>
      <section>
        <Text element="h3">Definition</Text>
        <KpiDefinition kpi={kpi} catalog={catalog} />
      </section>
      {canEdit && <CompiledSql sql={compiledSql(catalog, kpi, range.to.toDate())} />}
    </Stack>
  );
}

/**
 * One KPI (`kpi/:id?ds=<uid>&from=…&to=…`), the target of the panels' and alerts' links: its
 * definition in words, figures at the range end with pace / volume / comparison, the trend against
 * the target and its bands, the schedule, a breakdown per dimension and (for editors) its SQL.
 */
function Kpi() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const dsUid = params.get('ds');
  const found = useMemo(() => findKpi(kpiSources(), id, dsUid), [id, dsUid]);
  const range = rangeFromUrl(params.get('from'), params.get('to'));
  const canEdit = mayEditDataSources();
  const back = found
    ? `${prefixRoute(ROUTES.Scorecard)}?ds=${encodeURIComponent(found.source.uid)}`
    : prefixRoute(ROUTES.Scorecard);
  return (
    <PluginPage pageNav={{ text: found?.kpi.name ?? 'KPI' }}>
      <div data-testid={testIds.kpi.container}>
        <Stack direction="column" gap={2}>
          <div>
            <LinkButton href={back} icon="arrow-left" variant="secondary" fill="text">
              Scorecard
            </LinkButton>
          </div>
          {found?.source.loaded.catalog ? (
            <Found
              kpi={found.kpi}
              catalog={found.source.loaded.catalog}
              source={found.source}
              range={range}
              canEdit={canEdit}
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
