import React, { useMemo, useState } from 'react';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, Checkbox, ConfirmModal, Stack } from '@grafana/ui';
import { publishTestIds as ids } from './publishTestIds';
import { PublishError } from '../publish/errors';
import { summaryLine } from '../publish/format';
import { GrafanaApi } from '../publish/grafanaApi';
import { applyPlan, changes, Plan, planPublish } from '../publish/plan';
import { backendSrvClient } from './backendSrvClient';
import { kpiSources } from '../components/sources/sources';

type State =
  | { step: 'idle' }
  | { step: 'busy'; what: string }
  | { step: 'planned'; plan: Plan }
  | { step: 'done'; plan: Plan; written: number }
  | { step: 'failed'; line: string };

function lineOf(err: unknown): string {
  return err instanceof PublishError
    ? err.message
    : `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * Publish: the catalogs of this Grafana's OpenKPI data sources become folders, dashboards and
 * alert rules, written through Grafana's HTTP API as the signed-in user (the same planning code
 * as `openkpi publish`). It shows the plan first and asks before writing.
 */
function Publish() {
  const sources = useMemo(() => kpiSources(), []);
  const valid = sources.filter((s) => s.loaded.catalog);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(valid.map((s) => s.uid)));
  const [prune, setPrune] = useState(false);
  const [force, setForce] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<State>({ step: 'idle' });
  const api = useMemo(() => new GrafanaApi(backendSrvClient()), []);

  const catalogs = valid.filter((s) => chosen.has(s.uid)).map((s) => s.loaded.catalog!);

  const plan = async () => {
    setState({ step: 'busy', what: 'Comparing with Grafana…' });
    try {
      setState({
        step: 'planned',
        plan: await planPublish(api, catalogs, { prune, force, grafanaUrl: api.client.baseUrl }),
      });
    } catch (err) {
      setState({ step: 'failed', line: lineOf(err) });
    }
  };

  const apply = async (p: Plan) => {
    setConfirming(false);
    setState({ step: 'busy', what: 'Publishing…' });
    try {
      const done = await applyPlan(p);
      setState({ step: 'done', plan: p, written: done.length });
    } catch (err) {
      setState({ step: 'failed', line: lineOf(err) });
    }
  };

  const shown = state.step === 'planned' || state.step === 'done' ? state.plan : undefined;
  const pending = state.step === 'planned' ? changes(state.plan) : [];
  const conflicts = shown ? shown.items.filter((i) => i.action === 'conflict') : [];

  return (
    <PluginPage>
      <div data-testid={ids.container}>
        <p>
          Writes each catalog&apos;s folder, dashboards and alert rules into this Grafana as you: your permissions
          decide what may be published (alert rules need the Admin role or alerting provisioning rights). Nothing is
          written before you confirm the plan.
        </p>
        {sources.length === 0 && (
          <Alert title="No OpenKPI data source" severity="info">
            Add a data source of type OpenKPI with a catalog first (Connections → Data sources).
          </Alert>
        )}
        <Stack direction="column" gap={1}>
          {sources.map((s) => (
            <Checkbox
              key={s.uid}
              label={
                s.loaded.catalog
                  ? `${s.name} (${s.loaded.catalog.name}, ${s.loaded.catalog.kpis.length} KPIs)`
                  : `${s.name}: catalog has problems`
              }
              disabled={!s.loaded.catalog}
              value={chosen.has(s.uid)}
              onChange={() => {
                const next = new Set(chosen);
                next.has(s.uid) ? next.delete(s.uid) : next.add(s.uid);
                setChosen(next);
                setState({ step: 'idle' });
              }}
            />
          ))}
          <Checkbox
            label="Delete OpenKPI dashboards the catalogs no longer generate (prune)"
            value={prune}
            onChange={() => setPrune(!prune)}
          />
          <Checkbox
            label="Overwrite dashboards edited in Grafana since the last publish (force)"
            value={force}
            onChange={() => setForce(!force)}
          />
          <div>
            <Button onClick={plan} disabled={catalogs.length === 0 || state.step === 'busy'}>
              Show plan
            </Button>
          </div>
        </Stack>
        {state.step === 'busy' && <p>{state.what}</p>}
        {state.step === 'failed' && (
          <Alert title="Publishing failed" severity="error" data-testid={ids.error}>
            {state.line}
          </Alert>
        )}
        {shown && (
          <div data-testid={ids.plan}>
            <p data-testid={ids.summary}>{summaryLine(shown.items)}</p>
            <table>
              <thead>
                <tr>
                  <th>Action</th>
                  <th>Object</th>
                  <th>Title</th>
                  <th>Details</th>
                </tr>
              </thead>
              <tbody>
                {shown.items.map((item) => (
                  <tr key={`${item.kind}:${item.uid}`} data-testid={ids.item}>
                    <td>{item.action}</td>
                    <td>{item.kind}</td>
                    <td>{item.title}</td>
                    <td>
                      {item.diff.map((d, i) => (
                        <div key={i}>{d}</div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {state.step === 'planned' && conflicts.length > 0 && (
          <Alert title="Conflicts" severity="warning">
            {conflicts.length} object{conflicts.length > 1 ? 's were' : ' was'} edited in Grafana since the last
            publish. Tick “force” and show the plan again to overwrite.
          </Alert>
        )}
        {state.step === 'planned' && pending.length === 0 && conflicts.length === 0 && (
          <Alert title="Up to date" severity="success">
            Grafana matches the catalogs: nothing to write.
          </Alert>
        )}
        {state.step === 'planned' && pending.length > 0 && conflicts.length === 0 && (
          <Button onClick={() => setConfirming(true)}>Publish {pending.length} changes</Button>
        )}
        {state.step === 'done' && (
          <Alert title="Published" severity="success" data-testid={ids.done}>
            {state.written} change{state.written === 1 ? '' : 's'} written.
          </Alert>
        )}
        <ConfirmModal
          isOpen={confirming && state.step === 'planned'}
          title="Publish to this Grafana?"
          body={`${pending.length} objects will be created, updated or deleted.`}
          confirmText="Publish"
          onConfirm={() => {
            if (state.step === 'planned') {
              void apply(state.plan);
            }
          }}
          onDismiss={() => setConfirming(false)}
        />
      </div>
    </PluginPage>
  );
}

export default Publish;
