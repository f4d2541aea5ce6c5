import { Run, RunStatus } from '../../mixpanel/types';
import { Translate } from '../../shared/l10n';
import { formatAge, formatPercent, TimeFormatOptions } from './format';

/**
 * A run's state in words and as an icon: what every kind of source and every view says the same
 * way. All text goes through the given `t`.
 */

export interface PresentOptions extends TimeFormatOptions {
  readonly t: Translate;
  readonly now: number;
}

/** A codicon with the theme colour that tints it. */
export interface StatusIcon {
  readonly id: string;
  readonly color?: string;
}

/** What a source's row shows: its newest run's state, or that the source itself is paused, or that it has not run. */
export type DisplayState = RunStatus | 'paused-source' | 'no-runs';

/**
 * Colours that hold 3:1 against the side bar in the light, dark and high-contrast themes (the UI
 * tests measure it): the test explorer's green and yellow fall to about 1.9:1 and 2.2:1 on a light
 * side bar, so success takes the charts' green and queued the description colour.
 */
const ICONS: Record<DisplayState, StatusIcon> = {
  success: { id: 'pass', color: 'charts.green' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  running: { id: 'sync~spin' },
  queued: { id: 'clock', color: 'descriptionForeground' },
  paused: { id: 'debug-pause' },
  'paused-source': { id: 'debug-pause' },
  cancelled: { id: 'circle-slash', color: 'testing.iconSkipped' },
  unknown: { id: 'question' },
  'no-runs': { id: 'circle-outline', color: 'descriptionForeground' },
};

export function statusIcon(state: DisplayState): StatusIcon {
  return ICONS[state];
}

/** The state in words, for descriptions and screen readers. */
export function stateWord(state: DisplayState, t: Translate): string {
  switch (state) {
    case 'success': return t('succeeded');
    case 'failed': return t('failed');
    case 'running': return t('running');
    case 'queued': return t('queued');
    case 'paused': return t('paused');
    case 'paused-source': return t('paused');
    case 'cancelled': return t('cancelled');
    case 'no-runs': return t('no runs yet');
    case 'unknown': return t('unknown state');
  }
}

/** The state of a run, with the server's own word for a state the extension does not know. */
export function runStateWord(run: Run, t: Translate): string {
  return run.status === 'unknown' && run.rawStatus ? t('unknown state "{0}"', run.rawStatus) : stateWord(run.status, t);
}

/** A progress as a whole percentage from 0 to 100; undefined for none, or for one no one can read. */
export function wholePercent(progress: number | undefined): number | undefined {
  return progress !== undefined && Number.isFinite(progress) ? Math.round(Math.min(1, Math.max(0, progress)) * 100) : undefined;
}

/** The newest run in a few words: "running 25%", "failed · 2 h ago". */
export function latestRunText(run: Run, options: PresentOptions): string {
  const { t } = options;
  if (run.status === 'running' && run.progress !== undefined) {
    return `${stateWord('running', t)} ${formatPercent(run.progress, t)}`;
  }
  const when = run.endTime ?? run.startTime;
  return when !== undefined ? `${runStateWord(run, t)} · ${formatAge(when, options.now, t)}` : runStateWord(run, t);
}

/** "running, 25 percent" for a screen reader, else the state's word. */
export function spokenState(state: DisplayState, run: Run | undefined, t: Translate): string {
  const percent = wholePercent(run?.progress);
  return state === 'running' && percent !== undefined ? t('running, {0} percent', percent) : stateWord(state, t);
}
