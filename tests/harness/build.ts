/**
 * Bundles the harness's browser side with esbuild:
 * - `harness.js` + `harness.css`: the source host, the app's real pages from src/ with @grafana/ui
 *   and @grafana/runtime;
 * - `host.js` + `host.css`: the production host, Grafana's shared packages and SystemJS, which
 *   loads the plugin build's dist/module.js (client/production.tsx).
 */
import { build, Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Grafana's packages from their CommonJS builds: the published ESM builds of @grafana/ui 12.0
 * import names their own modules no longer export (Grafana's webpack tolerates it, esbuild does not).
 */
const grafanaCjs = (root: string): Plugin => ({
  name: 'grafana-cjs',
  setup(b) {
    b.onResolve({ filter: /^@grafana\/(ui|data|runtime|schema|e2e-selectors|i18n)(\/unstable)?$/ }, (args) => ({
      path: require.resolve(args.path, { paths: [root] }),
    }));
  },
});

export async function buildClient(
  root: string,
  outdir: string,
  options: { minify?: boolean; entries?: Array<'harness' | 'host'> } = {}
): Promise<void> {
  const clientDir = path.join(root, 'tests', 'harness', 'client');
  const files = { harness: 'index.tsx', host: 'production.tsx' };
  const entries = options.entries ?? ['harness'];
  await build({
    entryPoints: Object.fromEntries(entries.map((e) => [e, path.join(clientDir, files[e])])),
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    sourcemap: true,
    minify: options.minify ?? false,
    logLevel: 'warning',
    // systemjs's package.json says "type": "script" (its dist files are plain scripts).
    logOverride: { 'package.json': 'silent' },
    jsx: 'automatic',
    // pdfkit's browser build resolves a data file against import.meta.url, which an IIFE lacks
    // (Grafana's webpack turns it into the plugin's asset URL).
    define: { 'process.env.NODE_ENV': '"production"', global: 'window', 'import.meta.url': 'document.baseURI' },
    loader: { '.svg': 'dataurl', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'dataurl' },
    plugins: [grafanaCjs(root)],
  });
}

/** Whether a file under src/ goes into the plugin build's code (not tests, not screenshots). */
const BUILD_INPUT = /\.(tsx?|jsx?|json|s?css|svg)$/;

function newestInput(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestInput(file));
    } else if (BUILD_INPUT.test(entry.name) && !/\.test\.[jt]sx?$/.test(entry.name)) {
      newest = Math.max(newest, statSync(file).mtimeMs);
    }
  }
  return newest;
}

/**
 * The plugin build (`root/dist`), made with `npm run build` when it is missing or older than the
 * source (src/, the webpack config); CI builds it before the browser tests, which reuse it.
 */
export function ensurePluginBuild(root: string): string {
  const dist = path.join(root, 'dist');
  const modules = [path.join(dist, 'module.js'), path.join(dist, 'datasource', 'module.js')];
  const built = modules.every((m) => existsSync(m)) ? Math.min(...modules.map((m) => statSync(m).mtimeMs)) : 0;
  const source = Math.max(newestInput(path.join(root, 'src')), newestInput(path.join(root, '.config')));
  if (built < source) {
    process.stdout.write(
      `building the plugin (npm run build): ${built === 0 ? 'no dist/' : 'dist/ is older than src/'}\n`
    );
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  }
  return dist;
}
