/**
 * The shape every page's messages share. The host sends a model to draw (or, where the page is
 * about something that can vanish, why there is none), always with the state the page keeps for a
 * reload; the page says when it is ready. `title` is the editor tab's; the page ignores it.
 */

export type ModelMessage<Type extends string, Model, State> = { readonly type: Type; readonly title: string; readonly model: Model; readonly state: State };

export type MissingMessage<State> = { readonly type: 'missing'; readonly title: string; readonly heading: string; readonly message: string; readonly state: State };

export type ReadyMessage = { readonly type: 'ready' };
