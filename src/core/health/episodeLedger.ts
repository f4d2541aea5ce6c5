import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';

/** A claim older than this is forgotten: an episode that long is announced again. */
const CLAIM_KEPT_MS = 60 * 24 * 60 * 60_000;

/**
 * Which health episodes have been announced, across reloads and across windows: claiming one
 * creates a file exclusively, which the file system grants to one window only. Claims are files
 * named by a digest of the episode, in a folder the ledger owns.
 */
export class EpisodeLedger {
  constructor(private readonly directory: string, private readonly now: () => number = Date.now) {}

  /** The keys this call claimed: each key is granted once, to one caller, until it is forgotten. */
  async claim(keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) {
      return [];
    }
    await fs.mkdir(this.directory, { recursive: true });
    const granted = await Promise.all(keys.map(async (key) => {
      try {
        const handle = await fs.open(this.fileOf(key), 'wx');
        await handle.close();
        return key;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          return undefined;
        }
        throw error;
      }
    }));
    return granted.filter((key): key is string => key !== undefined);
  }

  /** Forgets claims older than two months; never rejects (a claim that cannot be removed now is removed at a later prune). */
  async prune(): Promise<void> {
    const names = await fs.readdir(this.directory).catch(() => [] as string[]);
    const oldest = this.now() - CLAIM_KEPT_MS;
    await Promise.all(names.map(async (name) => {
      const file = path.join(this.directory, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && stat.mtimeMs < oldest) {
        await fs.rm(file, { force: true, recursive: true }).catch(() => undefined);
      }
    }));
  }

  async clear(): Promise<void> {
    await fs.rm(this.directory, { recursive: true, force: true });
  }

  private fileOf(key: string): string {
    return path.join(this.directory, createHash('sha256').update(key).digest('hex').slice(0, 40));
  }
}
