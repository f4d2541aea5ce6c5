import { MissingMessage, ModelMessage, ReadyMessage } from './pageProtocol';

/**
 * Messages between the extension host and the run details page. The page receives only
 * preformatted text and renders it with `textContent`: it never formats, fetches or trusts.
 */

export type RunDisplayState = 'success' | 'failed' | 'running' | 'queued' | 'paused' | 'cancelled' | 'unknown' | 'paused-source' | 'no-runs';

export interface LabelledValue {
  readonly label: string;
  readonly value: string;
  /** Shown on hover, e.g. the UTC form of a local time. */
  readonly title?: string;
}

export interface RunDetailsModel {
  readonly heading: string;
  readonly subheading: string;
  readonly state: RunDisplayState;
  readonly stateText: string;
  /** While running: a fraction in [0, 1] and its text. */
  readonly progress?: { readonly fraction: number; readonly text: string };
  readonly error?: {
    readonly message: string;
    readonly code?: string;
    /** What usually causes this error and what to do, when known. */
    readonly hint?: string;
  };
  /** Said where an error would be when the API gives none (a failed warehouse run). */
  readonly note?: string;
  readonly times: readonly LabelledValue[];
  readonly counters: readonly LabelledValue[];
  readonly source: readonly LabelledValue[];
  readonly rawJson: string;
  /** A line above everything, e.g. that the data is from an earlier session. */
  readonly notice?: string;
  readonly labels: {
    readonly error: string;
    readonly code: string;
    readonly copy: string;
    readonly copied: string;
    readonly hint: string;
    readonly times: string;
    readonly counters: string;
    readonly noCounters: string;
    readonly source: string;
    readonly rawJson: string;
    readonly openInMixpanel: string;
    readonly copySummary: string;
    readonly copyJson: string;
    readonly progress: string;
  };
}

export type HostMessage = ModelMessage<'render', RunDetailsModel, RunPanelState> | MissingMessage<RunPanelState>;

export type PageMessage =
  | ReadyMessage
  | { readonly type: 'copyError' }
  | { readonly type: 'copySummary' }
  | { readonly type: 'copyJson' }
  | { readonly type: 'openInMixpanel' };

/** Which source a page is about: its project, its kind and its id, as the page keeps them. */
export interface PanelSource {
  readonly projectId: number;
  readonly kind: string;
  readonly id: string;
}

export function isPanelSource(value: unknown): value is PanelSource {
  const source = value as Partial<PanelSource> | null;
  return typeof source?.projectId === 'number' && typeof source.kind === 'string' && typeof source.id === 'string';
}

/** What the page keeps with `setState`, so that a reload can find the run again. */
export interface RunPanelState {
  readonly source: PanelSource;
  readonly runKey: string;
}

export function isPageMessage(value: unknown): value is PageMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'ready' || type === 'copyError' || type === 'copySummary' || type === 'copyJson' || type === 'openInMixpanel';
}

export function isRunPanelState(value: unknown): value is RunPanelState {
  const state = value as Partial<RunPanelState> | null;
  return isPanelSource(state?.source) && typeof state.runKey === 'string';
}
