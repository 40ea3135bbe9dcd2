import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { BuildOptions, CatalogInput } from '../generators/options';
import { GeneratedFile, provisioningTree } from '../generators/provisioningTree';
import { loadCatalog, readCatalogText } from './catalogFile';

/** Reads and validates catalog files; the document as written goes to the KPI data source's jsonData. */
export async function loadCatalogInputs(files: string[]): Promise<CatalogInput[]> {
  const inputs: CatalogInput[] = [];
  for (const file of files) {
    const catalog = await loadCatalog(file);
    // Valid YAML (loadCatalog checked), so this parse cannot fail; JSON is YAML too.
    inputs.push({ catalog, document: parse(await readCatalogText(file)) });
  }
  return inputs;
}

/** Writes the tree under `outDir` (creating directories) and returns the files written. */
export async function writeTree(outDir: string, files: GeneratedFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(outDir, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content, 'utf8');
    written.push(target);
  }
  return written;
}

/** Catalogs in, provisioning tree written: what `openkpi build` and `openkpi demo` share. */
export async function buildTree(files: string[], outDir: string, options: BuildOptions): Promise<string[]> {
  const inputs = await loadCatalogInputs(files);
  return writeTree(outDir, provisioningTree(inputs, options));
}
