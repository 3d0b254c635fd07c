import { resolveLocale } from '../app/i18n/index.js';
import { AppShell, type TabName } from './app-shell.js';
import { AppStore } from './app-store.js';
import { errorText, findBridge } from './bridge.js';
import { el, replaceContent } from './dom.js';
import { localeOf, t, useLocale } from './i18n.js';

function fatal(root: HTMLElement, headline: string, detail: string): void {
  replaceContent(
    root,
    el('main', { className: 'fatal', attrs: { role: 'alert' } }, el('h1', { text: headline }), el('p', { text: detail })),
  );
}

/**
 * Shows the window in the language of the settings, and rebuilds it when that language changes
 * (the setting, the system's languages or the browser's): every view is built with its words, so
 * a rebuild is simpler and surer than relabelling. The user stays on the tab they were on, and
 * a change made in the settings keeps the focus on the chosen language.
 *
 * It is rebuilt at logout too: the next user starts from fresh views, with nothing of the last
 * one's forms, errors, filters, search or selection.
 */
function showInLanguage(root: HTMLElement, store: AppStore): void {
  let locale = localeOf(store.state);
  useLocale(locale);
  let shell = store.collect(() => new AppShell(root, store));
  const rebuild = (tab: TabName): void => {
    shell.value.dispose();
    shell.dispose();
    shell = store.collect(() => new AppShell(root, store, tab));
  };
  const relocalize = (): void => {
    const next = localeOf(store.state);
    if (next === locale) return;
    locale = next;
    useLocale(next);
    const focusedId = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
    rebuild(shell.value.currentTab);
    if (focusedId !== '') document.getElementById(focusedId)?.focus();
  };
  store.subscribe((state, previous) => {
    if (state.settings.language !== previous.settings.language || state.systemLanguages !== previous.systemLanguages) relocalize();
    if (previous.session.state === 'logged-in' && state.session.state !== 'logged-in') rebuild('history');
  });
  window.addEventListener('languagechange', relocalize);
}

async function start(): Promise<void> {
  const root = document.getElementById('app');
  if (root === null) throw new Error('index.html has no #app element');
  useLocale(resolveLocale(navigator.languages));
  const api = findBridge();
  if (api === undefined) {
    fatal(root, t('app.cannotStart', { product: t('app.name') }), t('app.noBridge'));
    return;
  }
  try {
    const store = await AppStore.connect(api);
    showInLanguage(root, store);
    root.dataset.ready = 'true';
  } catch (err) {
    fatal(root, t('app.cannotStart', { product: t('app.name') }), errorText(err));
  }
}

void start();
