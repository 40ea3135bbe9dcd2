import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

/** A no-restricted-imports pattern for imports of these src/ folders (relative paths). */
function folders(names, why) {
  return { regex: `(^|/)(${names.join('|')})(/|$)`, message: why };
}

const NODE = {
  regex: '^(node:|(fs|path|os|crypto|child_process|url|util|stream|http|https|pg)(/|$))',
  message: 'core is browser-safe: no Node modules',
};

/**
 * The layering (docs/engine.md): each folder names the layer; these rules keep the arrows
 * pointing one way. tests/lint/layering.test.ts proves each one fails the lint.
 */
const LAYERS = [
  {
    files: ['src/core/**/*.{ts,tsx}'],
    patterns: [
      folders(
        ['cli', 'components', 'datasource', 'generators', 'pages', 'query', 'reports'],
        'core imports no other layer'
      ),
      { regex: '^(@grafana/|react(-dom)?(/|$))', message: 'core is browser- and Node-safe: no Grafana or React' },
      NODE,
    ],
  },
  {
    files: ['src/query/**/*.{ts,tsx}'],
    patterns: [
      folders(
        ['cli', 'components', 'datasource', 'generators', 'pages', 'reports'],
        'the query model is shared: it imports only core'
      ),
    ],
  },
  {
    files: ['src/generators/**/*.{ts,tsx}'],
    patterns: [
      folders(
        ['datasource', 'pages', 'components', 'cli'],
        'generators run in the CLI: no data source, app or CLI code (shared types live in src/query)'
      ),
    ],
  },
  {
    files: ['src/reports/**/*.{ts,tsx}'],
    patterns: [
      folders(
        ['cli', 'components', 'datasource', 'generators', 'pages', 'query'],
        'reports build on the core only (the CLI and the app call them)'
      ),
    ],
  },
  {
    files: ['src/components/**/*.{ts,tsx}'],
    patterns: [folders(['pages'], 'components do not import pages')],
  },
  {
    files: ['src/datasource/**/*.{ts,tsx}'],
    patterns: [
      folders(['cli', 'generators', 'pages'], 'the data source does not import the CLI, the generators or the pages'),
    ],
  },
].map(({ files, patterns }) => ({
  files,
  // Tests may cross layers (a generator test renders its dashboards through the data source).
  ignores: ['**/*.test.{ts,tsx}'],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
}));

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      'dist-cli/',
      '.openkpi/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
    ],
  },
  ...baseConfig,
  {
    // The benchmarks and Node scripts live beside src/ and tests/; lint them too.
    files: ['bench/**/*.ts', 'tests/**/*.{ts,tsx}'],
  },
  ...LAYERS,
]);
