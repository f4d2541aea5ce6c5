import { ApiErrorDetails, ApiErrorKind, ClientWarning, MAX_RESPONSE_BYTES, ShapeProblem } from '../../mixpanel/errors';
import { Translate } from '../../shared/l10n';
import { Problem } from '../model/entries';
import { inertText } from './format';

/**
 * The sentences a person reads for what went wrong, with what to do about it: written once,
 * here, through the given `t` (`vscode.l10n.t` in the extension).
 */

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function shapeText(shape: ShapeProblem | undefined, t: Translate): string {
  switch (shape) {
    case 'notAnObject': return t('the response is not a JSON object');
    case 'noResults': return t('the response has no "results"');
    case 'notAListOrPage': return t('"results" is neither a list nor a page');
    case 'dataNotAList': return t('"data" is not a list');
    case 'accountNotAnObject': return t('"results" of /me is not an object');
    case 'importsNotAList': return t('the list of warehouse imports is not a list');
    case 'sourcesNotAList': return t('the list of warehouse sources is not a list');
    case 'runsNotAList': return t('"results.runs" of the import history is not a list');
    case 'connectorUnreadable': return t('the connector could not be read');
    case 'importUnreadable': return t('the warehouse import could not be read');
    default: return t('unexpected content');
  }
}

function configurationText(error: ApiErrorDetails, t: Translate): string {
  switch (error.reason) {
    case 'redirect':
      return t('Mixpanel redirected the request to {0}; credentials are never sent on. Check the region and the API base URL setting.', error.host ?? '?');
    case 'notFoundPage':
      return t('{0} answered 404 with a web page, not Mixpanel\'s API. Check the region and the API base URL setting.', error.url ?? '?');
    case 'brokenPageLink':
      return t('Mixpanel pointed to a next page that does not exist (404): {0}. The list shown may be incomplete.', error.url ?? '?');
    case 'declinedHost':
      return t('The service account is not sent to {0}, which is not a Mixpanel host: you declined it. Clear the API base URL setting, or sign in again to be asked again.', error.host ?? '?');
    default:
      switch (error.unsafe) {
        case 'notAUrl': return t('The API base URL setting is not a URL. Correct it, or clear it to use the region\'s host.');
        case 'credentialsInUrl': return t('Refusing to send credentials to {0}: the API base URL must not contain a user name or password.', error.host ?? '?');
        default: return t('Refusing to send credentials to {0}: only https, or http to this machine, is allowed.', error.host ?? '?');
      }
  }
}

/** The sentence for an error of the Mixpanel client. */
export function describeApiError(error: ApiErrorDetails & { readonly kind: ApiErrorKind }, t: Translate): string {
  const said = error.serverMessage ? ` ${t('Mixpanel says: "{0}"', error.serverMessage)}` : '';
  switch (error.kind) {
    case 'authentication':
      return t('Mixpanel rejected the service account (401). Check its username and secret, or whether it has expired, then sign in again.') + said;
    case 'permission':
      return t('The service account has no access to this (403). Give it a role in the project, or choose another project.') + said;
    case 'notFound':
      return t('Not found (404): {0}.', error.path ?? '') + said;
    case 'rateLimited':
      return error.retryAfterMs !== undefined
        ? t('Mixpanel is limiting the rate of requests (429). Trying again in {0} s.', seconds(error.retryAfterMs))
        : t('Mixpanel is limiting the rate of requests (429). Trying again later.');
    case 'server':
      return t('Mixpanel had a server error ({0}). This is usually temporary; try again in a minute.', error.status ?? 500) + said;
    case 'badRequest':
      return t('Mixpanel refused the request ({0}).', error.status ?? 400) + said;
    case 'network':
      if (error.reason === 'truncated') {
        return t('The connection to Mixpanel at {0} broke off before the answer was complete. Try again; if it keeps happening, check the network or proxy.', error.host ?? '?');
      }
      return t('Could not reach Mixpanel at {0} ({1}). Check the network, proxy, region and API base URL settings.', error.host ?? '?', error.code ?? 'network error');
    case 'timeout':
      return t('Mixpanel did not answer within {0} s. Check the network, or try again.', seconds(error.timeoutMs ?? 0));
    case 'invalidResponse':
      switch (error.reason) {
        case 'html':
          return t('Mixpanel answered with a web page instead of data (HTTP {0}). It may be down or behind a proxy; try again later.', error.status ?? 0);
        case 'notJson':
          return t('Mixpanel answered with something that is not JSON (HTTP {0}).', error.status ?? 0);
        case 'tooLarge':
          return t('Mixpanel\'s answer was too large (over {0} MB) and was not read: {1}.', Math.round(MAX_RESPONSE_BYTES / 1_048_576), error.path ?? '');
        default:
          return t('Mixpanel answered in an unexpected form: {0}.', shapeText(error.shape, t));
      }
    case 'configuration':
      return configurationText(error, t);
    case 'cancelled':
      return t('The request was cancelled.');
  }
}

/** The sentence for a problem kept in the store. */
export function describeProblem(problem: Problem, t: Translate): string {
  switch (problem.kind) {
    case 'unexpected':
      return problem.text ?? t('Something unexpected went wrong; the log says more.');
    case 'credentialsUnreadable':
      return t('VS Code could not read the stored service account ({0}). Sign in again; if that fails too, check the system\'s keyring.', problem.text ?? '?');
    default:
      return describeApiError({ ...problem.details, kind: problem.kind }, t);
  }
}

/** A line for the log about something the client skipped or stopped. */
export function describeWarning(warning: ClientWarning): string {
  if (warning.kind === 'skippedRecord') {
    const why = warning.why === 'notAnObject' ? 'it is not an object' : warning.why === 'noId' ? 'it has no id' : 'it repeats an earlier one';
    return `Skipped ${warning.record} ${warning.index} of ${warning.owner}: ${why}.`;
  }
  if (warning.kind === 'droppedValue') {
    return `Ignored ${warning.field} ${warning.value} of ${warning.record} ${warning.owner}: not one of the documented values.`;
  }
  const why = {
    repeatedPage: `page ${warning.page} repeats an earlier page`,
    notAPath: 'the next page reference is not a path or URL',
    otherOrigin: 'the next page reference is not on the API host',
    pointsBack: 'the server pointed back to a page already read',
    maxPages: `${warning.page} pages read; the list may be incomplete`,
    tooManyRecords: `${warning.page} pages held more records than a list may; the list is cut short`,
    tooManyBytes: `${warning.page} pages held more data than a list may; the list is cut short`,
  }[warning.why];
  return `Stopped paging ${warning.path}: ${why}.`;
}

/** What a refresh that was asked for came to, when it did not succeed; undefined when there is nothing to say (a 401 has its own prompt). */
export function refreshFailure(result: { readonly ok: boolean; readonly authenticationFailed: boolean; readonly problems: ReadonlyArray<{ readonly problem: Problem }> } | 'signedOut', t: Translate): string | undefined {
  if (result === 'signedOut') {
    return t('Sign in to Mixpanel first.');
  }
  if (result.ok || result.authenticationFailed) {
    return undefined;
  }
  const [first] = result.problems;
  return first ? inertText(t('Refreshing failed: {0}', describeProblem(first.problem, t))) : t('Refreshing failed; the log says why.');
}
