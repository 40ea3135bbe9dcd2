import React, { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { dateTimeFormat } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, EmptyState, LoadingPlaceholder, Select, Stack, Text } from '@grafana/ui';
import { NOW } from '../core/compiler/anchor';
import { evaluateObjectives, objectiveReads } from '../core/objectives/evaluate';
import { ObjectiveCard } from '../components/Objectives/ObjectiveCard';
import { sourceRollups, sourceRunner } from '../components/sources/runner';
import { kpiSources } from '../components/sources/sources';
import { testIds } from '../components/testIds';
import { useAsync } from '../components/useAsync';
import { isoMs } from '../core/rules/instant';

/**
 * The catalog's objectives now (`objectives?ds=<uid>`): each with its key results, progress bars
 * against the progress expected by now, the status per key result and links to each KPI's page.
 */
function Objectives() {
  const sources = useMemo(() => kpiSources(), []);
  const [params, setParams] = useSearchParams();
  const withObjectives = sources.filter((s) => (s.loaded.catalog?.objectives ?? []).length > 0);
  const source = sources.find((s) => s.uid === params.get('ds')) ?? withObjectives[0] ?? sources[0];
  const catalog = source?.loaded.catalog;
  const count = catalog?.objectives?.length ?? 0;
  const state = useAsync(count > 0 ? source!.uid : '', async () => {
    if (count === 0) {
      return undefined;
    }
    const runner = sourceRunner(source!);
    const rollups = await sourceRollups(source!, catalog!, runner, objectiveReads(catalog!));
    return evaluateObjectives(catalog!, NOW, runner, rollups);
  });

  return (
    <PluginPage
      pageNav={{ text: 'Objectives' }}
      subTitle="Objectives and key results: are we on track?"
      actions={
        sources.length > 1 && source ? (
          <Select
            aria-label="KPI data source"
            width={36}
            value={source.uid}
            options={sources.map((s) => ({ label: s.name, value: s.uid }))}
            onChange={(v) => v?.value && setParams({ ds: v.value })}
          />
        ) : undefined
      }
    >
      <div data-testid={testIds.objectives.container}>
        {!source || !catalog ? (
          <Alert title="No valid catalog" severity="info">
            Add an OpenKPI data source with a valid catalog; its objectives appear here.
          </Alert>
        ) : count === 0 ? (
          <EmptyState variant="call-to-action" message="This catalog has no objectives yet">
            <span data-testid={testIds.objectives.empty}>
              Add `objectives:` to the catalog: each with key results that name a KPI, a target and a due date
              (docs/objectives.md).
            </span>
          </EmptyState>
        ) : state.loading ? (
          <LoadingPlaceholder text="Evaluating objectives…" />
        ) : 'error' in state ? (
          <Alert title="The objectives could not be evaluated" severity="error">
            {state.error}
          </Alert>
        ) : (
          <Stack direction="column" gap={2}>
            <Text color="secondary">
              {catalog.title ?? catalog.name}: evaluated at {dateTimeFormat(isoMs(state.value!.at))}. The value of a key
              result is frozen at its due date.
            </Text>
            {state.value!.objectives.map((o) => (
              <ObjectiveCard key={o.id} objective={o} dsUid={source.uid} />
            ))}
          </Stack>
        )}
      </div>
    </PluginPage>
  );
}

export default Objectives;
