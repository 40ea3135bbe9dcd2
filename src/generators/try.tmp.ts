import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { parseCatalog } from '../core/catalog/parse';
import { provisioningTree } from '../generators/provisioningTree';
const files = ['service-portal','vps-automation','product-suite'].map(n=>`/work/main/examples/${n}/catalog.yaml`);
const inputs = files.map(f=>{const t=readFileSync(f,'utf8'); const r=parseCatalog(t,f); if(!r.catalog) throw new Error(JSON.stringify(r.problems)); return {catalog:r.catalog, document: parse(t)};});
const tree = provisioningTree(inputs);
for (const f of tree) console.log(f.path, f.content.length);
console.log(tree.find(f=>f.path.includes('rules-vps'))!.content.slice(0,5000));
