import * as vscode from 'vscode';
import { fromCache, toCache } from '../core/snapshotCache';
import { ConnectorStore } from '../core/store';
import { ConnectionManager } from './connection';

const KEY = 'mixpanelConnectors.snapshot';
const SAVE_DELAY_MS = 2_000;

/**
 * Keeps the last known connectors and runs in the extension's global state (never credentials),
 * and puts them on screen at once when a session starts, marked as cached until refreshed.
 */
export class SnapshotStorage implements vscode.Disposable {
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly memento: vscode.Memento, private readonly store: ConnectorStore, private readonly connection: ConnectionManager, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      connection.onDidChange(() => this.restore()),
      store.onDidChange(() => this.scheduleSave()),
    );
  }

  private restore(): void {
    const owner = this.connection.state.owner;
    if (!owner || !this.connection.state.signedIn) {
      return;
    }
    const cached = fromCache(this.memento.get(KEY), owner);
    if (cached.length > 0) {
      this.store.restore(cached);
    }
  }

  private scheduleSave(): void {
    if (this.saveTimer !== undefined) {
      return;
    }
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  private async save(): Promise<void> {
    const owner = this.connection.state.owner;
    const projects = this.store.allProjects;
    if (!owner || !this.connection.state.signedIn || projects.every((project) => project.fromCache || project.lastSuccessAt === undefined)) {
      return;
    }
    try {
      await this.memento.update(KEY, toCache(projects, owner, Date.now()));
    } catch (error) {
      this.log.warn(`Could not keep the connectors for the next start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Sign-out: what the account saw is not kept. */
  async forget(): Promise<void> {
    if (this.saveTimer !== undefined) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    await this.memento.update(KEY, undefined);
  }

  dispose(): void {
    if (this.saveTimer !== undefined) {
      clearTimeout(this.saveTimer);
      // Keep what the last refreshes brought, even if the delay had not run out.
      void this.save();
    }
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
