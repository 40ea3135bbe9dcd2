import React, { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { SelectableValue } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import {
  Alert,
  Button,
  EmptyState,
  FilterInput,
  LinkButton,
  LoadingPlaceholder,
  Select,
  Stack,
  Text,
} from '@grafana/ui';
import type { Catalog } from '../core/catalog/model';
import { ProblemList } from '../components/ProblemList/ProblemList';
import { snapshotInstant, snapshotLineOf } from '../components/ReportExport/fromScorecard';
import { ReportExport } from '../components/ReportExport/ReportExport';
import {
  applyFilters,
  filtersFromParams,
  optionsOf,
  ScorecardFilters,
  withFilter,
} from '../components/Scorecard/filters';
import { ScorecardTable } from '../components/Scorecard/ScorecardTable';
import { StatusCounts } from '../components/Scorecard/StatusCounts';
import { useScorecard } from '../components/Scorecard/useScorecard';
import { STATUSES, statusInfo } from '../core/rules/status';
import { testIds } from '../components/testIds';
import { prefixRoute, ROUTES } from '../constants';
import { mayEditDataSources } from './permissions';
import { KpiSource, kpiSources } from '../components/sources/sources';

const ALL = '';

function choices(values: string[], all: string): Array<SelectableValue<string>> {
  return [{ label: all, value: ALL }, ...values.map((v) => ({ label: v, value: v }))];
}

/** The editor's URL for a new KPI (or the one given) in data source `dsUid`. */
export function editorHref(dsUid: string, kpiId?: string): string {
  const params = new URLSearchParams({ ds: dsUid });
  if (kpiId) {
    params.set('kpi', kpiId);
  }
  return `${prefixRoute(ROUTES.Editor)}?${params}`;
}

interface BodyProps {
  source: KpiSource;
  catalog: Catalog;
  filters: ScorecardFilters;
  setFilter: (key: keyof ScorecardFilters, value?: string) => void;
  clearFilters: () => void;
  canEdit: boolean;
}

/** The evaluated scorecard of one valid catalog: counts, filters and the list, worst first. */
function Evaluated({ source, catalog, filters, setFilter, clearFilters, canEdit }: BodyProps) {
  const { loading, rows, errors } = useScorecard(source.uid, catalog.kpis);
  const shown = applyFilters(rows, filters);
  const filtered = Object.keys(filters).length > 0;
  const kpis = catalog.kpis;
  const statusChoices = [
    { label: 'Any status', value: ALL },
    ...STATUSES.map((s) => ({ label: statusInfo(s).name, value: s })),
    { label: 'Stale', value: 'stale' },
  ];

  if (kpis.length === 0) {
    return (
      <EmptyState
        variant="call-to-action"
        message="This catalog has no KPIs yet"
        button={
          canEdit ? (
            <LinkButton icon="plus" href={editorHref(source.uid)}>
              Add a KPI
            </LinkButton>
          ) : undefined
        }
      >
        <span data-testid={testIds.scorecard.empty}>
          {canEdit
            ? 'Start from a template (success rate, p95 latency, uptime…) and preview it on your data before saving.'
            : 'Ask an administrator of this data source to add KPIs to its catalog.'}
        </span>
      </EmptyState>
    );
  }

  return (
    <Stack direction="column" gap={2}>
      {errors.length > 0 && (
        <Alert title="Some KPIs could not be evaluated" severity="error" data-testid={testIds.scorecard.error}>
          <Stack direction="column" gap={1}>
            {errors.map((m) => (
              <div key={m}>{m}</div>
            ))}
            <Text color="secondary">
              Check that the PostgreSQL data source this catalog runs on is reachable and that its user can read the
              source tables; a KPI whose SQL fails is marked Error in the list. Fix its definition in the editor.
            </Text>
          </Stack>
        </Alert>
      )}
      {loading ? (
        <div data-testid={testIds.scorecard.loading}>
          <LoadingPlaceholder text={`Evaluating ${kpis.length} KPIs…`} />
        </div>
      ) : (
        <StatusCounts rows={rows} selected={filters.status} onSelect={(s) => setFilter('status', s)} />
      )}
      <div data-testid={testIds.scorecard.filters}>
        <Stack direction="row" gap={1} wrap="wrap" alignItems="center">
          <div style={{ width: 280 }}>
            <FilterInput
              placeholder="Search KPIs by name, id, tag…"
              value={filters.q ?? ''}
              onChange={(v) => setFilter('q', v)}
              escapeRegex={false}
            />
          </div>
          <Select
            aria-label="Area"
            width={26}
            value={filters.area ?? ALL}
            options={choices(
              optionsOf(kpis, (k) => [k.area]),
              'Any area'
            )}
            onChange={(v) => setFilter('area', v?.value)}
          />
          <Select
            aria-label="Owner"
            width={26}
            value={filters.owner ?? ALL}
            options={choices(
              optionsOf(kpis, (k) => [k.owner]),
              'Any owner'
            )}
            onChange={(v) => setFilter('owner', v?.value)}
          />
          <Select
            aria-label="Status"
            width={20}
            value={filters.status ?? ALL}
            options={statusChoices}
            onChange={(v) => setFilter('status', v?.value)}
          />
          <Select
            aria-label="Tag"
            width={20}
            value={filters.tag ?? ALL}
            options={choices(
              optionsOf(kpis, (k) => k.tags),
              'Any tag'
            )}
            onChange={(v) => setFilter('tag', v?.value)}
          />
          <ReportExport catalog={catalog} at={snapshotInstant(shown)} lines={shown.map(snapshotLineOf)} />
          {filtered && (
            <Button variant="secondary" fill="text" icon="times" onClick={clearFilters}>
              Clear filters
            </Button>
          )}
        </Stack>
      </div>
      {!loading &&
        (shown.length === 0 ? (
          <div data-testid={testIds.scorecard.noMatch}>
            <EmptyState variant="not-found" message="No KPI matches these filters">
              <Stack direction="column" alignItems="center" gap={1}>
                <Text>
                  {rows.length} KPI{rows.length === 1 ? '' : 's'} in this catalog; none passes every filter.
                </Text>
                <Button variant="secondary" onClick={clearFilters}>
                  Clear filters
                </Button>
              </Stack>
            </EmptyState>
          </div>
        ) : (
          <>
            {filtered && (
              <Text color="secondary">
                Showing {shown.length} of {rows.length} KPIs
              </Text>
            )}
            <ScorecardTable rows={shown} catalog={catalog} dsUid={source.uid} />
          </>
        ))}
    </Stack>
  );
}

/**
 * The default page: every KPI of the chosen KPI data source with its status now, worst first,
 * in one request; filters and the data source are kept in the URL.
 */
function Scorecard() {
  const sources = useMemo(() => kpiSources(), []);
  const [params, setParams] = useSearchParams();
  const canEdit = mayEditDataSources();
  const source = sources.find((s) => s.uid === params.get('ds')) ?? sources[0];
  const filters = filtersFromParams(params);
  const setFilter = (key: keyof ScorecardFilters, value?: string) =>
    setParams(withFilter(params, key, value), { replace: true });
  const clearFilters = () => setParams(source ? { ds: source.uid } : {}, { replace: true });
  const catalog = source?.loaded.catalog;

  const actions = source && (
    <>
      {sources.length > 1 && (
        <Select
          aria-label="KPI data source"
          width={36}
          value={source.uid}
          options={sources.map((s) => ({ label: s.name, value: s.uid }))}
          onChange={(v) => v?.value && setParams({ ds: v.value })}
        />
      )}
      {canEdit && (
        <LinkButton icon="plus" href={editorHref(source.uid)}>
          New KPI
        </LinkButton>
      )}
    </>
  );

  return (
    <PluginPage
      pageNav={{ text: 'Scorecard' }}
      subTitle={
        catalog
          ? `${catalog.title ?? catalog.name}: every KPI evaluated now, worst first`
          : 'Every KPI of a catalog, evaluated now, worst first'
      }
      actions={actions}
    >
      <div data-testid={testIds.scorecard.container}>
        {!source ? (
          <div data-testid={testIds.scorecard.noSources}>
            <EmptyState variant="call-to-action" message="No OpenKPI data source yet">
              Add a data source of type OpenKPI (Connections → Data sources → Add new data source), choose the
              PostgreSQL data source your tables live in, and give it a catalog (the KPI editor here, or a YAML file
              through provisioning). Its KPIs then appear on this page.
            </EmptyState>
          </div>
        ) : !catalog ? (
          <Stack direction="column" gap={2}>
            <ProblemList title={`The catalog of ${source.name} is not valid`} problems={source.loaded.problems} />
            {canEdit && (
              <div>
                <LinkButton icon="pen" href={editorHref(source.uid)}>
                  Fix it in the editor
                </LinkButton>
              </div>
            )}
          </Stack>
        ) : (
          <Evaluated
            key={source.uid}
            source={source}
            catalog={catalog}
            filters={filters}
            setFilter={setFilter}
            clearFilters={clearFilters}
            canEdit={canEdit}
          />
        )}
      </div>
    </PluginPage>
  );
}

export default Scorecard;
