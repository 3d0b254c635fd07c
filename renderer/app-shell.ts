import type { AppState, ChannelView } from '../app/bridge/contract.js';
import type { AppStore } from './app-store.js';
import { errorText } from './bridge.js';
import { el, replaceContent, setAttr, setText } from './dom.js';
import { t } from './i18n.js';
import { applyTheme } from './theme.js';
import { ChannelsView } from './views/channels-view.js';
import { ConnectionBanner } from './views/connection-banner.js';
import { HistoryView } from './views/history-view.js';
import { LoginView } from './views/login-view.js';
import { QuietNote } from './views/quiet-note.js';
import { SettingsView } from './views/settings-view.js';

export type TabName = 'history' | 'channels' | 'settings';

interface Tab {
  readonly name: TabName;
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
}

function troubled(channels: readonly ChannelView[]): number {
  return channels.filter((c) => !c.hidden).filter((c) => c.state === 'denied' || c.state === 'expired' || c.state === 'error').length;
}

/** The window: the login screen, or the header, connection banner and the three tabs. */
export class AppShell {
  private readonly login: LoginView;
  private readonly main: HTMLElement;
  private readonly history: HistoryView;
  private readonly channels: ChannelsView;
  private readonly settings: SettingsView;
  private readonly tabs: Tab[];
  private readonly unreadBadge: HTMLElement;
  private readonly channelsBadge: HTMLElement;
  private readonly who: HTMLElement;
  private readonly profileName: HTMLElement;
  private readonly banner: ConnectionBanner;
  private readonly onKey = (event: KeyboardEvent): void => this.onGlobalKey(event);
  private current: TabName;
  private loggedIn: boolean | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly store: AppStore,
    initialTab: TabName = 'history',
  ) {
    this.current = initialTab;
    this.login = new LoginView(store);
    this.history = new HistoryView(store);
    const channels = new ChannelsView(store);
    const settings = new SettingsView(store);
    this.channels = channels;
    this.settings = settings;
    const banner = new ConnectionBanner(store);
    this.banner = banner;
    banner.element.append(new QuietNote(store).element);

    this.unreadBadge = el('span', { className: 'count', attrs: { hidden: true } });
    this.channelsBadge = el('span', { className: 'count warn', attrs: { hidden: true } });
    const tab = (name: TabName, label: string, view: HTMLElement, badge: HTMLElement | null): Tab => {
      const button = el(
        'button',
        { className: 'tab', attrs: { type: 'button', role: 'tab', id: `tab-${name}`, 'aria-controls': `panel-${name}` } },
        el('span', { text: label }),
        badge,
      );
      const panel = el(
        'section',
        { className: `panel panel-${name}`, attrs: { role: 'tabpanel', id: `panel-${name}`, 'aria-labelledby': `tab-${name}` } },
        view,
      );
      button.addEventListener('click', () => this.select(name, false));
      return { name, button, panel };
    };
    this.tabs = [
      tab('history', t('tab.history'), this.history.element, this.unreadBadge),
      tab('channels', t('tab.channels'), channels.element, this.channelsBadge),
      tab('settings', t('tab.settings'), settings.element, null),
    ];
    const tablistAttrs = { role: 'tablist', 'aria-label': t('shell.sections') };
    const tablist = el('div', { className: 'tabs', attrs: tablistAttrs }, ...this.tabs.map((x) => x.button));
    tablist.addEventListener('keydown', (event) => this.onTabKey(event));

    this.profileName = el('span', { className: 'header-profile' });
    this.who = el('span', { className: 'header-user' });
    const logout = el('button', {
      className: 'button ghost',
      text: t('shell.logOut'),
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'logout-choice' },
    });
    const choice = this.logoutChoice(logout);
    logout.addEventListener('click', () => this.toggleLogoutChoice(logout, choice, choice.hidden));
    const header = el(
      'header',
      { className: 'header' },
      el('div', { className: 'header-brand' }, el('h1', { className: 'brand', text: t('app.name') }), this.profileName),
      el('div', { className: 'header-end' }, this.who, logout, choice),
    );
    const panels = el('div', { className: 'panels' }, ...this.tabs.map((x) => x.panel));
    this.main = el('div', { className: 'main' }, header, el('main', { className: 'main-body' }, banner.element, tablist, panels));

    store.subscribe((state, previous) => this.update(state, previous));
    store.onShowItem((id) => {
      this.select('history', false);
      void this.history.showItem(id);
    });
    document.addEventListener('keydown', this.onKey);
    this.select(initialTab, false);
    this.update(store.state, undefined);
  }

  /** Stops timers and listeners outside the store (the store's are dropped by AppStore.collect). */
  dispose(): void {
    document.removeEventListener('keydown', this.onKey);
    this.history.dispose();
    this.banner.dispose();
  }

  get currentTab(): TabName {
    return this.current;
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
    const who = state.session.userName ?? state.session.email ?? '';
    setText(this.who, who);
    setAttr(this.who, 'title', who === '' ? null : t('shell.loggedInAs', { who }));
    this.badge(this.unreadBadge, state.unread, t('shell.badgeUnread'));
    this.badge(this.channelsBadge, troubled(state.channels), t('shell.badgeTroubled'));
    const profile = state.profile.name;
    document.title = state.unread > 0 ? t('app.titleUnread', { count: state.unread, profile }) : t('app.title', { profile });
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
    // A message answers an action in one view: it does not follow the user to another.
    if (name !== this.current) this.clearMessages();
    this.current = name;
    for (const x of this.tabs) {
      const on = x.name === name;
      setAttr(x.button, 'aria-selected', on ? 'true' : 'false');
      x.button.tabIndex = on ? 0 : -1;
      x.panel.hidden = !on;
      if (on && focus) x.button.focus();
    }
  }

  private clearMessages(): void {
    this.history.leave();
    this.channels.clearMessages();
    this.settings.clearMessages();
  }

  /** Arrow keys, Home and End move between tabs (the ARIA tabs pattern). */
  private onTabKey(event: KeyboardEvent): void {
    const index = this.tabs.findIndex((x) => x.name === this.current);
    const last = this.tabs.length - 1;
    const next = event.key === 'ArrowRight'
      ? (index + 1) % this.tabs.length
      : event.key === 'ArrowLeft' ? (index + last) % this.tabs.length : event.key === 'Home' ? 0 : event.key === 'End' ? last : -1;
    const target = this.tabs[next];
    if (target === undefined) return;
    event.preventDefault();
    this.select(target.name, true);
  }

  /** "/" or Ctrl+F: search the history; Alt+1/2/3: the tabs. */
  private onGlobalKey(event: KeyboardEvent): void {
    if (!this.loggedIn) return;
    const typing = event.target instanceof HTMLInputElement
      || event.target instanceof HTMLSelectElement
      || event.target instanceof HTMLTextAreaElement;
    if ((event.key === '/' && !typing && !event.ctrlKey && !event.metaKey)
      || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f')) {
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
    const keep = el('button', { className: 'button', text: t('shell.logOutKeep'), attrs: { type: 'button' } });
    const forget = el('button', { className: 'button danger', text: t('shell.logOutForget'), attrs: { type: 'button' } });
    const cancel = el('button', { className: 'button ghost', text: t('shell.cancel'), attrs: { type: 'button' } });
    const box = el(
      'div',
      { className: 'logout-choice', attrs: { id: 'logout-choice', role: 'group', 'aria-label': t('shell.logOut') } },
      el('p', { text: t('shell.logOutForgetNote') }),
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
      setText(this.who, t('shell.logOutFailed', { reason: errorText(err) }));
    }
  }
}
