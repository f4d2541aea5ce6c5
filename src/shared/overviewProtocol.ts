import { isPanelSource, MissingMessage, ModelMessage, PanelSource, ReadyMessage, RunDisplayState } from './pageProtocol';

/**
 * Messages between the extension host and a source's overview page. As with the run page, the
 * page receives text that is ready to show and numbers that are ready to draw; it puts text in with
 * `textContent` only.
 */

export interface OverviewBar {
  readonly runKey: string;
  readonly state: RunDisplayState;
  /** The bar's height: the run's duration, or how long it has run so far. */
  readonly durationMs: number;
  /** Still going: the bar grows with each update. */
  readonly live: boolean;
  readonly events?: number;
  /** What hovering or focusing the bar tells: start, state, duration, events (and why it is flagged). */
  readonly description: string;
  /** Health flagged this run (it hangs, or its volume is outside the baseline's band). */
  readonly flagged?: boolean;
}

export interface OverviewTick {
  readonly value: number;
  readonly label: string;
}

export interface OverviewFigure {
  readonly id: 'successRate' | 'medianDuration' | 'slowest' | 'medianEvents' | 'lastFailure';
  readonly label: string;
  readonly value: string;
  readonly detail: string;
}

export interface OverviewRow {
  readonly runKey: string;
  readonly state: RunDisplayState;
  readonly started: string;
  readonly stateText: string;
  readonly duration: string;
  readonly events: string;
  readonly error: string;
}

export interface OverviewModel {
  readonly heading: string;
  readonly subheading: string;
  /** A line above everything, e.g. that the data is from an earlier session. */
  readonly notice?: string;
  /** Oldest first, as they go along the time axis. */
  readonly bars: readonly OverviewBar[];
  readonly durationAxis: { readonly max: number; readonly ticks: readonly OverviewTick[] };
  /** Absent when no run reports imported events. */
  readonly eventsAxis?: { readonly max: number; readonly ticks: readonly OverviewTick[] };
  /** The usual events per run (median ± three robust deviations of the recent successes), when there are enough of them. */
  readonly eventsBand?: { readonly low: number; readonly high: number };
  /** How far back the runs shown reach, with what the extension kept beyond Mixpanel's last 30. */
  readonly historyNote?: string;
  /** Under the first and the last bar. */
  readonly timeLabels: { readonly first: string; readonly last: string };
  readonly figures: readonly OverviewFigure[];
  /** Newest first, like the tree. */
  readonly rows: readonly OverviewRow[];
  readonly legend: ReadonlyArray<{ readonly state: RunDisplayState; readonly text: string }>;
  readonly labels: {
    readonly chart: string;
    /** For screen readers: what the chart shows, in one sentence. */
    readonly chartSummary: string;
    readonly duration: string;
    readonly events: string;
    readonly figures: string;
    readonly table: string;
    readonly started: string;
    readonly state: string;
    readonly error: string;
    readonly open: string;
    readonly noRuns: string;
    readonly band: string;
    readonly flagged: string;
  };
}

/** Which source a panel shows; kept by the page with `setState` so that a reload finds it again. */
export interface OverviewPanelState {
  readonly source: PanelSource;
}

export type OverviewHostMessage = ModelMessage<'overview', OverviewModel, OverviewPanelState> | MissingMessage<OverviewPanelState>;

export type OverviewPageMessage =
  | ReadyMessage
  | { readonly type: 'openRun'; readonly runKey: string };

export function isOverviewPageMessage(value: unknown): value is OverviewPageMessage {
  const message = value as { type?: unknown; runKey?: unknown } | null;
  return message?.type === 'ready' || (message?.type === 'openRun' && typeof message.runKey === 'string');
}

export function isOverviewPanelState(value: unknown): value is OverviewPanelState {
  const state = value as Partial<OverviewPanelState> | null;
  return isPanelSource(state?.source);
}
