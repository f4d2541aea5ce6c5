import * as vscode from 'vscode';
import { Session, SessionState } from '../core/session';
import { CONNECTORS_VIEW_ID } from '../shared/contextValues';
import { CredentialStore } from './credentials';
import { readSettings, SECTION } from './settings';

/**
 * Feeds the session what VS Code knows: the account from secret storage (or the environment) and
 * the settings, read once per change, in this window or another; shows its refreshes as progress
 * in the view.
 */
export class SessionBinding implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly session: Session, private readonly credentials: CredentialStore, private readonly log: vscode.LogOutputChannel) {
    this.disposables = [
      credentials.onDidChange(() => this.reloadInBackground()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SECTION)) {
          this.reloadInBackground();
        }
      }),
      session.onDidStartRefresh((refresh) => this.showProgress(refresh)),
    ];
  }

  get state(): SessionState {
    return this.session.state;
  }

  /** Reads the account and settings and applies them; a change of who or where starts a new session. */
  async reload(): Promise<void> {
    await this.session.update(await this.credentials.get(), readSettings());
  }

  /** A new session even when nothing changed (a sign-in with the same account after a 401). */
  async restart(): Promise<void> {
    await this.session.update(await this.credentials.get(), readSettings(), { restart: true });
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  /** `reload` for event handlers: what fails is logged. */
  reloadInBackground(): void {
    this.reload().catch((error: unknown) => {
      this.log.error(`Could not apply the settings: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private showProgress(refresh: Thenable<unknown>): void {
    // Progress only: the refresh reports its own outcome through the store.
    void vscode.window.withProgress({ location: { viewId: CONNECTORS_VIEW_ID } }, () => refresh);
  }
}
