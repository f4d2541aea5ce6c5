import { createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { isActiveStatus, Run, RunStatus } from '../../mixpanel/types';
import { acquireFileLock, ReleaseLock } from '../storage/fileLock';
import { EngineLog, reasonOf } from '../model/logRecords';
import { SourceRef, sourceKey } from '../model/source';

/**
 * Every run the extension has seen, per source, beyond the 30 the API keeps: one small JSON file
 * per source under the extension's global storage (not global state, which VS Code reads whole
 * at start-up). Writes go to a temporary file renamed over the old one, so a write cut off at any
 * point leaves the previous content; two windows take turns through a lock file and merge what
 * the other wrote, so neither loses a run. A file that cannot be read is moved aside and a new
 * one begun.
 */

export interface HistoryBounds {
  readonly maxAgeMs: number;
  readonly maxRuns: number;
}

export const DEFAULT_HISTORY_BOUNDS: HistoryBounds = { maxAgeMs: 90 * 24 * 60 * 60_000, maxRuns: 2_000 };

/** A run as kept: what health, the overview and an export need, nothing of the raw record. */
export interface KeptRun {
  readonly key: string;
  readonly start: number;
  readonly status: RunStatus;
  readonly rawStatus: string;
  readonly end?: number;
  readonly progress?: number;
  readonly events?: number;
  readonly error?: string;
  /** When this state was seen: a later sighting of the same run replaces an earlier one. */
  readonly seenAt: number;
}

interface HistoryFile {
  readonly version: 1;
  readonly source: SourceRef;
  readonly runs: readonly KeptRun[];
}

/** An error text is kept to this length: enough for its first lines. */
const ERROR_KEPT = 500;
/** A lock older than this was left by a window that died. */
const STALE_LOCK_MS = 10_000;
const LOCK_RETRY_MS = 15;
/** A write waits at most this long for another window's, then gives up (and logs). */
const LOCK_WAIT_MS = 15_000;
/** Changes are gathered this long before they are written. */
export const HISTORY_WRITE_DELAY_MS = 2_000;
/** Runs that could not be written are tried again this much later. */
const HISTORY_RETRY_DELAY_MS = 60_000;
/** A temporary file or a lock this old was left by a write that was cut off. */
const LEFTOVER_MS = 60 * 60_000;
/** A damaged file set aside is kept this long, for whoever wants to look at it. */
const DAMAGED_KEPT_MS = 30 * 24 * 60 * 60_000;

export function keptRunOf(run: Run, seenAt: number): KeptRun | undefined {
  if (run.startTime === undefined || !Number.isFinite(run.startTime)) {
    return undefined;
  }
  const events = run.counters.num_events_imported;
  return {
    key: run.key,
    start: run.startTime,
    status: run.status,
    rawStatus: run.rawStatus.slice(0, 40),
    ...(run.endTime !== undefined && Number.isFinite(run.endTime) ? { end: run.endTime } : {}),
    ...(run.progress !== undefined ? { progress: run.progress } : {}),
    ...(events !== undefined && Number.isFinite(events) ? { events } : {}),
    ...(run.error?.message ? { error: run.error.message.slice(0, ERROR_KEPT) } : {}),
    seenAt,
  };
}

export function runOfKept(kept: KeptRun): Run {
  return {
    key: kept.key,
    status: kept.status,
    rawStatus: kept.rawStatus,
    startTime: kept.start,
    endTime: kept.end,
    progress: kept.progress,
    counters: kept.events !== undefined ? { num_events_imported: kept.events } : {},
    ...(kept.error !== undefined ? { error: { message: kept.error } } : {}),
    raw: kept,
  };
}

/** Which of two sightings of one run stands: an ended state over a going one, then the later sighting. */
function later(a: KeptRun, b: KeptRun): KeptRun {
  const aEnded = !isActiveStatus(a.status);
  const bEnded = !isActiveStatus(b.status);
  if (aEnded !== bEnded) {
    return aEnded ? a : b;
  }
  return b.seenAt >= a.seenAt ? b : a;
}

/** The same run in the same state: nothing to write. */
function sameState(a: KeptRun | undefined, b: KeptRun): boolean {
  return a !== undefined && a.status === b.status && a.end === b.end && a.events === b.events && a.progress === b.progress && a.error === b.error;
}

/** Whether these runs add nothing to what is kept: each is there in the same state, or older than a full history keeps. */
function isKnown(runs: readonly KeptRun[], known: readonly KeptRun[], bounds: HistoryBounds): boolean {
  const byStart = new Map(known.map((run) => [run.start, run]));
  const floor = known.length >= bounds.maxRuns ? known[known.length - 1].start : Number.NEGATIVE_INFINITY;
  return runs.every((run) => run.start < floor || sameState(byStart.get(run.start), run));
}

/** Both lists' runs, one per start time, newest first, within the bounds. */
export function mergeKept(a: readonly KeptRun[], b: readonly KeptRun[], bounds: HistoryBounds, now: number): KeptRun[] {
  const byStart = new Map<number, KeptRun>();
  for (const run of [...a, ...b]) {
    const existing = byStart.get(run.start);
    byStart.set(run.start, existing ? later(existing, run) : run);
  }
  const oldest = now - bounds.maxAgeMs;
  return [...byStart.values()].filter((run) => run.start >= oldest).sort((x, y) => y.start - x.start).slice(0, bounds.maxRuns);
}

function isKeptRun(value: unknown): value is KeptRun {
  const run = value as KeptRun;
  return typeof run === 'object' && run !== null && typeof run.key === 'string' && Number.isFinite(run.start)
    && typeof run.status === 'string' && typeof run.rawStatus === 'string' && Number.isFinite(run.seenAt);
}

function parseFile(text: string): HistoryFile {
  const parsed = JSON.parse(text) as HistoryFile;
  if (parsed?.version !== 1 || !Array.isArray(parsed.runs) || typeof parsed.source !== 'object') {
    throw new Error('not a run history file');
  }
  return { version: 1, source: parsed.source, runs: parsed.runs.filter(isKeptRun) };
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export interface RunHistoryOptions {
  /** The folder it owns: Sign Out removes it. */
  readonly directory: string;
  readonly bounds: () => HistoryBounds;
  readonly now: () => number;
  readonly log?: EngineLog;
  readonly writeDelayMs?: number;
  readonly retryDelayMs?: number;
}

export class RunHistory {
  private readonly loaded = new Map<string, readonly KeptRun[]>();
  private readonly loading = new Map<string, Promise<readonly KeptRun[]>>();
  private readonly pending = new Map<string, { ref: SourceRef; runs: KeptRun[] }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  /** Bumped by {@link forget}: a batch taken before it is not written after it. */
  private generation = 0;

  constructor(private readonly options: RunHistoryOptions) {}

  /** The file of one source: named by a digest of its key, which may hold any text. */
  fileOf(ref: SourceRef): string {
    return path.join(this.options.directory, `${createHash('sha256').update(sourceKey(ref)).digest('hex').slice(0, 32)}.json`);
  }

  /** What is kept of the source, once read; undefined until then (see {@link load}). */
  runsOf(ref: SourceRef): readonly KeptRun[] | undefined {
    return this.loaded.get(sourceKey(ref));
  }

  /** Reads the source's file (once); never rejects. */
  load(ref: SourceRef): Promise<readonly KeptRun[]> {
    const key = sourceKey(ref);
    const known = this.loaded.get(key);
    if (known) {
      return Promise.resolve(known);
    }
    let promise = this.loading.get(key);
    if (!promise) {
      promise = this.readFile(ref).then((runs) => {
        const merged = mergeKept(runs, this.pending.get(key)?.runs ?? [], this.options.bounds(), this.options.now());
        this.loaded.set(key, merged);
        this.loading.delete(key);
        return merged;
      });
      this.loading.set(key, promise);
    }
    return promise;
  }

  /** Keeps these runs of the source: in memory at once, on disk within the write delay. */
  record(ref: SourceRef, runs: readonly Run[]): void {
    if (this.closed) {
      return;
    }
    const seenAt = this.options.now();
    const bounds = this.options.bounds();
    const oldest = seenAt - bounds.maxAgeMs;
    // A run going on is kept once it has ended: its progress would rewrite the whole file at every
    // poll. A run older than the bounds keep would be dropped again at once: it changes nothing.
    const kept = runs.filter((run) => !isActiveStatus(run.status)).map((run) => keptRunOf(run, seenAt))
      .filter((run): run is KeptRun => run !== undefined && run.start >= oldest);
    if (kept.length === 0) {
      return;
    }
    const key = sourceKey(ref);
    const known = this.loaded.get(key);
    if (known && isKnown(kept, known, bounds)) {
      return;
    }
    if (known) {
      this.loaded.set(key, mergeKept(known, kept, bounds, seenAt));
    }
    const queued = this.pending.get(key);
    this.pending.set(key, { ref, runs: mergeKept(queued?.runs ?? [], kept, bounds, seenAt) });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.writeDelayMs ?? HISTORY_WRITE_DELAY_MS);
  }

  /** Writes what is pending; resolves when it is on disk (or its failure logged). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = [...this.pending.values()];
    const generation = this.generation;
    this.pending.clear();
    this.writing = this.writing.then(async () => {
      for (const { ref, runs } of batch) {
        if (generation !== this.generation) {
          return;
        }
        try {
          await this.writeMerged(ref, runs, generation);
        } catch (error) {
          this.options.log?.({ event: 'historyNotKept', reason: reasonOf(error) });
          this.requeue(ref, runs, generation);
        }
      }
    });
    return this.writing;
  }

  /** Runs that could not be written (a full disk, a lock held too long) wait for a later write, a while later. */
  private requeue(ref: SourceRef, runs: readonly KeptRun[], generation: number): void {
    if (generation !== this.generation || this.closed) {
      return;
    }
    const key = sourceKey(ref);
    const queued = this.pending.get(key);
    this.pending.set(key, { ref, runs: mergeKept(runs, queued?.runs ?? [], this.options.bounds(), this.options.now()) });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.retryDelayMs ?? HISTORY_RETRY_DELAY_MS);
  }

  /**
   * Removes what writes and readers leave behind: temporary files of writes that were cut off,
   * damaged files set aside long ago, locks of windows that died, and the files of sources not
   * seen for longer than the history keeps a run. Never rejects.
   */
  async prune(): Promise<void> {
    const { directory } = this.options;
    const names = await fs.readdir(directory).catch(() => [] as string[]);
    const now = Date.now();
    const maxAgeMs = this.options.bounds().maxAgeMs;
    await Promise.all(names.map(async (name) => {
      const file = path.join(directory, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat?.isFile()) {
        return;
      }
      const age = now - stat.mtimeMs;
      const leftOver = (name.endsWith('.tmp') && age > LEFTOVER_MS)
        || ((name.endsWith('.lock') || name.endsWith('.break')) && age > LEFTOVER_MS)
        || (name.includes('.damaged-') && age > DAMAGED_KEPT_MS)
        // Written last longer ago than a run is kept: every run in it is past the bounds.
        || (name.endsWith('.json') && age > maxAgeMs);
      if (leftOver) {
        await fs.rm(file, { force: true }).catch(() => undefined);
      }
    }));
  }

  /**
   * The account is gone (signed out here or in another window): nothing pending is written, and
   * nothing read is kept in memory. A write already under way is dropped before it lands.
   */
  forget(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.generation++;
    this.pending.clear();
    this.loaded.clear();
    this.loading.clear();
  }

  /** Sign-out: {@link forget}, and the folder goes. */
  async clear(): Promise<void> {
    this.forget();
    await this.writing;
    await fs.rm(this.options.directory, { recursive: true, force: true });
  }

  dispose(): void {
    this.closed = true;
  }

  private async readFile(ref: SourceRef): Promise<KeptRun[]> {
    const file = this.fileOf(ref);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') {
        this.options.log?.({ event: 'historyNotKept', reason: reasonOf(error) });
      }
      return [];
    }
    try {
      return [...parseFile(text).runs];
    } catch (error) {
      await this.setAside(file, error);
      return [];
    }
  }

  private async setAside(file: string, error: unknown): Promise<void> {
    const aside = `${file}.damaged-${this.options.now()}`;
    try {
      await fs.rename(file, aside);
      this.options.log?.({ event: 'historySetAside', file: path.basename(file), setAside: path.basename(aside), reason: reasonOf(error) });
    } catch (renameError) {
      if (errorCode(renameError) !== 'ENOENT') {
        this.options.log?.({ event: 'historyNotKept', reason: reasonOf(renameError) });
      }
    }
  }

  /** Under the lock: what is on disk (another window's writes included), merged with these runs, written whole. */
  private async writeMerged(ref: SourceRef, runs: readonly KeptRun[], generation: number): Promise<void> {
    await fs.mkdir(this.options.directory, { recursive: true });
    const file = this.fileOf(ref);
    const release = await this.lock(file);
    try {
      const onDisk = await this.readFile(ref);
      if (generation !== this.generation) {
        return;
      }
      const merged = mergeKept(onDisk, runs, this.options.bounds(), this.options.now());
      const content: HistoryFile = { version: 1, source: { projectId: ref.projectId, kind: ref.kind, id: ref.id }, runs: merged };
      const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await fs.writeFile(temporary, JSON.stringify(content));
        await fs.rename(temporary, file);
      } catch (error) {
        // A write that failed (a full disk) leaves no temporary file behind.
        await fs.rm(temporary, { force: true }).catch(() => undefined);
        throw error;
      }
      const key = sourceKey(ref);
      if (this.loaded.has(key)) {
        this.loaded.set(key, mergeKept(this.loaded.get(key)!, merged, this.options.bounds(), this.options.now()));
      }
    } finally {
      await release();
    }
  }

  /** An exclusive lock file beside the history file; one left by a dead window is broken after a while. */
  private async lock(file: string): Promise<ReleaseLock> {
    const lockFile = `${file}.lock`;
    const release = await acquireFileLock(lockFile, { staleMs: STALE_LOCK_MS, waitMs: LOCK_WAIT_MS, retryMs: LOCK_RETRY_MS });
    if (!release) {
      throw new Error(`${path.basename(lockFile)} is held by another window`);
    }
    return release;
  }
}
