import * as vscode from 'vscode';
import { environmentAccount } from '../core/account/environmentAccount';
import { Account } from '../core/engine/session';
import { ServiceAccount } from '../mixpanel/types';

const SECRET_KEY = 'mixpanelConnectors.serviceAccount';

function parseStored(text: string | undefined): ServiceAccount | undefined {
  if (!text) {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<ServiceAccount>;
    return typeof value.username === 'string' && typeof value.secret === 'string' && value.username && value.secret
      ? { username: value.username, secret: value.secret }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The service account lives in SecretStorage only. When nothing is stored, the environment
 * variables are used (headless use, CI, the demo), and the UI says so.
 */
export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** Fires when the stored credentials change, in this window or another. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly environment: NodeJS.ProcessEnv = process.env) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === SECRET_KEY) {
        this.changed.fire();
      }
    });
  }

  async get(): Promise<Account | undefined> {
    const stored = parseStored(await this.secrets.get(SECRET_KEY));
    if (stored) {
      return { source: 'secretStorage', ...stored };
    }
    return environmentAccount(this.environment);
  }

  async store(account: ServiceAccount): Promise<void> {
    await this.secrets.store(SECRET_KEY, JSON.stringify({ username: account.username, secret: account.secret }));
  }

  async delete(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
