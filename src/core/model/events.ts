/** A listener registration that can be undone; the shape of `vscode.Disposable`. */
export interface Disposable {
  dispose(): void;
}

/** The shape of `vscode.Event`, so the VS Code side can subscribe to domain events directly. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/** Where a listener's throw goes: the composition root sends it to the log. */
let reportListenerError: (error: unknown) => void = () => undefined;

/** Sets where the throws of event listeners are reported (once, at activation). */
export function onListenerError(report: (error: unknown) => void): void {
  reportListenerError = report;
}

/**
 * A minimal event emitter for the layers that must not import `vscode`. One listener's throw
 * reaches neither the other listeners nor the code that fired: a broken panel must not keep the
 * store from announcing a failed run.
 */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        try {
          reportListenerError(error);
        } catch {
          // The reporter itself failed: nothing is left to tell.
        }
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
