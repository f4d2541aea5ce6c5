/**
 * What every page's protocol shares: the shape of its messages (the host sends a model to draw or,
 * where the page is about something that can vanish, why there is none, always with the state the
 * page keeps for a reload; the page says when it is ready; `title` is the editor tab's and the page
 * ignores it), a run's state as shown, and which source a page is about.
 */

export type ModelMessage<Type extends string, Model, State> = { readonly type: Type; readonly title: string; readonly model: Model; readonly state: State };

export type MissingMessage<State> = { readonly type: 'missing'; readonly title: string; readonly heading: string; readonly message: string; readonly state: State };

export type ReadyMessage = { readonly type: 'ready' };

/** A run's or a source's state as a page shows it: its icon and its word. */
export type RunDisplayState = 'success' | 'failed' | 'running' | 'queued' | 'paused' | 'cancelled' | 'unknown' | 'paused-source' | 'no-runs';

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
