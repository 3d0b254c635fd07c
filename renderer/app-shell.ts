import type { AppState, ChannelView } from '../app/bridge/contract.js';
import type { AppStore } from './app-store.js';
import { errorText } from './bridge.js';
import { el, replaceContent, setAttr, setText } from './dom.js';
import { applyTheme } from './theme.js';
import { ChannelsView } from './views/channels-view.js';
import { ConnectionBanner } from './views/connection-banner.js';
import { HistoryView } from './views/history-view.js';
import { LoginView } from './views/login-view.js';
import { SettingsView } from './views/settings-view.js';

type TabName = 'history' | 'channels' | 'settings';

interface Tab {
  readonly name: TabName;
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
}

function troubled(channels: readonly ChannelView[]): number {
  return channels.filter((c) => c.state === 'denied' || c.state === 'expired' || c.state === 'error').length;
}

/** The window: the login screen, or the header, connection banner and the three tabs. */
export class AppShell {
  private readonly login: LoginView;
  private readonly main: HTMLElement;
  private readonly history: HistoryView;
  private readonly tabs: Tab[];
  private readonly unreadBadge: HTMLElement;
  private readonly channelsBadge: HTMLElement;
  private readonly who: HTMLElement;
  private readonly profileName: HTMLElement;
  private current: TabName = 'history';
  private loggedIn: boolean | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly store: AppStore,
  ) {
    this.login = new LoginView(store);
    this.history = new HistoryView(store);
    const channels = new ChannelsView(store);
    const settings = new SettingsView(store);
    const banner = new ConnectionBanner(store);

    this.unreadBadge = el('span', { className: 'count', attrs: { hidden: true } });
    this.channelsBadge = el('span', { className: 'count warn', attrs: { hidden: true } });
    const tab = (name: TabName, label: string, view: HTMLElement, badge: HTMLElement | null): Tab => {
      const button = el('button', { className: 'tab', attrs: { type: 'button', role: 'tab', id: `tab-${name}`, 'aria-controls': `panel-${name}` } }, el('span', { text: label }), badge);
      const panel = el('section', { className: `panel panel-${name}`, attrs: { role: 'tabpanel', id: `panel-${name}`, 'aria-labelledby': `tab-${name}` } }, view);
      button.addEventListener('click', () => this.select(name, false));
      return { name, button, panel };
    };
    this.tabs = [
      tab('history', 'History', this.history.element, this.unreadBadge),
      tab('channels', 'Channels', channels.element, this.channelsBadge),
      tab('settings', 'Settings', settings.element, null),
    ];
    const tablist = el('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Sections' } }, ...this.tabs.map((t) => t.button));
    tablist.addEventListener('keydown', (event) => this.onTabKey(event));

    this.profileName = el('span', { className: 'header-profile' });
    this.who = el('span', { className: 'header-user' });
    const logout = el('button', {
      className: 'button ghost',
      text: 'Log out',
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'logout-choice' },
    });
    const choice = this.logoutChoice(logout);
    logout.addEventListener('click', () => this.toggleLogoutChoice(logout, choice, choice.hidden));
    const header = el(
      'header',
      { className: 'header' },
      el('div', { className: 'header-brand' }, el('span', { className: 'brand', text: 'Echo Tray' }), this.profileName),
      el('div', { className: 'header-end' }, this.who, logout, choice),
    );
    this.main = el('div', { className: 'main' }, header, banner.element, tablist, el('main', { className: 'panels' }, ...this.tabs.map((t) => t.panel)));

    store.subscribe((state, previous) => this.update(state, previous));
    store.onShowItem((id) => {
      this.select('history', false);
      void this.history.showItem(id);
    });
    document.addEventListener('keydown', (event) => this.onGlobalKey(event));
    this.select('history', false);
    this.update(store.state, undefined);
  }

  private update(state: AppState, previous: AppState | undefined): void {
    if (state.settings.theme !== previous?.settings.theme) applyTheme(state.settings.theme);
    const loggedIn = state.session.state === 'logged-in';
    if (loggedIn !== this.loggedIn) {
      // Focus follows the user across the switch; a window that just opened keeps it where it is.
      const hadFocus = this.loggedIn !== undefined && document.activeElement !== null && document.activeElement !== document.body;
      this.loggedIn = loggedIn;
      replaceContent(this.root, loggedIn ? this.main : this.login.element);
      if (loggedIn) {
        this.history.reload();
        this.select(this.current, hadFocus);
      } else this.login.focus();
    }
    setText(this.profileName, state.profile.name);
    setText(this.who, state.session.userName ?? state.session.email ?? (state.session.userId !== null ? `user ${state.session.userId}` : ''));
    this.badge(this.unreadBadge, state.unread, 'unread');
    this.badge(this.channelsBadge, troubled(state.channels), 'with a problem');
    document.title = state.unread > 0 ? `(${state.unread}) Echo Tray — ${state.profile.name}` : `Echo Tray — ${state.profile.name}`;
  }

  /** The number shows; screen readers hear it with its words (", 4 unread"). */
  private badge(badge: HTMLElement, n: number, words: string): void {
    badge.hidden = n === 0;
    const key = `${n} ${words}`;
    if (badge.dataset.key === key) return;
    badge.dataset.key = key;
    replaceContent(badge, n > 999 ? '999+' : String(n), el('span', { className: 'sr-only', text: ` ${words}` }));
  }

  private select(name: TabName, focus: boolean): void {
    this.current = name;
    for (const t of this.tabs) {
      const on = t.name === name;
      setAttr(t.button, 'aria-selected', on ? 'true' : 'false');
      t.button.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
      if (on && focus) t.button.focus();
    }
  }

  /** Arrow keys, Home and End move between tabs (the ARIA tabs pattern). */
  private onTabKey(event: KeyboardEvent): void {
    const index = this.tabs.findIndex((t) => t.name === this.current);
    const last = this.tabs.length - 1;
    const next = event.key === 'ArrowRight' ? (index + 1) % this.tabs.length : event.key === 'ArrowLeft' ? (index + last) % this.tabs.length : event.key === 'Home' ? 0 : event.key === 'End' ? last : -1;
    const target = this.tabs[next];
    if (target === undefined) return;
    event.preventDefault();
    this.select(target.name, true);
  }

  /** "/" or Ctrl+F: search the history; Alt+1/2/3: the tabs. */
  private onGlobalKey(event: KeyboardEvent): void {
    if (!this.loggedIn) return;
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.target instanceof HTMLTextAreaElement;
    if ((event.key === '/' && !typing && !event.ctrlKey && !event.metaKey) || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f')) {
      event.preventDefault();
      this.select('history', false);
      this.history.focusSearch();
      return;
    }
    if (event.altKey && !event.ctrlKey && !event.metaKey && ['1', '2', '3'].includes(event.key)) {
      const target = this.tabs[Number(event.key) - 1];
      if (target === undefined) return;
      event.preventDefault();
      this.select(target.name, true);
    }
  }

  /** On a shared computer the user decides whether their history stays here (issue 12.1). */
  private logoutChoice(opener: HTMLButtonElement): HTMLElement {
    const keep = el('button', { className: 'button', text: 'Log out, keep my history here', attrs: { type: 'button' } });
    const forget = el('button', { className: 'button danger', text: 'Log out and forget this computer', attrs: { type: 'button' } });
    const cancel = el('button', { className: 'button ghost', text: 'Cancel', attrs: { type: 'button' } });
    const box = el(
      'div',
      { className: 'logout-choice', attrs: { id: 'logout-choice', role: 'group', 'aria-label': 'Log out' } },
      el('p', { text: 'On a shared computer, "forget" deletes your notification history from this computer.' }),
      keep,
      forget,
      cancel,
    );
    box.hidden = true;
    const choose = (forgetHistory: boolean): void => {
      box.hidden = true;
      setAttr(opener, 'aria-expanded', 'false');
      void this.logout(forgetHistory);
    };
    keep.addEventListener('click', () => choose(false));
    forget.addEventListener('click', () => choose(true));
    cancel.addEventListener('click', () => this.toggleLogoutChoice(opener, box, false));
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.toggleLogoutChoice(opener, box, false);
    });
    return box;
  }

  private toggleLogoutChoice(opener: HTMLButtonElement, box: HTMLElement, open: boolean): void {
    box.hidden = !open;
    setAttr(opener, 'aria-expanded', open ? 'true' : 'false');
    const first = box.querySelector('button');
    if (open && first !== null) first.focus();
    else if (!open) opener.focus();
  }

  private async logout(forget: boolean): Promise<void> {
    try {
      const session = await this.store.api.invoke('session:logout', { forget });
      this.store.patch({ session });
    } catch (err) {
      setText(this.who, `Could not log out: ${errorText(err)}`);
    }
  }
}
