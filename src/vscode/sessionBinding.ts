import * as vscode from 'vscode';
import { describeProblem } from '../core/text/errorMessages';
import { inertText } from '../core/text/format';
import { Account, Session, SessionState } from '../core/engine/session';
import { Command, CONNECTORS_VIEW_ID } from '../shared/ids';
import { CredentialStore } from './credentials';
import { readSettings, SECTION } from './settings';

/** How long the session waits for VS Code to take the cached rows before starting anyway. */
const FIRST_ROWS_WAIT_MS = 300;
/** Without cached rows, how long VS Code's first request for rows may wait for the first refresh. */
const FIRST_ANSWER_HOLD_MS = 2_000;

/** What the first start needs of the view. */
export interface FirstRows {
  firstRowsServed(atMostMs: number): Promise<void>;
  holdFirstAnswer(ready: Promise<unknown>, atMostMs: number): void;
}

/**
 * Feeds the session what VS Code knows: the account from secret storage (or the environment) and
 * the settings, read once per change, in this window or another; shows its refreshes as progress
 * in the view.
 */
export class SessionBinding implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];
  /** The secret storage failed, and the user has been told: once until it works again. */
  private toldUnreadable = false;

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
    const account = await this.readAccount();
    if (account !== 'unreadable') {
      await this.session.update(account, readSettings());
    }
  }

  /** A new session even when nothing changed (a sign-in with the same account after a 401). */
  async restart(): Promise<void> {
    const account = await this.readAccount();
    if (account !== 'unreadable') {
      await this.session.update(account, readSettings(), { restart: true });
    }
  }

  /** The account, or, when secret storage fails, a stopped session that says so and offers Sign In. */
  private async readAccount(): Promise<Account | undefined | 'unreadable'> {
    try {
      const account = await this.credentials.get();
      this.toldUnreadable = false;
      return account;
    } catch (error) {
      this.log.error(`Could not read the stored service account: ${error instanceof Error ? error.message : String(error)}`);
      await this.session.credentialsUnreadable(error, readSettings());
      this.offerSignIn();
      return 'unreadable';
    }
  }

  private offerSignIn(): void {
    const state = this.session.state;
    if (this.toldUnreadable || state.kind !== 'misconfigured') {
      return;
    }
    this.toldUnreadable = true;
    const signIn = vscode.l10n.t('Sign In');
    void vscode.window.showErrorMessage(inertText(describeProblem(state.problem, vscode.l10n.t)), signIn).then(async (choice) => {
      if (choice === signIn) {
        await vscode.commands.executeCommand(Command.signIn);
      }
    }).then(undefined, (error: unknown) => this.log.error(`Could not offer to sign in: ${String(error)}`));
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  /**
   * The first start. With cached rows on screen, the session starts once VS Code has asked for them
   * (or after a moment, when the view is not open): reading the account and starting a refresh keep
   * the extension host busy for tens of milliseconds, and VS Code's request would wait behind that.
   * With nothing to show yet, VS Code's first request for rows waits for the account and its first
   * refresh, a little while at most.
   */
  start(view: FirstRows, previewed: boolean): void {
    if (previewed) {
      void view.firstRowsServed(FIRST_ROWS_WAIT_MS).then(() => this.reloadInBackground());
      return;
    }
    let firstRefresh: Promise<unknown> | undefined;
    const subscription = this.session.onDidStartRefresh((refresh) => {
      firstRefresh ??= refresh;
    });
    view.holdFirstAnswer(this.reloadLogged().then(() => firstRefresh).finally(() => subscription.dispose()), FIRST_ANSWER_HOLD_MS);
  }

  /** `reload` for event handlers: what fails is logged. */
  reloadInBackground(): void {
    void this.reloadLogged();
  }

  /** `reload` that never rejects: what fails is logged. */
  reloadLogged(): Promise<void> {
    return this.reload().catch((error: unknown) => {
      this.log.error(`Could not apply the settings: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private showProgress(refresh: Thenable<unknown>): void {
    // Progress only: the refresh reports its own outcome through the store.
    void vscode.window.withProgress({ location: { viewId: CONNECTORS_VIEW_ID } }, () => refresh);
  }
}
