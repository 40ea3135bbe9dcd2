import { ContactPointBuilder, NotificationPolicyBuilder } from '@grafana/grafana-foundation-sdk/alerting';
import { env } from './options';

/** Contact point names (policies refer to them by name). */
export const RECEIVERS = { alerts: 'OpenKPI alerts', digest: 'OpenKPI digest' };

/**
 * `provisioning/alerting/contact-points.yaml`: `OpenKPI alerts` (webhook + email) for breaches
 * and stale data, `OpenKPI digest` (email) for achievements. Addresses come from the environment.
 */
export function contactPointsDocument(): object {
  const webhook = new ContactPointBuilder()
    .uid('openkpi-webhook')
    .type('webhook')
    .settings({ url: env('OPENKPI_ALERT_WEBHOOK_URL'), httpMethod: 'POST' })
    .disableResolveMessage(false)
    .build();
  const email = (uid: string) =>
    new ContactPointBuilder()
      .uid(uid)
      .type('email')
      .settings({ addresses: env('OPENKPI_ALERT_EMAILS'), singleEmail: true })
      .disableResolveMessage(uid === 'openkpi-digest-email')
      .build();
  const strip = ({ uid, type, settings, disableResolveMessage }: ReturnType<typeof email>) => ({
    uid,
    type,
    settings,
    disableResolveMessage,
  });
  return {
    apiVersion: 1,
    contactPoints: [
      { orgId: 1, name: RECEIVERS.alerts, receivers: [webhook, email('openkpi-email')].map(strip) },
      { orgId: 1, name: RECEIVERS.digest, receivers: [strip(email('openkpi-digest-email'))] },
    ],
  };
}

const route = (severity: string) => new NotificationPolicyBuilder().objectMatchers([['severity', '=', severity]]);

/**
 * `provisioning/alerting/policies.yaml`. Provisioned policies replace the org's whole tree.
 * critical: each alert alone (`...` groups by every label), sent at once, repeated every 4h;
 * warning and stale: one message per catalog and severity at most hourly;
 * info (target met, milestone reached): a daily digest per catalog.
 */
export function policiesDocument(): object {
  const tree = new NotificationPolicyBuilder()
    .receiver(RECEIVERS.alerts)
    .groupBy(['grafana_folder', 'alertname'])
    .groupWait('30s')
    .groupInterval('5m')
    .repeatInterval('4h')
    .routes([
      route('critical').groupBy(['...']).groupWait('10s').groupInterval('1m').repeatInterval('4h'),
      route('warning').groupBy(['catalog', 'severity']).groupWait('5m').groupInterval('1h').repeatInterval('24h'),
      route('stale').groupBy(['catalog', 'severity']).groupWait('5m').groupInterval('1h').repeatInterval('24h'),
      route('info')
        .receiver(RECEIVERS.digest)
        .groupBy(['catalog', 'severity'])
        .groupWait('1h')
        .groupInterval('24h')
        .repeatInterval('168h'),
    ])
    .build();
  return { apiVersion: 1, policies: [{ orgId: 1, ...tree }] };
}
