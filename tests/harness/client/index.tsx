/**
 * The source host (esbuild): the app's and its data source's modules bundled from src/ with the
 * harness, mounted with Grafana's services (mount.tsx).
 */
import type React from 'react';
import { AppRootProps, PluginMeta, PluginType } from '@grafana/data';
import { plugin } from '../../../src/module';
import { plugin as kpiDataSource } from '../../../src/datasource/module';
import pluginJson from '../../../src/plugin.json';
import { installGrafanaServices, mountApp } from './mount';
import { HarnessPluginPage } from './PluginPage';

// Grafana's core puts its Page behind PluginPage (the published runtime drops the setter): the
// harness writes its own onto the CommonJS exports that every `import { PluginPage }` reads.
require('@grafana/runtime').PluginPage = HarnessPluginPage;

installGrafanaServices(async () => kpiDataSource as never);

const meta = {
  id: pluginJson.id,
  name: pluginJson.name,
  type: PluginType.app,
  enabled: true,
  jsonData: {},
  info: {},
} as unknown as PluginMeta;

mountApp(plugin.root as React.ComponentType<AppRootProps>, meta);
