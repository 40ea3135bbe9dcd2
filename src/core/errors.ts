/**
 * An error a user can act on (unknown KPI, undeclared dimension, bad request). Its message
 * is one line meant to be shown as is, by the CLI and on a Grafana panel.
 */
export class OpenKpiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenKpiError';
  }
}
