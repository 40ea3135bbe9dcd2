import { ContactPointBuilder, NotificationPolicyBuilder } from '@grafana/grafana-foundation-sdk/alerting';
import type { Severity } from '../core/catalog/model';
import { OpenKpiError } from '../core/errors';
import { env } from './options';
import type { ContactPoints } from './routing';

/** Contact point names of OpenKPI's own contact points (only written when asked: `--contact-points`). */
export const RECEIVERS = { alerts: 'OpenKPI alerts', digest: 'OpenKPI digest' };

/** Environment variables the contact points read; `openkpi build` refuses to write them unset or empty. */
export const CONTACT_ENV = { webhook: 'OPENKPI_ALERT_WEBHOOK_URL', emails: 'OPENKPI_ALERT_EMAILS' };

/** Where OpenKPI's own contact points route each severity when the catalog chooses none. */
export const DEFAULT_CONTACT_POINTS: Required<ContactPoints> = {
  critical: RECEIVERS.alerts,
  warning: RECEIVERS.alerts,
  stale: RECEIVERS.alerts,
  info: RECEIVERS.digest,
};

/**
 * Refuses, with one line, a contact point Grafana could not load: an address or URL that would
 * be empty once Grafana expands `$__env{…}` stops Grafana from starting (grafana/grafana#55971).
 * `environment` is the environment the file will be expanded with (the CLI passes its own).
 */
export function checkContactEnvironment(environment: Record<string, string | undefined>): void {
  for (const name of Object.values(CONTACT_ENV)) {
    const value = environment[name];
    if (value === undefined) {
      throw new OpenKpiError(
        `contact points: ${name} is not set; set it to the address Grafana should notify, or leave out --contact-points`
      );
    }
    if (value.trim() === '') {
      throw new OpenKpiError(
        `contact points: ${name} is empty; Grafana refuses to start with an empty contact point address`
      );
    }
  }
}

/**
 * `provisioning/alerting/contact-points.yaml`: `OpenKPI alerts` (webhook + email) for breaches
 * and stale data, `OpenKPI digest` (email) for achievements. Addresses come from the environment.
 */
export function contactPointsDocument(): object {
  const webhook = new ContactPointBuilder()
    .uid('openkpi-webhook')
    .type('webhook')
    .settings({ url: env(CONTACT_ENV.webhook), httpMethod: 'POST' })
    .disableResolveMessage(false)
    .build();
  const email = (uid: string) =>
    new ContactPointBuilder()
      .uid(uid)
      .type('email')
      .settings({ addresses: env(CONTACT_ENV.emails), singleEmail: true })
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

const route = (severity: Severity) => new NotificationPolicyBuilder().objectMatchers([['severity', '=', severity]]);

/**
 * `provisioning/alerting/policies.yaml`, only with `openkpi build --policies`: provisioned
 * policies REPLACE the organisation's whole tree (and lock it in the UI), so this is for a
 * Grafana that serves OpenKPI alone. Rules route themselves (`notification_settings`) anyway.
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
