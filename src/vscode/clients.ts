import * as vscode from 'vscode';
import { describeWarning } from '../core/text/errorMessages';
import { HostConsent } from '../core/account/hostConsent';
import { SessionSettings } from '../core/engine/session';
import { MixpanelClient } from '../mixpanel/client';
import { hostNeedingConsent } from '../mixpanel/endpoints';
import { MixpanelApiError } from '../mixpanel/errors';
import { ConcurrencyLimiter } from '../mixpanel/limiter';
import { ServiceAccount } from '../mixpanel/types';
import { logRequest } from './log';

/** A region asked on the chance that the account lives there: one short try. */
const PROBE_TIMEOUT_MS = 5_000;
const NO_RETRY = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxTotalWaitMs: 0 };

/**
 * Makes clients the same way for the session and for sign-in: one limiter for all requests, the
 * log, and the user's word before credentials go to a host that is not Mixpanel's.
 */
export class ClientFactory {
  constructor(
    private readonly userAgent: string,
    readonly limiter: ConcurrencyLimiter,
    private readonly log: vscode.LogOutputChannel,
    private readonly consent: HostConsent,
  ) {}

  /**
   * `askAgain` (an explicit sign-in) asks again about a host declined before; `probe` makes a
   * client that tries once, briefly (a region that may not know the account).
   */
  async create(account: ServiceAccount, where: Pick<SessionSettings, 'region' | 'apiBaseUrl'>, options: { askAgain?: boolean; probe?: boolean } = {}): Promise<MixpanelClient> {
    const host = where.apiBaseUrl ? hostNeedingConsent(where.apiBaseUrl) : undefined;
    if (host !== undefined) {
      if (options.askAgain) {
        await this.consent.forgetDeclined(host);
      }
      if (!await this.consent.allows(host)) {
        throw new MixpanelApiError('configuration', { reason: 'declinedHost', host });
      }
    }
    return new MixpanelClient({
      credentials: account,
      region: where.region,
      baseUrl: where.apiBaseUrl || undefined,
      userAgent: this.userAgent,
      limiter: this.limiter,
      ...(options.probe ? { timeoutMs: PROBE_TIMEOUT_MS, retry: NO_RETRY } : {}),
      onRequest: (entry) => logRequest(this.log, entry),
      onWarning: (warning) => this.log.warn(describeWarning(warning)),
    });
  }
}

/** The one question before the service account goes to a host that is not Mixpanel's. */
export async function askToSendCredentials(host: string): Promise<boolean> {
  const t = vscode.l10n.t;
  const send = t('Send to {0}', host);
  const choice = await vscode.window.showWarningMessage(
    t('Send the Mixpanel service account to {0}?', host),
    { modal: true, detail: t('The setting mixpanelConnectors.apiBaseUrl points to {0}, which is not a Mixpanel host. Only allow it if it is a proxy you trust: it will receive your service account\'s username and secret with every request.', host) },
    send,
  );
  return choice === send;
}
