import { isPanelSource, MissingMessage, ModelMessage, PanelSource, ReadyMessage, RunDisplayState } from './pageProtocol';

/**
 * Messages between the extension host and the run details page. The page receives only
 * preformatted text and renders it with `textContent`: it never formats, fetches or trusts.
 */

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
