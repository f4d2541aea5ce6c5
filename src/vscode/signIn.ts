import * as vscode from 'vscode';
import { inertText, TextLimit } from '../core/text/format';
import { describeApiError } from '../core/text/errorMessages';
import { AskMode, detectRegion } from '../core/account/regionDetection';
import { Session } from '../core/engine/session';
import { isApiError } from '../mixpanel/errors';
import { AccountInfo, Region, ServiceAccount } from '../mixpanel/types';
import { Command } from '../shared/ids';
import { ClientFactory } from './clients';
import { CredentialStore } from './credentials';
import { SessionBinding } from './sessionBinding';
import { updateSetting } from './settings';

export interface SignInDependencies {
  readonly credentials: CredentialStore;
  readonly session: Session;
  readonly binding: SessionBinding;
  readonly clients: ClientFactory;
  readonly log: vscode.LogOutputChannel;
}

function regionName(region: Region): string {
  const t = vscode.l10n.t;
  return region === 'eu' ? t('the European Union') : region === 'in' ? t('India') : t('the United States');
}

/** Lets the user pick projects from `/me`, or type ids when `/me` lists none. */
export async function pickProjects(account: AccountInfo | undefined, current: readonly number[]): Promise<number[] | undefined> {
  const t = vscode.l10n.t;
  if (account && account.projects.length > 0) {
    const organization = (id: number | undefined) => id !== undefined ? account.organizations.get(id) : undefined;
    const items = account.projects.map((project) => ({
      label: inertText(project.name, TextLimit.pickLabel),
      description: String(project.id),
      detail: organization(project.organizationId) !== undefined ? inertText(organization(project.organizationId)!, TextLimit.pickDetail) : undefined,
      picked: current.includes(project.id),
      id: project.id,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: t('Mixpanel Projects to Watch'),
      placeHolder: t('Choose one or more projects'),
      canPickMany: true,
      ignoreFocusOut: true,
      matchOnDescription: true,
    });
    return picked && picked.length > 0 ? picked.map((item) => item.id) : undefined;
  }
  const typed = await vscode.window.showInputBox({
    title: t('Mixpanel Projects to Watch'),
    prompt: t('The service account lists no projects. Enter project ids, separated by commas (Project Settings shows them).'),
    value: current.join(', '),
    ignoreFocusOut: true,
    validateInput: (value) => /^\s*\d+(\s*,\s*\d+)*\s*$/.test(value) ? undefined : t('Enter numbers separated by commas, e.g. 1234567'),
  });
  return typed === undefined ? undefined : [...new Set(typed.split(',').map((part) => Number(part.trim())))];
}

/**
 * Finds where the account lives: with an API base URL, that address (in the region set); else the
 * region set first and, only if it refuses the account, the other regions briefly.
 */
async function checkAccount(deps: SignInDependencies, account: ServiceAccount): Promise<{ region: Region; info: AccountInfo }> {
  const { apiBaseUrl, region: home } = deps.session.settings;
  // Signing in on purpose: a host declined before is asked about again.
  const me = async (region: Region, mode: AskMode = 'full') =>
    (await deps.clients.create(account, { region, apiBaseUrl }, { askAgain: true, probe: mode === 'probe' })).me();
  if (apiBaseUrl) {
    return { region: home, info: await withCheckProgress(me(home)) };
  }
  const found = await withCheckProgress(detectRegion(home, me));
  switch (found.kind) {
    case 'found':
      return { region: found.region, info: found.account };
    case 'rejected':
      throw found.error;
    case 'unreachable':
      throw new UnreachableRegion(found.region, found.error);
  }
}

/** The home region failed for a reason other than the credentials. */
class UnreachableRegion extends Error {
  constructor(readonly region: Region, readonly cause: unknown) {
    super('unreachable');
  }
}

function checkFailure(error: unknown): string {
  const t = vscode.l10n.t;
  if (error instanceof UnreachableRegion) {
    const reason = isApiError(error.cause) ? describeApiError(error.cause, t) : String(error.cause);
    return t('Could not check the service account with Mixpanel in {0}: {1}', regionName(error.region), reason);
  }
  return t('Signing in failed. {0}', isApiError(error) ? describeApiError(error, t) : String(error));
}

function withCheckProgress<T>(work: Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the service account with Mixpanel…') }, () => work);
}

/**
 * Username and secret; a `/me` check that also finds the data residency region; then projects.
 * Nothing is stored until Mixpanel accepted the credentials; wrong ones get a clear message and
 * a second chance.
 */
export async function signIn(deps: SignInDependencies): Promise<boolean> {
  const t = vscode.l10n.t;
  const state = deps.session.state;
  let username = state.kind !== 'signedOut' && state.source === 'secretStorage' ? state.username : '';
  for (;;) {
    const typedUsername = await vscode.window.showInputBox({
      title: t('Sign In to Mixpanel (1/2): Service Account'),
      prompt: t('The service account\'s username, from Organization Settings → Service Accounts.'),
      placeHolder: 'name.a1b2c3.mp-service-account',
      value: username,
      ignoreFocusOut: true,
      validateInput: (value) => value.trim() ? undefined : t('Enter the service account username.'),
    });
    if (typedUsername === undefined) {
      return false;
    }
    username = typedUsername.trim();
    const secret = await vscode.window.showInputBox({
      title: t('Sign In to Mixpanel (2/2): Secret'),
      prompt: t('The service account\'s secret. It is kept in VS Code\'s secret storage only.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => value.trim() ? undefined : t('Enter the service account secret.'),
    });
    if (secret === undefined) {
      return false;
    }
    const account: ServiceAccount = { username, secret: secret.trim() };
    let region: Region;
    let info: AccountInfo;
    try {
      ({ region, info } = await checkAccount(deps, account));
    } catch (error) {
      const message = checkFailure(error);
      deps.log.warn(`Sign-in check failed: ${message}`);
      const tryAgain = t('Try Again');
      const choice = await vscode.window.showErrorMessage(inertText(message), tryAgain);
      if (choice === tryAgain) {
        continue;
      }
      return false;
    }
    deps.log.info(`Signed in as ${username} in region ${region}; the account sees ${info.projects.length} project(s).`);
    const projects = await pickProjects(info, deps.session.settings.projectIds);
    await updateSetting('region', region);
    if (projects) {
      await updateSetting('projectIds', projects);
    }
    // Stored last: the session starts once, with the region and projects already in place.
    await deps.credentials.store(account);
    await deps.binding.restart();
    return true;
  }
}

/** One prompt, however many requests were refused: polling has stopped until the user acts. */
export async function promptToSignInAgain(session: Session, log: vscode.LogOutputChannel): Promise<void> {
  const t = vscode.l10n.t;
  const state = session.state;
  const fromEnvironment = state.kind !== 'signedOut' && state.source === 'environment';
  const message = fromEnvironment
    ? t('Mixpanel rejected the service account from MIXPANEL_SERVICE_ACCOUNT_USERNAME (401). Check the environment variables, or sign in with other credentials.')
    : t('Mixpanel rejected the stored service account (401): its secret may have been rotated or the account may have expired. Automatic refresh is paused.');
  const signIn = t('Sign In');
  const showLog = t('Show Log');
  const choice = await vscode.window.showErrorMessage(message, signIn, showLog);
  if (choice === signIn) {
    await vscode.commands.executeCommand(Command.signIn);
  } else if (choice === showLog) {
    log.show();
  }
}
