// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  // Unit tests sit beside the code; integration tests (real PostgreSQL) live in tests/.
  testMatch: [...base.testMatch, '<rootDir>/tests/**/*.test.{ts,tsx}'],
  globalSetup: '<rootDir>/tests/support/globalSetup.mjs',
  globalTeardown: '<rootDir>/tests/support/globalTeardown.mjs',
  testTimeout: 30000,
};
