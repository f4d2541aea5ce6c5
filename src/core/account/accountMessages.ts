import { Translate } from '../../shared/l10n';
import { inertText } from '../text/format';

/** Where the account in use comes from, as the session sees it. */
export interface AccountInUse {
  readonly source?: 'secretStorage' | 'environment';
  readonly username?: string;
}

/**
 * What Sign Out says. With the environment variables set, removing the stored account makes
 * theirs the one in use, and the user is told so plainly rather than seeming still signed in.
 */
export function signOutMessage(signedOutOf: string, now: AccountInUse, t: Translate): string {
  if (now.source === 'environment') {
    return inertText(t('Signed out of {0}; its secret was removed from secret storage. Now using {1}, the service account from the environment variables MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET.', signedOutOf, now.username ?? ''));
  }
  return inertText(t('Signed out of {0}. The service account secret was removed from secret storage.', signedOutOf));
}
