import { Translate } from '../../shared/l10n';
import { describeProblem } from '../text/errorMessages';
import { isFiltering, SourceFilter } from './filter';
import { formatAge, inertText } from '../text/format';
import { ProjectEntry } from '../model/entries';
import { SessionState } from '../engine/session';

/** What the view shows around its rows: the line above them and the keys for its welcome content. */
export interface ViewState {
  /** One inert line above the rows, or none. */
  readonly message?: string;
  readonly badge?: { readonly value: number; readonly tooltip: string };
  readonly signedIn: boolean;
  readonly hasProjects: boolean;
  /** Nothing to show yet: the welcome view says "Loading". */
  readonly loading: boolean;
  /** Every project failed with nothing to show: the welcome view offers a retry. */
  readonly refreshFailed: boolean;
  readonly needsAttention: boolean;
  readonly filtering: boolean;
}

export interface ViewInput {
  readonly session: SessionState;
  readonly projects: readonly ProjectEntry[];
  readonly filter: SourceFilter;
  /** The filter's sentence, when it filters. */
  readonly filterMessage?: string;
  readonly attentionSources: number;
  readonly now: number;
  readonly t: Translate;
}

export function viewState(input: ViewInput): ViewState {
  const { session, projects, t } = input;
  const emptyAndFailing = projects.find((project) => project.problem && project.sources.length === 0);
  const cached = projects.find((project) => project.fromCache);
  let message: string | undefined;
  if (session.kind === 'misconfigured') {
    message = describeProblem(session.problem, t);
  } else if (cached) {
    message = t('Last known state, updated {0}. Refreshing…', formatAge(cached.lastSuccessAt ?? input.now, input.now, t));
  } else if (emptyAndFailing && projects.length === 1) {
    message = describeProblem(emptyAndFailing.problem!, t);
  } else {
    message = input.filterMessage;
  }
  if (!message && session.kind === 'active' && session.source === 'environment') {
    message = t('Using the service account from environment variables.');
  }
  const failed = input.attentionSources;
  return {
    // The reason may be a server's words: one inert line; the log and the rows have the rest.
    message: message !== undefined ? inertText(message) : undefined,
    badge: failed > 0 ? { value: failed, tooltip: failed === 1 ? t('1 source needs attention') : t('{0} sources need attention', failed) } : undefined,
    signedIn: session.kind === 'active',
    hasProjects: session.projectIds.length > 0,
    loading: projects.length > 0 && projects.every((project) => project.state === 'loading'),
    refreshFailed: projects.length > 0 && projects.every((project) => project.problem !== undefined && project.sources.length === 0),
    needsAttention: input.filter.needsAttention,
    filtering: isFiltering(input.filter),
  };
}
