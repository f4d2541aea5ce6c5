import { UnsafeUrlProblem } from './errors';
import { Region } from './types';

/**
 * Every Mixpanel address the extension knows, in one place: Mixpanel moves its web pages from
 * time to time, and the API hosts differ per data residency region.
 */

const API_BASE_URLS: Record<Region, string> = {
  us: 'https://mixpanel.com/api/app',
  eu: 'https://eu.mixpanel.com/api/app',
  in: 'https://in.mixpanel.com/api/app',
};

const WEB_ORIGINS: Record<Region, string> = {
  us: 'https://mixpanel.com',
  eu: 'https://eu.mixpanel.com',
  in: 'https://in.mixpanel.com',
};

export function apiBaseUrlFor(region: Region): string {
  return API_BASE_URLS[region];
}

/**
 * The host of a base URL that is neither one of Mixpanel's API hosts nor this machine, so that
 * sending credentials there needs the user's word; undefined when no one needs to be asked.
 */
export function hostNeedingConsent(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const mixpanelOrigins = Object.values(API_BASE_URLS).map((base) => new URL(base).origin);
  if (mixpanelOrigins.includes(url.origin) || isLoopback(url.hostname)) {
    return undefined;
  }
  return url.host;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Why a base URL may not receive credentials, or undefined when it may: https anywhere, plain
 * http only to this machine (tests, a local proxy), and never a URL that carries a password.
 */
export function unsafeBaseUrl(baseUrl: string): { problem: UnsafeUrlProblem; host?: string } | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { problem: 'notAUrl' };
  }
  if (url.username || url.password) {
    return { problem: 'credentialsInUrl', host: url.hostname };
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) {
    return undefined;
  }
  return { problem: 'notHttps', host: `${url.protocol}//${url.host}` };
}

/**
 * Pages of the Mixpanel web app a user may want to open. Imports and warehouse sources live under
 * Project Settings; the web app has no page per connector run, so runs link to their project's.
 */
export const webLinks = {
  projectSettings(region: Region, projectId: number): string {
    return `${WEB_ORIGINS[region]}/settings/project/${projectId}`;
  },
};
