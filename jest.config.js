// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  // Unit tests sit beside the code; integration tests (real PostgreSQL) live in tests/.
  testMatch: [...base.testMatch, '<rootDir>/tests/**/*.test.{ts,tsx}'],
  // Tests that need PostgreSQL extensions run with `npm run test:extensions` (tests/extensions).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/extensions/'],
  // yaml's browser build (what jsdom resolves) is untranspiled ESM: let swc transform it.
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, 'yaml'])],
  // Some ESM dependencies of @grafana/ui 12.0 (d3-color) ship only `.mjs` to jsdom.
  transform: { ...base.transform, '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'] },
  globalSetup: '<rootDir>/tests/support/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/support/globalTeardown.mjs',
  testTimeout: 30000,
};
