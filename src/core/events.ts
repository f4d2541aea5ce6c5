/** A listener registration that can be undone; the shape of `vscode.Disposable`. */
export interface Disposable {
  dispose(): void;
}

/** The shape of `vscode.Event`, so the VS Code side can subscribe to domain events directly. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/** A minimal event emitter for the layers that must not import `vscode`. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      listener(value);
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
