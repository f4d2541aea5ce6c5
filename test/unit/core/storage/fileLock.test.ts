import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acquireFileLock } from '../../../../src/core/storage/fileLock';

const STALE_MS = 10_000;

describe('a lock shared through a file', () => {
  let directory: string;
  let lockFile: string;

  beforeEach(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), 'file-lock-'));
    lockFile = path.join(directory, 'a.lock');
  });

  afterEach(() => fs.rm(directory, { recursive: true, force: true }));

  /** Makes the lock look as if its owner died a minute ago. */
  const ageLock = (file = lockFile) => fs.utimes(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

  it('is held by one at a time, and free again once released', async () => {
    const release = await acquireFileLock(lockFile, { staleMs: STALE_MS, waitMs: 0 });
    assert.ok(release);
    assert.strictEqual(await acquireFileLock(lockFile, { staleMs: STALE_MS, waitMs: 50 }), undefined, 'held');
    await release();
    assert.ok(await acquireFileLock(lockFile, { staleMs: STALE_MS, waitMs: 0 }), 'free');
  });

  it('is released only by its owner: a holder whose lock was broken as stale does not remove the next holder\'s', async () => {
    const slow = await acquireFileLock(lockFile, { staleMs: STALE_MS, waitMs: 0 });
    await ageLock();
    const next = await acquireFileLock(lockFile, { staleMs: STALE_MS, waitMs: 0 });
    assert.ok(next, 'the stale lock was broken');
    await slow!();
    assert.strictEqual(await acquireFileLock(lockFile, { staleMs: STALE_MS, waitMs: 0 }), undefined, 'still held by the next holder');
  });

  it('lets exactly one of many waiters take over a stale lock at a time', async function () {
    this.timeout(20_000);
    for (let round = 0; round < 10; round++) {
      await fs.writeFile(lockFile, 'a window that died');
      await ageLock();
      let holding = 0;
      let most = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        const release = await acquireFileLock(lockFile, { staleMs: STALE_MS, waitMs: 10_000, retryMs: 1 });
        assert.ok(release);
        holding++;
        most = Math.max(most, holding);
        await new Promise((resolve) => setTimeout(resolve, 5));
        holding--;
        await release();
      }));
      assert.strictEqual(most, 1, `round ${round}: ${most} held the lock at once`);
    }
  });

  it('breaks a breaker left by a process that died while breaking', async () => {
    await fs.writeFile(lockFile, 'dead');
    await ageLock();
    await fs.writeFile(`${lockFile}.break`, 'dead too');
    await ageLock(`${lockFile}.break`);
    assert.ok(await acquireFileLock(lockFile, { staleMs: STALE_MS, waitMs: 1_000 }));
  });
});
