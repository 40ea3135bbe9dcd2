import React, { ChangeEvent, useMemo, useState } from 'react';
import { DataSourceInstanceSettings, DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Stack, Switch, TextArea } from '@grafana/ui';
import { parse, stringify } from 'yaml';
import { formatProblem, Problem } from '../../core/catalog/problems';
import { parseCatalog } from '../../core/catalog/parse';
import { EDITOR_FILE } from '../catalog';
import { KpiDataSourceOptions, POSTGRES_TYPES, readsRollups } from '../types';
import { testIds } from './testIds';

export type ConfigEditorProps = DataSourcePluginOptionsEditorProps<KpiDataSourceOptions>;

/** The text to edit: as last typed (comments kept), else the provisioned object as YAML. */
function initialText(jsonData: KpiDataSourceOptions): string {
  if (typeof jsonData.catalogText === 'string') {
    return jsonData.catalogText;
  }
  return jsonData.catalog === undefined || jsonData.catalog === null ? '' : stringify(jsonData.catalog);
}

/** Problems of the text, with lines and columns (the text is what the admin sees). */
function problemsOf(text: string): Problem[] {
  return text.trim() === '' ? [] : parseCatalog(text, EDITOR_FILE).problems;
}

/** Reads a picked file as text (FileReader: Blob.text() is missing from older engines and jsdom). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/** Starts a browser download of the catalog text. */
function download(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Settings of an OpenKPI data source: the PostgreSQL data source to run on, and the catalog kept in
 * jsonData as an object (same schema as the YAML files), edited here as YAML with its problems
 * listed before saving.
 */
export function ConfigEditor({ options, onOptionsChange }: ConfigEditorProps) {
  const { jsonData } = options;
  const [text, setText] = useState(() => initialText(jsonData));
  const problems = useMemo(() => problemsOf(text), [text]);

  const setJsonData = (patch: Partial<KpiDataSourceOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });

  const onPostgres = (ds: DataSourceInstanceSettings) => setJsonData({ postgresUid: ds.uid, postgresType: ds.type });

  const onText = (next: string) => {
    setText(next);
    if (next.trim() === '') {
      setJsonData({ catalog: undefined, catalogText: undefined });
      return;
    }
    // The text is always stored, so nothing typed is lost and what is saved is what runs (with
    // its problems, which "Save & test" and the panels report). The object follows when it parses.
    let catalog = jsonData.catalog;
    try {
      catalog = parse(next);
    } catch {
      // A YAML syntax error: listed below; the text still wins over the older object.
    }
    setJsonData({ catalog, catalogText: next });
  };

  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    if (file) {
      onText(await readText(file));
    }
  };

  const name = (jsonData.catalog as { name?: unknown } | undefined)?.name;
  return (
    <>
      <FieldSet label="PostgreSQL">
        <Field
          label="PostgreSQL data source"
          description="The Grafana PostgreSQL data source the KPIs are computed on. Give its user read-only access."
          data-testid={testIds.configEditor.postgres}
        >
          <DataSourcePicker
            type={POSTGRES_TYPES}
            current={jsonData.postgresUid ?? null}
            onChange={onPostgres}
            noDefault
            width={40}
          />
        </Field>
        <Field
          label="Read rollups"
          description="On by default: each refresh first checks which rollup tables (openkpi rollup) exist and this data source's role may read, and reads their fresh closed hours; without any it reads raw rows. Turn off to always read raw rows (one query call fewer per refresh)."
        >
          <Switch
            value={readsRollups(jsonData)}
            onChange={(e: React.FormEvent<HTMLInputElement>) => setJsonData({ rollups: e.currentTarget.checked })}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Catalog">
        <Field
          label="Catalog (YAML)"
          description="The KPI catalog, same schema as the catalog files. Every viewer can read it: no secrets."
          invalid={problems.length > 0}
        >
          <TextArea
            data-testid={testIds.configEditor.catalog}
            value={text}
            rows={24}
            spellCheck={false}
            style={{ fontFamily: 'monospace' }}
            onChange={(e) => onText(e.currentTarget.value)}
          />
        </Field>
        {problems.length > 0 ? (
          <Alert title={`${problems.length} problem(s) in the catalog`} severity="error">
            <ul data-testid={testIds.configEditor.problems}>
              {problems.map((p, i) => (
                <li key={i} data-testid={testIds.configEditor.problem}>
                  {formatProblem(p)}
                </li>
              ))}
            </ul>
          </Alert>
        ) : (
          text.trim() !== '' && (
            <Alert title="The catalog is valid" severity="success" data-testid={testIds.configEditor.valid} />
          )
        )}
        <Stack direction="row" gap={1}>
          <Field label="Import a catalog file">
            <input
              type="file"
              accept=".yaml,.yml,.json"
              aria-label="Import a catalog file"
              data-testid={testIds.configEditor.importFile}
              onChange={onImport}
            />
          </Field>
          <Button
            variant="secondary"
            icon="download-alt"
            disabled={text.trim() === ''}
            data-testid={testIds.configEditor.exportFile}
            onClick={() => download(text, `${typeof name === 'string' ? name : 'catalog'}.yaml`)}
          >
            Export catalog
          </Button>
        </Stack>
      </FieldSet>
    </>
  );
}
