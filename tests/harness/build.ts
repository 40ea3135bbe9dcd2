/**
 * Bundles the harness's browser side (the app's real pages with @grafana/ui and @grafana/runtime)
 * with esbuild into `outdir/harness.js` + `harness.css`.
 */
import { build, Plugin } from 'esbuild';
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

export async function buildClient(root: string, outdir: string, options: { minify?: boolean } = {}): Promise<void> {
  const clientDir = path.join(root, 'tests', 'harness', 'client');
  await build({
    entryPoints: { harness: path.join(clientDir, 'index.tsx') },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    sourcemap: true,
    minify: options.minify ?? false,
    logLevel: 'warning',
    jsx: 'automatic',
    // pdfkit's browser build resolves a data file against import.meta.url, which an IIFE lacks
    // (Grafana's webpack turns it into the plugin's asset URL).
    define: { 'process.env.NODE_ENV': '"production"', global: 'window', 'import.meta.url': 'document.baseURI' },
    loader: { '.svg': 'dataurl', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'dataurl' },
    plugins: [grafanaCjs(root)],
  });
}
