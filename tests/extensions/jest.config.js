// `npm run test:extensions`: tests that need PostgreSQL extensions (the `hll` extension), against
// Debian's PostgreSQL 15 that globalSetup.ts starts. Not part of `npm test`, which needs none.
process.env.TZ = 'UTC';

const path = require('path');
const root = path.resolve(__dirname, '../..');
const base = require(path.join(root, '.config/jest.config'));

module.exports = {
  ...base,
  rootDir: root,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/extensions/**/*.test.ts'],
  globalSetup: '<rootDir>/tests/extensions/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/extensions/globalTeardown.ts',
  testTimeout: 120000,
};
