import React, { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { stringify } from 'yaml';
import { PluginPage } from '@grafana/runtime';
import {
  Alert,
  Button,
  FileUpload,
  LinkButton,
  LoadingPlaceholder,
  Select,
  Stack,
  Tab,
  TabsBar,
  Text,
} from '@grafana/ui';
import { parseCatalog } from '../core/catalog/parse';
import { EDITOR_FILE } from '../datasource/catalog';
import { fieldProblems, KpiDraft, kpiIndex, readDraft, writeDraft } from '../components/KpiEditor/draft';
import { KpiForm } from '../components/KpiEditor/KpiForm';
import { Preview } from '../components/KpiEditor/Preview';
import {
  clearStoredDraft,
  loadSettings,
  maySave,
  readStoredDraft,
  saveCatalog,
  SaveOutcome,
  StoredSettings,
  storeDraft,
} from '../components/KpiEditor/save';
import { fromTemplate, TEMPLATES } from '../components/KpiEditor/templates';
import { YamlEditor } from '../components/KpiEditor/YamlEditor';
import { ProblemList } from '../components/ProblemList/ProblemList';
import { downloadFile } from '../components/ReportExport/ReportExport';
import { sourceRollups, sourceRunner } from '../components/sources/runner';
import { KpiSource, kpiSources } from '../components/sources/sources';
import { testIds } from '../components/testIds';
import { useAsync } from '../components/useAsync';
import { prefixRoute, ROUTES } from '../constants';
import { mayEditDataSources } from './permissions';

/** The catalog text a data source runs: what the editor last saved, else the provisioned object as YAML. */
function storedText(settings: StoredSettings): string {
  const { catalogText, catalog } = settings.jsonData;
  if (typeof catalogText === 'string' && catalogText.trim() !== '') {
    return catalogText;
  }
  return catalog === undefined ? 'apiVersion: openkpi/v1\nname: catalog\nsources: {}\nkpis: []\n' : stringify(catalog);
}

/** A new KPI before a template or the author fills it in. */
function blankKpi(sources: string[], ids: string[]): KpiDraft {
  let id = 'new_kpi';
  for (let n = 2; ids.includes(id); n++) {
    id = `new_kpi_${n}`;
  }
  return {
    id,
    name: 'New KPI',
    source: sources[0],
    window: '7d',
    measure: { aggregate: 'count' },
    direction: 'higher',
  };
}

interface EditingProps {
  source: KpiSource;
  settings: StoredSettings;
  kpiId?: string;
}

/** The editor proper, once the data source's stored settings are loaded. */
function Editing({ source, settings: loaded, kpiId }: EditingProps) {
  const [settings, setSettings] = useState(loaded);
  const baseline = storedText(loaded);
  const stored = readStoredDraft(source.uid);
  const restoredDraft = stored && stored.text !== baseline && stored.kpiId === kpiId ? stored : undefined;
  const [initial] = useState(() => {
    const text = restoredDraft?.text ?? baseline;
    if (kpiId !== undefined) {
      return { text, index: kpiIndex(text, kpiId) };
    }
    if (restoredDraft) {
      return { text, index: Math.max(0, kpiIndex(text, String(readDraftId(text)))) };
    }
    const parsed = parseCatalog(text, EDITOR_FILE).catalog;
    const sources = Object.keys(parsed?.sources ?? {});
    const ids = parsed?.kpis.map((k) => k.id) ?? [];
    return writeDraft(text, -1, blankKpi(sources, ids));
  });
  const [text, setText] = useState(initial.text);
  const [index, setIndex] = useState(initial.index);
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const [restored, setRestored] = useState(restoredDraft !== undefined);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome>();

  const parsed = useMemo(() => parseCatalog(text, EDITOR_FILE), [text]);
  const draft = readDraft(text, index);
  const problems = useMemo(() => fieldProblems(parsed.problems, index), [parsed.problems, index]);
  const catalog = parsed.catalog;
  const kpi = catalog?.kpis.find((k) => k.id === draft?.id);
  const editable = maySave(settings);

  const edit = (next: string) => {
    setText(next);
    setOutcome(undefined);
    if (next !== storedText(settings)) {
      storeDraft(source.uid, { text: next, kpiId, savedAt: Date.now() });
    }
  };
  const editDraft = (next: KpiDraft) => {
    const written = writeDraft(text, index, next);
    setIndex(written.index);
    edit(written.text);
  };

  const save = async (over?: StoredSettings) => {
    setSaving(true);
    const result = await saveCatalog(over ?? settings, text);
    setSaving(false);
    setOutcome(result);
    if (result.ok) {
      setSettings(result.settings);
      clearStoredDraft(source.uid);
    }
  };
  const keepMine = async () => save(await loadSettings(source.uid));
  const takeTheirs = async () => {
    const theirs = await loadSettings(source.uid);
    setSettings(theirs);
    clearStoredDraft(source.uid);
    const text = storedText(theirs);
    setText(text);
    setIndex(kpiId !== undefined ? kpiIndex(text, kpiId) : -1);
    setOutcome(undefined);
  };

  const ids = catalog?.kpis.map((k) => k.id) ?? [];
  const declared = Object.keys(catalog?.sources ?? parseCatalog(baseline, EDITOR_FILE).catalog?.sources ?? {});
  // `manual` is built in: values entered by hand (docs/catalog.md, The built-in manual source).
  const sourceNames = declared.includes('manual') ? declared : [...declared, 'manual'];
  const kpiLevel = problems.get('') ?? [];

  return (
    <Stack direction="column" gap={2}>
      {!editable && (
        <Alert title="This data source cannot be saved from here" severity="warning">
          {settings.readOnly
            ? 'It is provisioned (read-only): change its catalog file and let provisioning apply it. You can still try KPIs here and copy the YAML.'
            : 'You may not write this data source.'}
        </Alert>
      )}
      {restored && (
        <Alert
          title="Your unsaved draft was restored"
          severity="info"
          data-testid={testIds.editor.restored}
          onRemove={() => setRestored(false)}
        >
          <Stack direction="row" gap={1} alignItems="center">
            <Text>What you typed last time was not saved; it is back here.</Text>
            <Button size="sm" variant="secondary" onClick={takeTheirs}>
              Discard it
            </Button>
          </Stack>
        </Alert>
      )}
      {index < 0 && kpiId !== undefined && (
        <Alert title={`There is no KPI "${kpiId}" in this catalog`} severity="error" />
      )}
      <Stack direction="row" gap={3} alignItems="flex-start" wrap="wrap">
        <div style={{ flex: '3 1 640px', minWidth: 0 }}>
          <TabsBar>
            <Tab label="Form" active={tab === 'form'} onChangeTab={() => setTab('form')} />
            <Tab
              label={`YAML${parsed.problems.length > 0 ? ` (${parsed.problems.length} problems)` : ''}`}
              active={tab === 'yaml'}
              onChangeTab={() => setTab('yaml')}
            />
          </TabsBar>
          <div style={{ paddingTop: 16 }}>
            {tab === 'form' ? (
              draft ? (
                <Stack direction="column" gap={1}>
                  {kpiId === undefined && (
                    <Select
                      aria-label="Start from a template"
                      placeholder="Start from a template (success rate, p95 latency, uptime…)"
                      width={60}
                      value={null}
                      options={TEMPLATES.map((t) => ({ label: t.label, value: t.key, description: t.description }))}
                      onChange={(v) => {
                        const template = TEMPLATES.find((t) => t.key === v?.value);
                        if (template) {
                          const others = ids.filter((id) => id !== draft.id);
                          editDraft(fromTemplate(template, String(draft.source ?? sourceNames[0] ?? ''), others));
                        }
                      }}
                    />
                  )}
                  {kpiLevel.length > 0 && (
                    <Alert title="This KPI has problems" severity="error">
                      {kpiLevel.join('; ')}
                    </Alert>
                  )}
                  <KpiForm draft={draft} onChange={editDraft} problems={problems} sources={sourceNames} kpiIds={ids} />
                </Stack>
              ) : (
                <Alert title="The YAML cannot be read as a catalog" severity="error">
                  Fix the problems marked in the YAML tab; the form edits the KPI again once the YAML parses.
                </Alert>
              )
            ) : (
              <Stack direction="column" gap={1}>
                <Stack direction="row" gap={1}>
                  <Button
                    size="sm"
                    variant="secondary"
                    icon="download-alt"
                    onClick={() => downloadFile(`${catalog?.name ?? 'catalog'}.yaml`, text, 'application/yaml')}
                  >
                    Export YAML
                  </Button>
                  <FileUpload
                    size="sm"
                    accept=".yaml,.yml,.json"
                    onFileUpload={({ currentTarget }) => {
                      currentTarget.files?.[0]?.text().then((imported) => {
                        setIndex(kpiIndex(imported, kpiId ?? readDraftId(imported) ?? ''));
                        edit(imported);
                      });
                    }}
                  >
                    Import YAML
                  </FileUpload>
                </Stack>
                <YamlEditor text={text} problems={parsed.problems} onChange={edit} />
              </Stack>
            )}
          </div>
        </div>
        <div style={{ flex: '2 1 420px', minWidth: 0, position: 'sticky', top: 16 }}>
          <Text element="h3">Preview on your data</Text>
          <Preview
            catalog={catalog}
            kpi={kpi}
            text={text}
            runner={() => sourceRunner(source)}
            probe={(draft, runner, reads) => sourceRollups(source, draft, runner, reads)}
          />
        </div>
      </Stack>
      {parsed.problems.length > 0 && <ProblemList title="Problems in the catalog" problems={parsed.problems} />}
      {outcome && !outcome.ok && (
        <Alert
          title={outcome.conflict ? 'Someone else saved this catalog meanwhile' : 'The catalog was not saved'}
          severity="error"
          data-testid={testIds.editor.saveError}
        >
          <Stack direction="column" gap={1}>
            <Text>
              {outcome.conflict
                ? 'The data source changed since you opened the editor. Your edits are still here and kept as a draft.'
                : `${outcome.message}. Your edits are still here and kept as a draft.`}
            </Text>
            {outcome.conflict && (
              <Stack direction="row" gap={1}>
                <Button variant="destructive" size="sm" onClick={keepMine}>
                  Save mine over theirs
                </Button>
                <Button variant="secondary" size="sm" onClick={takeTheirs}>
                  Discard mine and load theirs
                </Button>
              </Stack>
            )}
          </Stack>
        </Alert>
      )}
      {outcome?.ok && (
        <Alert title="Saved" severity="success" data-testid={testIds.editor.saved}>
          <Stack direction="row" gap={1} alignItems="center">
            <Text>The catalog of {source.name} is saved; panels and alerts use it from their next refresh.</Text>
            {kpi && (
              <LinkButton size="sm" variant="secondary" href={`${prefixRoute(ROUTES.Kpi)}/${kpi.id}?ds=${source.uid}`}>
                Open the KPI
              </LinkButton>
            )}
          </Stack>
        </Alert>
      )}
      <Stack direction="row" gap={1}>
        <Button
          icon={saving ? 'spinner' : 'save'}
          disabled={!editable || saving || parsed.problems.length > 0}
          onClick={() => save()}
          data-testid={testIds.editor.save}
        >
          Save
        </Button>
        <LinkButton variant="secondary" href={`${prefixRoute(ROUTES.Scorecard)}?ds=${source.uid}`}>
          Back to the scorecard
        </LinkButton>
      </Stack>
    </Stack>
  );
}

/** The id of the last KPI in a text (a restored draft of a new KPI is the one added last). */
function readDraftId(text: string): string | undefined {
  const kpis = parseCatalog(text, EDITOR_FILE).catalog?.kpis;
  return kpis?.[kpis.length - 1]?.id;
}

/**
 * The KPI editor (`editor?ds=<uid>[&kpi=<id>]`): a form (or the YAML) for one KPI of the data
 * source's catalog, validated as you type, previewed on real data, saved into the data source.
 */
function Editor() {
  const [params] = useSearchParams();
  const sources = useMemo(() => kpiSources(), []);
  const source = sources.find((s) => s.uid === params.get('ds')) ?? sources[0];
  const kpiId = params.get('kpi') ?? undefined;
  const canEdit = mayEditDataSources();
  const state = useAsync(source && canEdit ? source.uid : '', () =>
    source && canEdit ? loadSettings(source.uid) : Promise.resolve(undefined)
  );

  return (
    <PluginPage
      pageNav={{ text: kpiId ? `Edit ${kpiId}` : 'New KPI' }}
      subTitle={source ? `In ${source.name}` : undefined}
    >
      <div data-testid={testIds.editor.container}>
        {!canEdit ? (
          <Alert title="You may not edit KPIs" severity="warning" data-testid={testIds.editor.denied}>
            Editing a KPI saves the catalog into its data source: ask someone who may edit data sources (an organisation
            admin by default).
          </Alert>
        ) : !source ? (
          <Alert title="No OpenKPI data source yet" severity="info">
            Add a data source of type OpenKPI first (Connections → Data sources); its KPIs are edited here.
          </Alert>
        ) : state.loading ? (
          <LoadingPlaceholder text="Loading the catalog…" />
        ) : 'error' in state ? (
          <Alert title="The data source could not be loaded" severity="error">
            {state.error}
          </Alert>
        ) : (
          <Editing key={`${source.uid} ${kpiId}`} source={source} settings={state.value!} kpiId={kpiId} />
        )}
      </div>
    </PluginPage>
  );
}

export default Editor;
