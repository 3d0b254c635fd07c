import type { AppState, EchoTrayApi, HistoryUpdate, PushMap } from '../app/bridge/contract.js';

export type StateListener = (state: AppState, previous: AppState) => void;

/**
 * The window's copy of AppState, kept current by the pushes. Views read `state` and subscribe;
 * history pages are not here (HistoryModel pages them), only the unread count.
 */
export class AppStore {
  private current: AppState;
  private readonly listeners = new Set<StateListener>();
  private readonly historyListeners = new Set<(update: HistoryUpdate) => void>();
  private readonly showItemListeners = new Set<(id: string) => void>();
  /** While `collect` runs: the unsubscribes of what subscribes. */
  private collecting: Array<() => void> | null = null;

  private constructor(readonly api: EchoTrayApi, initial: AppState) {
    this.current = initial;
  }

  /** Subscribes to every push first, then asks for the state, so nothing falls in between. */
  static async connect(api: EchoTrayApi): Promise<AppStore> {
    const early: Array<(store: AppStore) => void> = [];
    let store: AppStore | undefined;
    const route = <K extends keyof PushMap>(channel: K, apply: (s: AppStore, ...args: PushMap[K]) => void): void => {
      api.on(channel, (...args: PushMap[K]) => {
        if (store) apply(store, ...args);
        else early.push((s) => apply(s, ...args));
      });
    };
    route('push:connection', (s, connection) => s.patch({ connection }));
    route('push:channels', (s, channels) => s.patch({ channels }));
    route('push:session', (s, session) => s.patch({ session }));
    route('push:settings', (s, settings) => s.patch({ settings }));
    route('push:quiet', (s, quiet) => s.patch({ quiet }));
    route('push:history', (s, update) => {
      s.patch({ unread: update.unread });
      for (const listener of s.historyListeners) listener(update);
    });
    route('push:show-item', (s, id) => {
      for (const listener of s.showItemListeners) listener(id);
    });
    store = new AppStore(api, await api.invoke('app:state'));
    for (const replay of early) replay(store);
    return store;
  }

  get state(): AppState {
    return this.current;
  }

  patch(change: Partial<AppState>): void {
    const previous = this.current;
    this.current = { ...previous, ...change };
    for (const listener of this.listeners) listener(this.current, previous);
  }

  subscribe(listener: StateListener): () => void {
    return this.track(this.listeners, listener);
  }

  onHistory(listener: (update: HistoryUpdate) => void): () => void {
    return this.track(this.historyListeners, listener);
  }

  onShowItem(listener: (id: string) => void): () => void {
    return this.track(this.showItemListeners, listener);
  }

  /**
   * Builds views and remembers what they subscribed to while being built, so that all of it can
   * be dropped at once (the window is rebuilt when the language changes).
   */
  collect<T>(build: () => T): { readonly value: T; dispose(): void } {
    const outer = this.collecting;
    const unsubscribes: Array<() => void> = [];
    this.collecting = unsubscribes;
    try {
      const value = build();
      return { value, dispose: () => unsubscribes.forEach((off) => off()) };
    } finally {
      this.collecting = outer;
    }
  }

  private track<L>(set: Set<L>, listener: L): () => void {
    set.add(listener);
    const off = (): void => void set.delete(listener);
    this.collecting?.push(off);
    return off;
  }
}
