/** @jest-environment-options {"customExportConditions": ["node", "require", "default"]} */
import { parseCatalog } from './parse';

describe('smoke', () => {
  it('parses', () => {
    expect(parseCatalog('apiVersion: openkpi/v1\nname: x\nkpis: []\n', 'c.yaml').problems).toEqual([]);
  });
});
