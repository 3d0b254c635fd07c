import { AppShell } from './app-shell.js';
import { AppStore } from './app-store.js';
import { errorText, findBridge } from './bridge.js';
import { el, replaceContent } from './dom.js';

function fatal(root: HTMLElement, headline: string, detail: string): void {
  replaceContent(root, el('main', { className: 'fatal', attrs: { role: 'alert' } }, el('h1', { text: headline }), el('p', { text: detail })));
}

async function start(): Promise<void> {
  const root = document.getElementById('app');
  if (root === null) throw new Error('index.html has no #app element');
  const api = findBridge();
  if (api === undefined) {
    fatal(root, 'Echo Tray cannot start', 'This page has no connection to Echo Tray. Open it from the tray icon, or with `npm run preview`.');
    return;
  }
  try {
    const store = await AppStore.connect(api);
    new AppShell(root, store);
    root.dataset.ready = 'true';
  } catch (err) {
    fatal(root, 'Echo Tray cannot start', errorText(err));
  }
}

void start();
