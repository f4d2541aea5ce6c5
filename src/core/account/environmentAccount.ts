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

/**
 * The environment a command-line door is started with to act as the session does: the account,
 * its region, where requests go and which projects are watched. Only for a process about to start
 * (an MCP server VS Code resolves): the secret is in it.
 */
export function accountEnvironment(account: Pick<Account, 'username' | 'secret'>, where: { readonly region: string; readonly apiBaseUrl: string; readonly projectIds: readonly number[] }): Record<string, string> {
  return {
    [ENV_USERNAME]: account.username,
    [ENV_SECRET]: account.secret,
    MIXPANEL_REGION: where.region,
    ...(where.apiBaseUrl.trim() !== '' ? { MIXPANEL_API_BASE_URL: where.apiBaseUrl.trim() } : {}),
    ...(where.projectIds.length > 0 ? { MIXPANEL_PROJECT_IDS: where.projectIds.join(',') } : {}),
  };
}
