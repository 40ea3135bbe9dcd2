import { checkContactEnvironment, contactPointsDocument, policiesDocument, RECEIVERS } from './notificationPolicies';

describe('notification policies', () => {
  it('routes each severity with its own timing to a provisioned contact point', () => {
    const { policies } = policiesDocument() as {
      policies: Array<{ receiver: string; routes: Array<Record<string, unknown>> }>;
    };
    const [root] = policies;
    expect(root.receiver).toBe(RECEIVERS.alerts);
    const bySeverity = Object.fromEntries(root.routes.map((r) => [(r.object_matchers as string[][])[0][2], r]));
    expect(bySeverity.critical).toEqual(expect.objectContaining({ group_by: ['...'], group_wait: '10s' }));
    expect(bySeverity.warning).toEqual(expect.objectContaining({ group_interval: '1h' }));
    expect(bySeverity.info).toEqual(expect.objectContaining({ receiver: RECEIVERS.digest, group_interval: '24h' }));
    const { contactPoints } = contactPointsDocument() as { contactPoints: Array<{ name: string }> };
    expect(contactPoints.map((c) => c.name)).toEqual([RECEIVERS.alerts, RECEIVERS.digest]);
  });

  it('refuses contact points whose env var is unset or empty', () => {
    expect(() => checkContactEnvironment({})).toThrow('OPENKPI_ALERT_WEBHOOK_URL is not set');
    expect(() => checkContactEnvironment({ OPENKPI_ALERT_WEBHOOK_URL: 'https://x', OPENKPI_ALERT_EMAILS: '' })).toThrow(
      'OPENKPI_ALERT_EMAILS is empty'
    );
    expect(() =>
      checkContactEnvironment({ OPENKPI_ALERT_WEBHOOK_URL: 'https://x', OPENKPI_ALERT_EMAILS: 'a@example.com' })
    ).not.toThrow();
  });
});
