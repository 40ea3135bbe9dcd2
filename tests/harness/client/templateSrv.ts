/**
 * Grafana's templateSrv outside a dashboard: no variables, so text passes through unchanged
 * (app pages have no dashboard variables; the data source still calls replace()).
 */
import type { TemplateSrv } from '@grafana/runtime';

export function harnessTemplateSrv(): TemplateSrv {
  return {
    getVariables: () => [],
    containsTemplate: () => false,
    replace: (target?: string) => target ?? '',
    updateTimeRange: () => undefined,
  };
}
