import type { ContactPoints } from './routing';
import type { Catalog } from '../core/catalog/model';

/** A catalog to provision: the validated model, and the document as written (for jsonData). */
export interface CatalogInput {
  catalog: Catalog;
  /** The parsed YAML/JSON document; the KPI data source stores it as `jsonData.catalog`. */
  document: unknown;
}

/** How Grafana reaches PostgreSQL. Values are written as they are, so env references work. */
export interface PostgresSettings {
  /** `host:port`. */
  host: string;
  database: string;
  user: string;
  password: string;
  sslmode: string;
}

/** Where the generated dashboards live inside Grafana's container. */
export interface BuildOptions {
  postgres: PostgresSettings;
  /** The directory Grafana reads dashboard JSON from (the provider's `options.path`). */
  dashboardsPath: string;
  /** Write OpenKPI's own contact points (`--contact-points`); their env vars must be set. */
  contactPoints?: boolean;
  /** Write the notification-policy tree (`--policies`): it replaces the org's whole tree. */
  policies?: boolean;
  /** Contact point per severity chosen by flags (win over the catalog's). */
  routing?: ContactPoints;
  /** Grafana's public URL, for absolute links in alert annotations. */
  grafanaUrl?: string;
  /** The environment Grafana expands `$__env{…}` with, checked for contact points (the CLI's own). */
  environment?: Record<string, string | undefined>;
}

/** Grafana expands `$__env{NAME}` in provisioning files when it reads them. */
export function env(name: string): string {
  return `$__env{${name}}`;
}

/** Defaults: everything from environment variables of the Grafana process. */
export const DEFAULT_OPTIONS: BuildOptions = {
  postgres: {
    host: env('OPENKPI_PG_HOST'),
    database: env('OPENKPI_PG_DATABASE'),
    user: env('OPENKPI_PG_USER'),
    password: env('OPENKPI_PG_PASSWORD'),
    sslmode: env('OPENKPI_PG_SSLMODE'),
  },
  dashboardsPath: '/var/lib/grafana/dashboards/openkpi',
};
