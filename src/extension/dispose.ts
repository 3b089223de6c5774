/**
 * The one idiom for releasing what a class holds: it extends Disposable and passes each listener,
 * emitter or watcher it creates through `_register`; `dispose()` releases them all, newest first,
 * once. A DisposableStore does the same for a group that is released and refilled (a panel's
 * listeners). No `vscode` import: VS Code's disposables fit the interface, and the pure parts of
 * the extension (the document record) use it in Node tests too.
 */

/** Anything with a dispose() method (a vscode.Disposable fits). */
export interface IDisposable {
  dispose(): unknown;
}

/** A group of disposables released together; it can be cleared and filled again until it is disposed. */
export class DisposableStore implements IDisposable {
  private items: IDisposable[] = [];
  private disposed = false;

  /** Keeps `d` to release later (at once if the store is already disposed) and returns it. */
  add<T extends IDisposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.push(d);
    return d;
  }

  /** Releases everything added so far, newest first; the store stays usable. */
  clear(): void {
    const items = this.items;
    this.items = [];
    let failure: unknown;
    for (let i = items.length - 1; i >= 0; i--) {
      try {
        items[i].dispose();
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure !== undefined) throw failure;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}

/** Base class of everything in the extension that holds disposables. */
export abstract class Disposable implements IDisposable {
  private readonly registered = new DisposableStore();

  /** Keeps `d` until this object is disposed, and returns it. */
  protected _register<T extends IDisposable>(d: T): T {
    return this.registered.add(d);
  }

  dispose(): void {
    this.registered.dispose();
  }
}
