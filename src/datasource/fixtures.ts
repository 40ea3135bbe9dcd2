/**
 * A small catalog shared by the data source's tests (not imported by the plugin). Two sources,
 * KPIs of both directions, a fixed target, thresholds and a target schedule.
 */
export const TEST_CATALOG_YAML = `apiVersion: openkpi/v1
name: test-portal
title: Test portal
timezone: UTC
sources:
  runs:
    table: portal.runs
    time: finished_at
    dimensions: [team, template]
  tickets:
    sql: SELECT opened_at, minutes, team FROM portal.tickets
    time: opened_at
    dimensions: [team]
kpis:
  - id: success_rate
    name: Successful provisioning rate
    area: Provisioning
    owner: platform-team
    tags: [provisioning, reliability]
    unit: percent
    decimals: 1
    source: runs
    window: 7d
    measure:
      ratio:
        numerator: { aggregate: count, filter: "status = 'succeeded'" }
        denominator: { aggregate: count }
      scale: 100
    direction: higher
    target: 95
    thresholds: { warning: 95, critical: 90 }
  - id: run_count
    name: Provisioning runs
    area: Provisioning
    owner: platform-team
    tags: [volume]
    source: runs
    window: 7d
    measure: { aggregate: count }
    target: 10
  - id: resolution_minutes
    name: Ticket resolution time
    area: Support
    owner: support-team
    tags: [reliability]
    unit: m
    source: tickets
    window: 7d
    measure: { aggregate: avg, expression: minutes }
    direction: lower
    target: 30
    thresholds: { warning: 30, critical: 60 }
`;
