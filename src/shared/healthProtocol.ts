import { isPanelSource, ModelMessage, PanelSource, ReadyMessage, RunDisplayState } from './pageProtocol';

/**
 * Messages between the extension host and the Health page. The page receives text ready to show
 * and numbers ready to draw, and puts text in with `textContent` only.
 */

export type HealthSeverity = 'error' | 'warning' | 'ok';

export interface HealthPageRow {
  /** Stable per source: the page keeps focus on it across redraws. */
  readonly key: string;
  readonly source: PanelSource;
  readonly name: string;
  readonly project: string;
  readonly projectId: number;
  readonly kind: string;
  readonly kindName: string;
  readonly severity: HealthSeverity;
  /** The severity in a word, for screen readers: "Error", "Warning", "Well". */
  readonly severityText: string;
  readonly state: RunDisplayState;
  readonly stateText: string;
  /** The worst finding in a few words, or why nothing is flagged. */
  readonly finding: string;
  /** Every finding's kind, for the filter. */
  readonly findingKinds: readonly string[];
  /** Each finding's sentence and what to do. */
  readonly details: readonly string[];
  /** Each snoozed finding and until when: shown, not counted. */
  readonly snoozed: readonly string[];
  readonly since: string;
  readonly lastSuccess: string;
  readonly nextExpected: string;
  /** The last runs' states, oldest first. */
  readonly strip: readonly RunDisplayState[];
  readonly stripText: string;
  /** Events of the last successful runs, oldest first, and the baseline's band when there is one. */
  readonly trend?: { readonly values: readonly number[]; readonly low?: number; readonly high?: number; readonly median?: number };
  readonly trendText: string;
  readonly successRate: string;
}

export interface HealthModel {
  readonly heading: string;
  readonly summary: string;
  readonly rows: readonly HealthPageRow[];
  readonly filters: {
    readonly projects: ReadonlyArray<{ readonly id: string; readonly name: string }>;
    readonly kinds: ReadonlyArray<{ readonly id: string; readonly name: string }>;
    readonly findings: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  };
  readonly labels: {
    readonly filters: string;
    readonly project: string;
    readonly kind: string;
    readonly finding: string;
    readonly all: string;
    readonly table: string;
    readonly source: string;
    readonly state: string;
    readonly since: string;
    readonly lastSuccess: string;
    readonly nextExpected: string;
    readonly lastRuns: string;
    readonly trend: string;
    readonly successRate: string;
    readonly copyReport: string;
    readonly copied: string;
    /** With `{0}` for the source's name. */
    readonly openOverview: string;
    readonly noMatch: string;
    readonly evidence: string;
  };
}

export type HealthHostMessage = ModelMessage<'health', HealthModel, HealthPanelState> | { readonly type: 'copied' };

/** The page's filters, kept with `setState` across reloads. */
export interface HealthPanelState {
  readonly page: 'health';
}

export type HealthPageMessage =
  | ReadyMessage
  | { readonly type: 'openOverview'; readonly source: PanelSource }
  | { readonly type: 'copyReport' };

export function isHealthPageMessage(value: unknown): value is HealthPageMessage {
  const message = value as { type?: unknown; source?: unknown } | null;
  return message?.type === 'ready' || message?.type === 'copyReport' || (message?.type === 'openOverview' && isPanelSource(message.source));
}
