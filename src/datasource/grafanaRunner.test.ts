import { BackendSrv } from '@grafana/runtime';
import { of } from 'rxjs';
import { GrafanaSqlRunner } from './grafanaRunner';

// Grafana's /api/ds/query answers `{ results: { [refId]: { frames: [...] } } }`; a statement with
// no rows still has a frame with its fields. An answer without one is an error, never "no data".
function runnerAnswering(data: unknown): GrafanaSqlRunner {
  const response = {
    data,
    status: 200,
    ok: true,
    statusText: 'OK',
    headers: {},
    redirected: false,
    type: 'basic',
    url: '',
    config: { url: '' },
  };
  const backend = { fetch: () => of(response) } as unknown as BackendSrv;
  return new GrafanaSqlRunner(backend, { uid: 'pg', type: 'grafana-postgresql-datasource' });
}

const NO_ROWS = {
  results: {
    S0: {
      status: 200,
      frames: [{ schema: { refId: 'S0', fields: [{ name: 'value', type: 'number' }] }, data: { values: [[]] } }],
    },
  },
};

describe('GrafanaSqlRunner', () => {
  it('reads a frame without rows as no rows', async () => {
    await expect(runnerAnswering(NO_ROWS).query('SELECT 1 WHERE false')).resolves.toEqual([]);
  });

  it.each([
    ['an empty body', {}],
    ['no results', { results: {} }],
    ['a result without frames', { results: { S0: { status: 200, frames: [] } } }],
    ['a result without a frames key', { results: { S0: { status: 200 } } }],
  ])('fails on %s', async (_what, data) => {
    await expect(runnerAnswering(data).query('SELECT 1')).rejects.toThrow('no answer for this query');
  });
});
