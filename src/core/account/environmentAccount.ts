import { Account } from '../engine/session';

const ENV_USERNAME = 'MIXPANEL_SERVICE_ACCOUNT_USERNAME';
const ENV_SECRET = 'MIXPANEL_SERVICE_ACCOUNT_SECRET';

/**
 * The service account the environment variables name (headless use, CI, the demo), or undefined
 * when either is unset or blank. Every door reads it the same way.
 */
export function environmentAccount(environment: Readonly<Record<string, string | undefined>>): Account | undefined {
  const username = environment[ENV_USERNAME]?.trim();
  const secret = environment[ENV_SECRET]?.trim();
  return username && secret ? { source: 'environment', username, secret } : undefined;
}
