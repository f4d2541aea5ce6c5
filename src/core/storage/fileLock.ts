import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';

/**
 * A lock that windows (and processes) share through a file: whoever creates it holds it. The file
 * holds its owner's token, so that a release removes only its own lock. A lock left by a process
 * that died is broken once it is older than `staleMs`, under a second, short-lived lock (the
 * breaker), so that two waiters cannot both break it and then both hold it: the one holding the
 * breaker looks again at the same lock it found stale before it removes it.
 */

export interface FileLockOptions {
  /** A lock older than this was left by a process that died. */
  readonly staleMs: number;
  /** How long to wait for it; 0 tries once. */
  readonly waitMs: number;
  readonly retryMs?: number;
  /**
   * While held, the lock's time is renewed this often, so that a lock held for long (a question
   * the user has not answered yet) is never taken for one left by a process that died.
   */
  readonly heartbeatMs?: number;
}

export type ReleaseLock = () => Promise<void>;

const DEFAULT_RETRY_MS = 15;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates `file` holding `token`, or answers false when it exists. */
async function create(file: string, token: string): Promise<boolean> {
  try {
    await fs.writeFile(file, token, { flag: 'wx' });
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      return false;
    }
    throw error;
  }
}

/** The lock's token and age, or undefined when there is none. */
async function inspect(file: string): Promise<{ token: string; ageMs: number } | undefined> {
  try {
    const [token, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    return { token, ageMs: Date.now() - stat.mtimeMs };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/** Removes the lock only if it still holds `token`. */
async function removeIfHeldBy(file: string, token: string): Promise<void> {
  const held = await inspect(file);
  if (held?.token === token) {
    await fs.rm(file, { force: true });
  }
}

/** Breaks a stale lock, unless someone else is breaking it (false) or it changed hands meanwhile. */
async function breakStale(file: string, staleToken: string, options: FileLockOptions): Promise<boolean> {
  const breaker = `${file}.break`;
  const token = randomBytes(8).toString('hex');
  if (!await create(breaker, token)) {
    // A breaker is held for moments: one this old belongs to a process that died while holding it.
    const held = await inspect(breaker);
    if (held && held.ageMs > options.staleMs) {
      await removeIfHeldBy(breaker, held.token);
    }
    return false;
  }
  try {
    const now = await inspect(file);
    if (now && now.token === staleToken && now.ageMs > options.staleMs) {
      await fs.rm(file, { force: true });
    }
  } finally {
    await removeIfHeldBy(breaker, token);
  }
  return true;
}

/**
 * Takes the lock, waiting up to `waitMs`; undefined when it is still held by then. The folder must
 * exist.
 */
export async function acquireFileLock(file: string, options: FileLockOptions): Promise<ReleaseLock | undefined> {
  const token = `${process.pid}-${randomBytes(8).toString('hex')}`;
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    if (await create(file, token)) {
      const heartbeat = options.heartbeatMs === undefined ? undefined : setInterval(() => {
        const now = new Date();
        fs.utimes(file, now, now).catch(() => undefined);
      }, options.heartbeatMs);
      heartbeat?.unref();
      return () => {
        clearInterval(heartbeat);
        return removeIfHeldBy(file, token);
      };
    }
    const held = await inspect(file);
    if (held && held.ageMs > options.staleMs && await breakStale(file, held.token, options)) {
      continue;
    }
    if (Date.now() >= deadline) {
      return undefined;
    }
    await delay(options.retryMs ?? DEFAULT_RETRY_MS);
  }
}
