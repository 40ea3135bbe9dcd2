import { parseCatalog } from '../core/catalog/parse';
import { alertKindsOf, alertRulesDocument, ruleFor } from './alertRules';

const { catalog, problems } = parseCatalog(
  `
apiVersion: openkpi/v1
name: t
title: "Costs $HOME"
sources:
  s: { table: x.s, time: at }
kpis:
  - { id: full, name: Full, area: A, owner: o, source: s, window: 1d, measure: { aggregate: count }, target: 10, thresholds: { warning: 10, critical: 5 }, alert: { for: 15m } }
  - { id: target_only, name: Target only, source: s, window: 1d, measure: { aggregate: count }, target: 3 }
  - { id: none, name: None, source: s, window: 1d, measure: { aggregate: count } }
  - { id: sched, name: Sched, source: s, window: 1d, measure: { aggregate: count }, targets: [{ from: 2025-01-01, value: 1, critical: 0 }] }
  - { id: off, name: Off, source: s, window: 1d, measure: { aggregate: count }, target: 1, alert: { enabled: false } }
`,
  't.yaml'
);

describe('alert rules', () => {
  it('parses the test catalog', () => {
    expect(problems).toEqual([]);
  });

  it.each([
    ['full', ['critical', 'warning', 'info', 'stale']],
    ['target_only', ['warning', 'info', 'stale']],
    ['none', ['stale']],
    ['sched', ['critical', 'warning', 'info', 'stale']],
    ['off', []],
  ])('%s gets rules %j', (id, kinds) => {
    expect(alertKindsOf(catalog!.kpis.find((k) => k.id === id)!)).toEqual(kinds);
  });

  it('builds a rule with value, target, firing flag and a threshold condition', () => {
    const rule = ruleFor(catalog!, catalog!.kpis[0], 'critical');
    expect(rule.data.map((d) => (d as { refId: string }).refId)).toEqual(['A', 'T', 'B', 'C']);
    expect(rule).toEqual(
      expect.objectContaining({
        condition: 'C',
        for: '15m',
        noDataState: 'OK',
        execErrState: 'KeepLast',
        labels: { severity: 'critical', kpi: 'full', catalog: 't', area: 'A', owner: 'o' },
      })
    );
    expect(rule.uid).toBe(ruleFor(catalog!, catalog!.kpis[0], 'critical').uid);
    expect(rule.uid).not.toBe(ruleFor(catalog!, catalog!.kpis[0], 'warning').uid);
    expect(rule.annotations.summary).toContain('$values.A.Value');
    expect(ruleFor(catalog!, catalog!.kpis[0], 'stale')).toEqual(
      expect.objectContaining({ execErrState: 'Error', for: '5m' })
    );
  });

  it('groups rules by area in the catalog folder, escaping $ where Grafana interpolates', () => {
    const doc = alertRulesDocument(catalog!) as { groups: Array<{ name: string; folder: string; rules: unknown[] }> };
    expect(doc.groups.map((g) => g.name)).toEqual(['A', 'General']);
    expect(doc.groups[0].folder).toBe('OpenKPI: Costs $$HOME');
  });

  it('prints no NaN: every value in the annotations is inside a has-a-value guard', () => {
    for (const kpi of catalog!.kpis) {
      for (const kind of alertKindsOf(kpi)) {
        const { summary } = ruleFor(catalog!, kpi, kind).annotations;
        // Remove the guarded blocks (innermost first); no use of a value may remain.
        let rest = summary;
        const guarded =
          /\{\{ if eq \$values\.(\w+)\.Value \$values\.\1\.Value \}\}((?:(?!\{\{ if )[\s\S])*?)\{\{ end \}\}/;
        while (guarded.test(rest)) {
          rest = rest.replace(guarded, (_all, refId: string, body: string) => {
            // The block may only use its own query's value.
            expect(body.replace(new RegExp(`\\$values\\.${refId}\\.Value`, 'g'), '')).not.toMatch(/\$values/);
            return '';
          });
        }
        expect({ kpi: kpi.id, kind, rest }).toEqual({
          kpi: kpi.id,
          kind,
          rest: expect.not.stringContaining('$values'),
        });
      }
    }
    expect(ruleFor(catalog!, catalog!.kpis[0], 'critical').annotations.summary).toContain(
      '{{ else }}no value{{ end }}'
    );
  });
});
