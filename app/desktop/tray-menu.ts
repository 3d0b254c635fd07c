import type { HistoryEntry, SessionView } from '../bridge/contract.js';
import type { Translator } from '../i18n/index.js';
import type { PauseChoice, Silence } from './quiet-time.js';
import { ellipsize } from '../util/ellipsize.js';

export type TrayAction =
  | { readonly kind: 'open-window' }
  | { readonly kind: 'open-item'; readonly id: string }
  | { readonly kind: 'pause'; readonly choice: PauseChoice }
  | { readonly kind: 'log-in' }
  | { readonly kind: 'quit' };

export type TrayMenuEntry =
  | { readonly kind: 'action'; readonly label: string; readonly action: TrayAction; readonly enabled: boolean }
  | { readonly kind: 'label'; readonly label: string }
  | { readonly kind: 'submenu'; readonly label: string; readonly entries: readonly TrayMenuEntry[] }
  | { readonly kind: 'separator' };

export interface TrayMenuFacts {
  readonly productName: string;
  readonly recent: readonly HistoryEntry[];
  readonly session: SessionView;
  readonly silence: Silence | null;
  readonly now: Date;
  readonly tr: Translator;
}

export const RECENT_IN_MENU = 5;
const LABEL_MAX = 60;

function itemLabel(entry: HistoryEntry): string {
  const text = entry.body === '' ? entry.title : `${entry.title}: ${entry.body}`;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const short = ellipsize(oneLine, LABEL_MAX);
  // Menus treat "&" as a mnemonic marker on Windows.
  return `${entry.read ? '' : '● '}${short.replace(/&/g, '&&')}`;
}

const action = (label: string, act: TrayAction, enabled = true): TrayMenuEntry => ({ kind: 'action', label, action: act, enabled });

/** The tray's context menu: open the window, the last few notifications, pause, quit. */
export function trayMenu(facts: TrayMenuFacts): TrayMenuEntry[] {
  const { tr } = facts;
  const entries: TrayMenuEntry[] = [action(tr.t('menu.open', { product: facts.productName }), { kind: 'open-window' })];
  if (facts.session.state === 'expired' || facts.session.state === 'logged-out') {
    entries.push(action(tr.t(facts.session.state === 'expired' ? 'menu.logInAgain' : 'menu.logIn'), { kind: 'log-in' }));
  }
  entries.push({ kind: 'separator' });
  if (facts.recent.length === 0) entries.push({ kind: 'label', label: tr.t('menu.noneYet') });
  else {
    for (const entry of facts.recent.slice(0, RECENT_IN_MENU)) entries.push(action(itemLabel(entry), { kind: 'open-item', id: entry.id }));
  }
  entries.push({ kind: 'separator' });
  const paused = facts.silence?.kind === 'paused';
  entries.push({
    kind: 'submenu',
    label: paused && facts.silence ? tr.t('menu.pausedUntil', { until: tr.until(facts.silence.until, facts.now) }) : tr.t('menu.pause'),
    entries: [
      action(tr.t('menu.pauseHour'), { kind: 'pause', choice: '1h' }),
      action(tr.t('menu.pauseTomorrow'), { kind: 'pause', choice: 'tomorrow' }),
      action(tr.t('menu.resume'), { kind: 'pause', choice: 'off' }, paused),
    ],
  });
  entries.push({ kind: 'separator' });
  entries.push(action(tr.t('menu.quit', { product: facts.productName }), { kind: 'quit' }));
  return entries;
}
