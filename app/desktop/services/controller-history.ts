import type { HistoryStore } from '../../history/history-store.js';
import type { UserHistory } from '../../history/user-history.js';

/**
 * The history calls the controller's services make. A UserHistory (the desktop app, the preview)
 * keeps each user's history apart and has `useUser`/`forget`; a plain HistoryStore is shared.
 */
export type ControllerHistory = Pick<
  HistoryStore,
  'list' | 'get' | 'markRead' | 'markUnread' | 'unreadMatching' | 'markAllRead' | 'unreadCount' | 'onChange' | 'append'
> &
  Partial<Pick<UserHistory, 'useUser' | 'forget'>>;
