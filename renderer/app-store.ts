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
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onHistory(listener: (update: HistoryUpdate) => void): () => void {
    this.historyListeners.add(listener);
    return () => this.historyListeners.delete(listener);
  }

  onShowItem(listener: (id: string) => void): () => void {
    this.showItemListeners.add(listener);
    return () => this.showItemListeners.delete(listener);
  }
}
