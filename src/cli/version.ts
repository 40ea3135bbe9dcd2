import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The package version for `openkpi --version`, read at run time from the package.json next to
 * the bundle's directory (dist-cli/..): importing it would put package.json outside src/.
 */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
