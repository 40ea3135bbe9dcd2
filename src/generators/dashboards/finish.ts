/* eslint-disable @typescript-eslint/no-deprecated -- the v1 dashboard model is what Grafana 12's file provisioning reads; dashboardv2 needs the Kubernetes dashboard API */
import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';

type AnyPanel = Panel | RowPanel;

/**
 * The SDK nests a row's panels inside the row; Grafana keeps them inside only for collapsed
 * rows and reads an expanded row's panels from the top level after it. Flatten expanded rows.
 */
export function flattenRows(panels: AnyPanel[]): AnyPanel[] {
  return panels.flatMap((p) => {
    if (p.type === 'row' && !(p as RowPanel).collapsed) {
      const row = p as RowPanel;
      return [{ ...row, panels: [] }, ...(row.panels ?? [])];
    }
    return [p];
  });
}

/**
 * The dashboard schema version of Grafana 12.0 (`@grafana/schema` defaultDashboard). The SDK
 * (0.0.21) writes 42, a version Grafana 12.0 does not know yet.
 */
export const SCHEMA_VERSION = 41;

/** A dashboard as Grafana's file provisioning reads it: no `id`, stable uid, flat rows, schema 41. */
export function finish(dashboard: Dashboard): Dashboard {
  return {
    ...dashboard,
    schemaVersion: SCHEMA_VERSION,
    panels: flattenRows(dashboard.panels ?? []),
    annotations: { list: dashboard.annotations?.list ?? [] },
    templating: { list: dashboard.templating?.list ?? [] },
  };
}
