import { isApiError } from '../mixpanel/errors';
import { AccountInfo, Region, REGIONS } from '../mixpanel/types';

export type RegionDetection =
  | { readonly kind: 'found'; readonly region: Region; readonly account: AccountInfo }
  /** Several hosts accept the account: the user says which one holds the projects. */
  | { readonly kind: 'several'; readonly accounts: ReadonlyMap<Region, AccountInfo> }
  /** No host accepted it: the most telling error (a refusal of the credentials before a network fault). */
  | { readonly kind: 'none'; readonly error: unknown };

/** How telling an error is about the account: a 401 says more than a network fault. */
function weight(error: unknown): number {
  if (!isApiError(error)) {
    return 0;
  }
  return error.kind === 'authentication' ? 3 : error.kind === 'permission' ? 2 : 1;
}

/**
 * Asks `/me` on the US, EU and India hosts at once and keeps those that accept the account. A
 * service account belongs to one data residency region, so one answer is the usual case.
 */
export async function detectRegion(me: (region: Region) => Promise<AccountInfo>): Promise<RegionDetection> {
  const outcomes = await Promise.allSettled(REGIONS.map((region) => me(region)));
  const accepted = new Map<Region, AccountInfo>();
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') {
      accepted.set(REGIONS[index], outcome.value);
    }
  });
  if (accepted.size === 1) {
    const [[region, account]] = accepted;
    return { kind: 'found', region, account };
  }
  if (accepted.size > 1) {
    return { kind: 'several', accounts: accepted };
  }
  const errors = outcomes.map((outcome) => (outcome as PromiseRejectedResult).reason);
  return { kind: 'none', error: errors.reduce((best, error) => weight(error) > weight(best) ? error : best) };
}
