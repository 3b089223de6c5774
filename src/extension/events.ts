/**
 * A minimal event emitter in the shape of vscode.EventEmitter (`event` to subscribe, `fire` to
 * announce), without the `vscode` module, so the document record and its tests run in plain Node.
 */
import type { IDisposable } from './dispose';

/** Subscribes a listener; disposing the result unsubscribes it. */
export type Event<T> = (listener: (e: T) => unknown) => IDisposable;

export class Emitter<T> implements IDisposable {
  /** One entry per subscription (the same function may subscribe twice); copied on change, so firing is stable. */
  private listeners: { call: (e: T) => unknown }[] = [];
  private disposed = false;

  readonly event: Event<T> = (listener) => {
    if (this.disposed) return { dispose: () => undefined };
    const entry = { call: listener };
    this.listeners = [...this.listeners, entry];
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== entry);
      },
    };
  };

  /** Calls every listener with `e`, in the order they subscribed; one that throws does not stop the others. */
  fire(e: T): void {
    let failure: unknown;
    for (const listener of this.listeners) {
      try {
        listener.call(e);
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
