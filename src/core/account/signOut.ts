import { Translate } from '../../shared/l10n';
import { SessionState } from '../engine/session';
import { signOutMessage } from './accountMessages';

/** What Sign Out clears, and how it starts again. */
export interface SignOutPorts {
  state(): SessionState;
  /** The last rows kept for the next start. */
  readonly snapshots: { forget(): Promise<void> };
  /** The runs kept for health, and the findings announced: what was seen with the account goes with it. */
  readonly history: { clear(): Promise<void> };
  readonly ledger: { clear(): Promise<void> };
  /** The findings snoozed with the account. */
  readonly snoozes: { clear(): Promise<void> };
  /** The account in secret storage. */
  readonly credentials: { delete(): Promise<void> };
  /** Starts again from what is stored now: signed out, or the environment's account. */
  reload(): Promise<void>;
}

export type SignOutResult =
  | { readonly kind: 'notSignedIn' }
  /** The account comes from the environment: nothing was cleared, and the message says how to sign out. */
  | { readonly kind: 'fromEnvironment'; readonly message: string }
  | { readonly kind: 'signedOut'; readonly message: string };

/**
 * Sign Out, whichever door asks: the cached rows first (no start shows them again), then the
 * history and the announcements, then the secret, and a new start from what is left.
 */
export async function signOut(ports: SignOutPorts, t: Translate): Promise<SignOutResult> {
  const state = ports.state();
  if (state.kind === 'signedOut') {
    return { kind: 'notSignedIn' };
  }
  if (state.source === 'environment') {
    return {
      kind: 'fromEnvironment',
      message: t('The credentials come from the environment variables MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET. Unset them and restart VS Code to sign out.'),
    };
  }
  await ports.snapshots.forget();
  await Promise.all([ports.history.clear(), ports.ledger.clear(), ports.snoozes.clear()]);
  await ports.credentials.delete();
  await ports.reload();
  const now = ports.state();
  return { kind: 'signedOut', message: signOutMessage(state.username, now.kind === 'signedOut' ? {} : now, t) };
}
