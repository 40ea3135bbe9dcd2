import { parseCatalog } from '../core/catalog/parse';
import { alertKindsOf, alertRulesDocument, capTitle, ruleFor, rulePlans, rulesOf } from './alertRules';

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

  it('builds one rule per severity and pending period, each watching all its KPIs', () => {
    const plans = rulePlans(catalog!);
    expect(plans.map((p) => [p.kind, p.for, p.kpis.map((k) => k.id)])).toEqual([
      ['critical', '15m', ['full']],
      ['critical', '30m', ['sched']],
      ['warning', '15m', ['full']],
      ['warning', '30m', ['target_only', 'sched']],
      ['info', '1h', ['full', 'target_only', 'sched']],
      ['stale', '5m', ['full', 'target_only', 'none', 'sched']],
    ]);
    const rule = ruleFor(catalog!, plans[0]);
    expect(rule.data.map((d) => (d as { refId: string }).refId)).toEqual(['A', 'T', 'C']);
    expect(rule).toEqual(
      expect.objectContaining({
        condition: 'C',
        for: '15m',
        noDataState: 'OK',
        execErrState: 'KeepLast',
        labels: { severity: 'critical', catalog: 't' },
        title: 'OpenKPI: Costs $HOME: critical (for 15m)',
      })
    );
    expect(rule.uid).toBe(ruleFor(catalog!, plans[0]).uid);
    expect(new Set(plans.map((p) => ruleFor(catalog!, p).uid)).size).toBe(plans.length);
    expect(ruleFor(catalog!, plans[5])).toEqual(
      expect.objectContaining({ execErrState: 'Error', title: 'OpenKPI: Costs $HOME: data stale or failing' })
    );
    expect(rule.notification_settings).toBeUndefined();
  });

  it('routes with notification_settings per severity: critical at once, warning hourly, info daily', () => {
    const routed = rulesOf(catalog!, { contactPoints: { critical: 'Pager', warning: 'Team', info: 'Digest' } });
    const by = (kind: string) => routed.find((r) => r.kind === kind)!.rule.notification_settings;
    expect(by('critical')).toEqual({
      receiver: 'Pager',
      group_by: ['...'],
      group_wait: '10s',
      group_interval: '1m',
      repeat_interval: '4h',
    });
    expect(by('warning')).toEqual(expect.objectContaining({ receiver: 'Team', group_interval: '1h' }));
    expect(by('warning')!.group_by).toEqual(expect.arrayContaining(['alertname', 'grafana_folder']));
    expect(by('info')).toEqual(expect.objectContaining({ receiver: 'Digest', group_interval: '24h' }));
    expect(by('stale')).toBeUndefined();
  });

  it('caps titles at 190 characters', () => {
    expect(capTitle('x'.repeat(300))).toHaveLength(190);
    expect(capTitle('short')).toBe('short');
    const long = parseCatalog(
      `apiVersion: openkpi/v1\nname: long\ntitle: "${'T'.repeat(400)}"\nkpis:\n  - { id: k, name: K, source: manual, window: 1d }\n`,
      'l.yaml'
    );
    expect(long.problems).toEqual([]);
    for (const { rule } of rulesOf(long.catalog!)) {
      expect(rule.title.length).toBeLessThanOrEqual(190);
    }
  });

  it('puts the catalog folder in the rule file, escaping $ where Grafana interpolates', () => {
    const doc = alertRulesDocument(catalog!) as {
      groups: Array<{ name: string; folder: string; rules: Array<{ title: string }> }>;
    };
    expect(doc.groups.map((g) => g.name)).toEqual(['OpenKPI']);
    expect(doc.groups[0].folder).toBe('OpenKPI: Costs $$HOME');
    expect(doc.groups[0].rules[0].title).toBe('OpenKPI: Costs $$HOME: critical (for 15m)');
  });

  it('links annotations to the KPI page and detail dashboard, absolute when the Grafana URL is known', () => {
    const [relative] = rulesOf(catalog!);
    expect(relative.rule.annotations.dashboard_url).toMatch(
      /^\/d\/okpi-detail-[0-9a-f]+\?var-kpi=\{\{ \$labels\.kpi \}\}$/
    );
    const [absolute] = rulesOf(catalog!, { grafanaUrl: 'https://g.example.com/grafana/' });
    expect(absolute.rule.annotations.kpi_url).toMatch(
      /^https:\/\/g\.example\.com\/grafana\/a\/openkpi-scorecard-app\/kpi\/\{\{ \$labels\.kpi \}\}\?ds=okpi-ds-/
    );
  });

  it('prints no NaN: every value in the annotations is inside a has-a-value guard', () => {
    for (const { kind, rule } of rulesOf(catalog!)) {
      const { summary } = rule.annotations;
      // Remove the guarded blocks (innermost first); no use of a value may remain.
      let rest = summary;
      const guarded =
        /\{\{ if eq \$values\.(\w+)\.Value \$values\.\1\.Value \}\}((?:(?!\{\{ if eq \$values)[\s\S])*?)\{\{ else \}\}[^{]*\{\{ end \}\}|\{\{ if eq \$values\.(\w+)\.Value \$values\.\3\.Value \}\}((?:(?!\{\{ if eq \$values)[\s\S])*?)\{\{ end \}\}(?!\{\{ end)/;
      let guard = 0;
      while (guarded.test(rest) && guard++ < 20) {
        rest = rest.replace(guarded, '');
      }
      expect({ kind, rest }).toEqual({ kind, rest: expect.not.stringContaining('$values') });
    }
  });

  it('prints each KPI with its own decimals and unit', () => {
    const { catalog: c } = parseCatalog(
      `apiVersion: openkpi/v1\nname: f\nkpis:\n  - { id: a, name: A, source: manual, window: 1d, unit: percent, decimals: 1, target: 1 }\n  - { id: b, name: B, source: manual, window: 1d, decimals: 0, target: 1 }\n  - { id: c, name: C, source: manual, window: 1d, decimals: 0, target: 1 }\n`,
      'f.yaml'
    );
    const summary = rulesOf(c!).find((r) => r.kind === 'warning')!.rule.annotations.summary;
    expect(summary).toContain('{{ if eq $labels.kpi "a" }}{{ printf "%.1f" $values.A.Value }}%');
    expect(summary).toContain('{{ else }}{{ printf "%.0f" $values.A.Value }}');
  });
});
