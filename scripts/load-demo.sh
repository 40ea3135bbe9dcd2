#!/bin/sh
# The docker compose `loader`: builds the plugin and CLI, migrates, loads every example's demo
# data and gives Grafana a read-only role. The provisioning tree is committed (npm run provision).
# Needs DATABASE_URL (the admin connection) and GRAFANA_DB_PASSWORD.
set -eu
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund
npm run build
npx openkpi migrate

node scripts/load-data.mjs

npx openkpi eval examples/service-portal/catalog.yaml
