import { webLinks } from '../../mixpanel/endpoints';
import { Region } from '../../mixpanel/types';
import { refOf } from '../model/source';
import { PresentOptions } from '../text/runWords';
import { findingAdvice, findingEndedSentence, findingSentence, findingShort } from './healthWords';
import { compareFindings } from './judgement';
import { FindingChange, OpenFinding } from './watchState';

/**
 * A change in health as a message for people (Slack) and for programs (any webhook): what needs
 * attention first, each finding's evidence and what to do, then what is back to normal. Names and
 * project names are the API's text: in Slack they are escaped and sent verbatim, so they make no
 * link, mention or markup; links are made only from the region and the project's number.
 */

export const ALERT_SCHEMA = 'mixpanel-imports/alert';
export const ALERT_VERSION = 1;

/** Findings listed one by one; the rest are counted. Slack takes at most 50 blocks. */
const MAX_LISTED = 20;

export interface AlertOptions extends PresentOptions {
  readonly region: Region;
}

export interface AlertFinding {
  readonly source: OpenFinding['source'];
  readonly name: string;
  readonly project: string;
  readonly projectUrl: string;
  readonly finding: string;
  readonly severity: 'warning' | 'error';
  readonly since: string;
  readonly title: string;
  readonly evidence: string;
  readonly advice: string;
}

export interface AlertRecovery {
  readonly source: OpenFinding['source'];
  readonly name: string;
  readonly project: string;
  readonly projectUrl: string;
  readonly finding: string;
  readonly message: string;
}

/** The JSON body a webhook receives (documented in the README and docs/cli/alert.schema.json). */
export interface AlertBody {
  readonly schema: typeof ALERT_SCHEMA;
  readonly version: typeof ALERT_VERSION;
  readonly sentAt: string;
  readonly summary: string;
  readonly started: readonly AlertFinding[];
  readonly ended: readonly AlertRecovery[];
}

/** Whether a change is worth a message: something started or ended. */
export function hasNews(change: Pick<FindingChange, 'started' | 'ended'>): boolean {
  return change.started.length > 0 || change.ended.length > 0;
}

function worstFirst(started: readonly OpenFinding[]): OpenFinding[] {
  return [...started].sort((a, b) => compareFindings(a.finding, b.finding) || a.name.localeCompare(b.name));
}

/** "2 sources need attention; 1 is back to normal." */
export function alertSummary(change: Pick<FindingChange, 'started' | 'ended'>, options: PresentOptions): string {
  const { t } = options;
  const sources = new Set(change.started.map((open) => JSON.stringify(open.source))).size;
  const recovered = new Set(change.ended.map((open) => JSON.stringify(open.source))).size;
  const parts = [
    ...(sources > 0 ? [sources === 1 ? t('1 source needs attention') : t('{0} sources need attention', sources)] : []),
    ...(recovered > 0 ? [recovered === 1 ? t('1 is back to normal') : t('{0} are back to normal', recovered)] : []),
  ];
  return `${parts.join('; ')}.`;
}

export function alertBody(change: Pick<FindingChange, 'started' | 'ended'>, options: AlertOptions): AlertBody {
  const { t } = options;
  const url = (open: OpenFinding) => webLinks.projectSettings(options.region, open.source.projectId);
  return {
    schema: ALERT_SCHEMA,
    version: ALERT_VERSION,
    sentAt: new Date(options.now).toISOString(),
    summary: alertSummary(change, options),
    started: worstFirst(change.started).map((open) => ({
      source: refOf(open.source), name: open.name, project: open.project, projectUrl: url(open),
      finding: open.finding.kind, severity: open.finding.severity, since: new Date(open.finding.since).toISOString(),
      title: findingShort(open.finding, options), evidence: findingSentence(open.finding, options), advice: findingAdvice(open.finding, options),
    })),
    ended: change.ended.map((open) => ({
      source: refOf(open.source), name: open.name, project: open.project, projectUrl: url(open),
      finding: open.finding.kind, message: findingEndedSentence(open.finding, open.name, t),
    })),
  };
}

/** Text for Slack's markup that is only text: its three control characters escaped, as Slack asks. */
export function slackInert(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface SlackBlock {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Slack's incoming webhook message: Block Kit, with a plain summary for notifications. */
export function slackMessage(change: Pick<FindingChange, 'started' | 'ended'>, options: AlertOptions): { text: string; blocks: SlackBlock[] } {
  const { t } = options;
  const body = alertBody(change, options);
  // verbatim: Slack makes no links, channel names or mentions of the text by itself.
  const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } });
  const link = (url: string, label: string) => `<${url}|${slackInert(label)}>`;
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: t('Mixpanel import health'), emoji: false } }, section(slackInert(body.summary))];
  for (const item of body.started.slice(0, MAX_LISTED)) {
    const icon = item.severity === 'error' ? ':red_circle:' : ':warning:';
    blocks.push(section([
      `${icon} *${slackInert(item.name)}* (${slackInert(item.project)}): ${slackInert(item.title)}`,
      slackInert(item.evidence),
      `_${slackInert(t('What to do:'))}_ ${slackInert(item.advice)}`,
      link(item.projectUrl, t('Open the project in Mixpanel')),
    ].join('\n')));
  }
  if (body.started.length > MAX_LISTED) {
    blocks.push(section(slackInert(t('…and {0} more findings.', body.started.length - MAX_LISTED))));
  }
  if (body.ended.length > 0) {
    blocks.push({ type: 'divider' });
    const listed = body.ended.slice(0, MAX_LISTED).map((item) => `:white_check_mark: ${slackInert(item.message)}`);
    const more = body.ended.length > MAX_LISTED ? [slackInert(t('…and {0} more.', body.ended.length - MAX_LISTED))] : [];
    blocks.push(section([...listed, ...more].join('\n')));
  }
  return { text: slackInert(body.summary), blocks };
}
