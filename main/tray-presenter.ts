import type { ConnectionStatus, HistoryEntry, SessionView, Settings } from '../app/bridge/contract.js';
import type { Clock } from '../app/util/clock.js';
import type { Translator } from '../app/i18n/index.js';
import { nextSilenceChange, silenceAt } from '../app/desktop/quiet-time.js';
import { RECENT_IN_MENU, trayMenu, type TrayAction, type TrayMenuEntry } from '../app/desktop/tray-menu.js';
import { trayView, type TrayState } from '../app/desktop/tray-state.js';
import type { MenuBuilder, MenuItemConstructorOptions, TrayConstructor, TrayPort } from './electron-ports.js';

/** What the tray reads from the app controller. */
export interface TraySource {
  readonly connectionStatus: ConnectionStatus;
  readonly sessionState: SessionView;
  readonly settings: Settings;
  /** The app's language now (follows the language setting). */
  readonly translator: Translator;
  unreadCount(): number;
  recent(count: number): readonly HistoryEntry[];
}

export interface TrayPresenterDeps<M> {
  readonly Tray: TrayConstructor<M>;
  readonly Menu: MenuBuilder<M>;
  readonly iconFor: (state: TrayState) => string;
  readonly productName: string;
  readonly source: TraySource;
  readonly clock: Clock;
  readonly onAction: (action: TrayAction) => void;
}

/** Re-check at least this often, so a changed wall clock (DST, sleep) cannot leave a stale icon for long. */
const MAX_RECHECK_MS = 60 * 60 * 1000;

export function menuTemplate(entries: readonly TrayMenuEntry[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return entries.map((entry): MenuItemConstructorOptions => {
    switch (entry.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: entry.label, enabled: false };
      case 'submenu':
        return { label: entry.label, submenu: menuTemplate(entry.entries, onAction) };
      case 'action':
        return { label: entry.label, enabled: entry.enabled, click: () => onAction(entry.action) };
    }
  });
}

/**
 * The tray icon: its image follows the tray state and is only set when the state changes; the
 * tooltip and menu are only set when their content changes (Linux needs setContextMenu again
 * after any change).
 */
export class TrayPresenter<M> {
  private readonly tray: TrayPort<M>;
  private state: TrayState;
  private tooltip = '';
  private menuKey = '';
  private cancelRecheck: (() => void) | null = null;
  private refreshQueued = false;
  private destroyed = false;

  constructor(private readonly deps: TrayPresenterDeps<M>) {
    const view = this.view();
    this.state = view.state;
    this.tray = new deps.Tray(deps.iconFor(view.state));
    this.tray.on('click', () => deps.onAction({ kind: 'open-window' }));
    this.refresh();
  }

  get currentState(): TrayState {
    return this.state;
  }

  /**
   * Refreshes once after the current synchronous run: a login moves through several transient
   * states in one go (logging in, logged in but not yet connected, connected), and those are not
   * tray state changes.
   */
  requestRefresh(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    queueMicrotask(() => {
      this.refreshQueued = false;
      this.refresh();
    });
  }

  refresh(): void {
    if (this.destroyed) return;
    const view = this.view();
    if (view.state !== this.state) {
      this.state = view.state;
      this.tray.setImage(this.deps.iconFor(view.state));
    }
    if (view.tooltip !== this.tooltip) {
      this.tooltip = view.tooltip;
      this.tray.setToolTip(view.tooltip);
    }
    const entries = trayMenu({
      productName: this.deps.productName,
      recent: this.deps.source.recent(RECENT_IN_MENU),
      session: this.deps.source.sessionState,
      silence: silenceAt(this.deps.source.settings, this.deps.clock.now()),
      now: this.deps.clock.now(),
      tr: this.deps.source.translator,
    });
    const key = JSON.stringify(entries);
    if (key !== this.menuKey) {
      this.menuKey = key;
      this.tray.setContextMenu(this.deps.Menu.buildFromTemplate(menuTemplate(entries, this.deps.onAction)));
    }
    this.scheduleRecheck();
  }

  destroy(): void {
    this.destroyed = true;
    this.cancelRecheck?.();
    this.cancelRecheck = null;
    this.tray.destroy();
  }

  private view(): ReturnType<typeof trayView> {
    const src = this.deps.source;
    const now = this.deps.clock.now();
    return trayView({
      productName: this.deps.productName,
      connection: src.connectionStatus,
      session: src.sessionState,
      unread: src.unreadCount(),
      silence: silenceAt(src.settings, now),
      now,
      tr: src.translator,
    });
  }

  /** Quiet hours and pauses start and end on their own: wake up then. */
  private scheduleRecheck(): void {
    this.cancelRecheck?.();
    const now = this.deps.clock.now();
    const next = nextSilenceChange(this.deps.source.settings, now);
    const delay = next === null ? MAX_RECHECK_MS : Math.min(MAX_RECHECK_MS, next.getTime() - now.getTime());
    this.cancelRecheck = this.deps.clock.schedule(() => this.refresh(), delay);
  }
}
