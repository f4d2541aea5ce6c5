import * as vscode from 'vscode';
import { ProjectEntry } from '../core/model';
import { fromCache, toCache } from '../core/snapshotCache';
import { ConnectorStore } from '../core/store';

const KEY = 'mixpanelConnectors.snapshot';
const SAVE_DELAY_MS = 2_000;

/**
 * Keeps the last known connectors and runs in the extension's global state (never credentials)
 * for the next session of the same owner, which shows them at once, marked as cached.
 */
export class SnapshotStorage implements vscode.Disposable {
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: vscode.Disposable;

  /** `owner` is whose session runs now (host and account), if any. */
  constructor(private readonly memento: vscode.Memento, private readonly store: ConnectorStore, private readonly owner: () => string | undefined, private readonly log: vscode.LogOutputChannel) {
    this.subscription = store.onDidChange(() => this.scheduleSave());
  }

  /** Whose snapshot is kept (host and account), if any. */
  cachedOwner(): string | undefined {
    const data = this.memento.get<{ owner?: unknown }>(KEY);
    return typeof data?.owner === 'string' ? data.owner : undefined;
  }

  /** What an earlier session of this owner saw; nothing for another owner. */
  load(owner: string): ProjectEntry[] {
    return fromCache(this.memento.get(KEY), owner);
  }

  /** Sign-out: what the account saw is not kept. */
  async forget(): Promise<void> {
    this.cancelSave();
    await this.memento.update(KEY, undefined);
  }

  dispose(): void {
    if (this.saveTimer !== undefined) {
      this.cancelSave();
      // Keep what the last refreshes brought, even if the delay had not run out (save never rejects).
      void this.save();
    }
    this.subscription.dispose();
  }

  private scheduleSave(): void {
    if (this.saveTimer !== undefined) {
      return;
    }
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      // save never rejects: a cache that cannot be written is a line in the log.
      void this.save();
    }, SAVE_DELAY_MS);
  }

  private cancelSave(): void {
    if (this.saveTimer !== undefined) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
  }

  /** Never rejects: a cache that cannot be written is a line in the log. */
  private async save(): Promise<void> {
    const owner = this.owner();
    const projects = this.store.allProjects;
    if (owner === undefined || projects.every((project) => project.fromCache || project.lastSuccessAt === undefined)) {
      return;
    }
    try {
      await this.memento.update(KEY, toCache(projects, owner, Date.now()));
    } catch (error) {
      this.log.warn(`Could not keep the connectors for the next start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
