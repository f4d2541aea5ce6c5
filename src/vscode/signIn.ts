import * as vscode from 'vscode';
import { inertText, TextLimit } from '../core/format';
import { describeApiError } from '../core/errorMessages';
import { detectRegion } from '../core/regionDetection';
import { Session } from '../core/session';
import { isApiError } from '../mixpanel/errors';
import { AccountInfo, Region, ServiceAccount } from '../mixpanel/types';
import { Command } from '../shared/contextValues';
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

interface RegionItem extends vscode.QuickPickItem {
  readonly region: Region;
}

function regionItems(): RegionItem[] {
  const t = vscode.l10n.t;
  return [
    { label: t('United States'), description: 'mixpanel.com', region: 'us' },
    { label: t('European Union'), description: 'eu.mixpanel.com', region: 'eu' },
    { label: t('India'), description: 'in.mixpanel.com', region: 'in' },
  ];
}

async function askRegion(current: Region, among: readonly Region[]): Promise<Region | undefined> {
  const items = regionItems().filter((item) => among.includes(item.region));
  const picked = await vscode.window.showQuickPick(items.map((item) => ({ ...item, picked: item.region === current })), {
    title: vscode.l10n.t('Sign In to Mixpanel: Data Residency'),
    placeHolder: vscode.l10n.t('The account is known in several regions. Where is the projects\' data stored?'),
    ignoreFocusOut: true,
  });
  return picked?.region;
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
 * Finds where the account lives: with an API base URL, that address (in the region set); else
 * `/me` on the three regions' hosts at once, asking only when several accept it.
 */
async function checkAccount(deps: SignInDependencies, account: ServiceAccount): Promise<{ region: Region; info: AccountInfo } | undefined> {
  const { apiBaseUrl, region: current } = deps.session.settings;
  // Signing in on purpose: a host declined before is asked about again.
  const me = async (region: Region) => (await deps.clients.create(account, { region, apiBaseUrl }, { askAgain: true })).me();
  if (apiBaseUrl) {
    return { region: current, info: await withCheckProgress(me(current)) };
  }
  const found = await withCheckProgress(detectRegion(me));
  if (found.kind === 'found') {
    return { region: found.region, info: found.account };
  }
  if (found.kind === 'none') {
    throw found.error;
  }
  const region = await askRegion(current, [...found.accounts.keys()]);
  return region === undefined ? undefined : { region, info: found.accounts.get(region)! };
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
      const checked = await checkAccount(deps, account);
      if (!checked) {
        return false;
      }
      ({ region, info } = checked);
    } catch (error) {
      const message = isApiError(error) ? describeApiError(error, t) : String(error);
      deps.log.warn(`Sign-in check failed: ${message}`);
      const tryAgain = t('Try Again');
      const choice = await vscode.window.showErrorMessage(inertText(t('Signing in failed. {0}', message)), tryAgain);
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
