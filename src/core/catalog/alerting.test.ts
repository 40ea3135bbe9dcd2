import { parseCatalog } from './parse';

const head = `apiVersion: openkpi/v1
name: t
kpis:
  - { id: k, name: K, source: manual, window: 1d }
`;

describe('catalog alerting.contactPoints', () => {
  it('reads a contact point per severity', () => {
    const { catalog, problems } = parseCatalog(
      `${head}alerting:\n  contactPoints: { critical: Ops pager, info: KPI digest }\n`,
      't.yaml'
    );
    expect(problems).toEqual([]);
    expect(catalog!.alerting).toEqual({ contactPoints: { critical: 'Ops pager', info: 'KPI digest' } });
  });

  it('reports a misspelt severity, a non-string and an empty name at their positions', () => {
    const { problems } = parseCatalog(
      `${head}alerting:\n  contactPoints:\n    critcal: Ops\n    warning: 3\n    info: "  "\n`,
      't.yaml'
    );
    expect(problems.map((p) => [p.line, p.path, p.message])).toEqual([
      [7, 'alerting.contactPoints.critcal', expect.stringMatching(/did you mean "critical"/)],
      [8, 'alerting.contactPoints.warning', expect.stringMatching(/string/)],
      [9, 'alerting.contactPoints.info', expect.stringMatching(/empty contact point name/)],
    ]);
  });
});
