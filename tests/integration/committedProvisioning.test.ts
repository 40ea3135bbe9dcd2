/** @jest-environment node */
import fs from 'node:fs';
import path from 'node:path';
import { loadCatalogInputs } from '../../src/cli/buildTree';
import { DEFAULT_OPTIONS } from '../../src/generators/options';
import { provisioningTree } from '../../src/generators/provisioningTree';

const root = path.resolve(__dirname, '..', '..');

// provisioning/ and dashboards/ hold the examples' tree so a stock Grafana (and docker compose)
// can mount them as they are; `npm run provision` regenerates them. They must never drift.
describe('the committed provisioning tree', () => {
  it('is what `npm run provision` generates from examples/*/catalog.yaml', async () => {
    const catalogs = fs
      .readdirSync(path.join(root, 'examples'))
      .map((dir) => path.join(root, 'examples', dir, 'catalog.yaml'))
      .filter((file) => fs.existsSync(file))
      .sort();
    const files = provisioningTree(await loadCatalogInputs(catalogs), DEFAULT_OPTIONS);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const committed = path.join(root, ...file.path.split('/'));
      expect({ path: file.path, exists: fs.existsSync(committed) }).toEqual({ path: file.path, exists: true });
      expect({ path: file.path, content: fs.readFileSync(committed, 'utf8') }).toEqual({
        path: file.path,
        content: file.content,
      });
    }
  });

  it('holds no file the generator no longer writes', async () => {
    const catalogs = fs
      .readdirSync(path.join(root, 'examples'))
      .map((dir) => path.join(root, 'examples', dir, 'catalog.yaml'))
      .filter((file) => fs.existsSync(file));
    const generated = new Set(provisioningTree(await loadCatalogInputs(catalogs), DEFAULT_OPTIONS).map((f) => f.path));
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(path.join(root, dir), { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
    const committed = [...walk('provisioning'), ...walk('dashboards')];
    expect(committed.filter((f) => !generated.has(f))).toEqual([]);
  });
});
