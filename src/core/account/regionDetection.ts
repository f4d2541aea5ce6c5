import { isApiError } from '../../mixpanel/errors';
import { AccountInfo, Region, REGIONS } from '../../mixpanel/types';

export type RegionDetection =
  | { readonly kind: 'found'; readonly region: Region; readonly account: AccountInfo }
  /** Every region refused the account (401): the home region's refusal. */
  | { readonly kind: 'rejected'; readonly error: unknown }
  /** The home region failed for another reason (network, 5xx, timeout): nothing is known about the account. */
  | { readonly kind: 'unreachable'; readonly region: Region; readonly error: unknown };

/**
 * How a region is asked: `full` with the client's usual timeout and retries (the home region),
 * `probe` with a short timeout and no retry (another region, on the chance the account lives there).
 */
export type AskMode = 'full' | 'probe';

function isRefusal(error: unknown): boolean {
  return isApiError(error) && error.kind === 'authentication';
}

/**
 * Finds where a service account lives while sending its secret to as few hosts as possible: the
 * home region (the region setting, the US by default) first; only when it refuses the account
 * (401) the others, at once, each once and briefly, taking the first that accepts. A home region
 * that cannot be reached is said to be so, never reported as wrong credentials.
 */
export async function detectRegion(home: Region, me: (region: Region, mode: AskMode) => Promise<AccountInfo>): Promise<RegionDetection> {
  let refusal: unknown;
  try {
    return { kind: 'found', region: home, account: await me(home, 'full') };
  } catch (error) {
    if (!isRefusal(error)) {
      return { kind: 'unreachable', region: home, error };
    }
    refusal = error;
  }
  const others = REGIONS.filter((region) => region !== home);
  return new Promise((resolve) => {
    let pending = others.length;
    for (const region of others) {
      me(region, 'probe').then(
        (account) => resolve({ kind: 'found', region, account }),
        () => {
          pending--;
          if (pending === 0) {
            resolve({ kind: 'rejected', error: refusal });
          }
        },
      );
    }
  });
}
