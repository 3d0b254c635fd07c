import type { HistoryEntry, HistoryPage, HistoryQuery } from '../../history/history-store.js';
import type { ControllerHistory } from './controller-history.js';
import type { MarkResult } from '../../bridge/contract.js';
import type { Emit } from './controller-events.js';

/** The history channels, and the history's changes pushed to the window in batches. */
export class HistoryService {
  private pendingAdded: HistoryEntry[] = [];
  private flushScheduled = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly history: ControllerHistory,
    private readonly emit: Emit,
    /** Entries just marked read here, for Laravel (`laravel.markRead`), so the browser's bell agrees. */
    private readonly readInLaravel: (entries: readonly HistoryEntry[]) => void = () => undefined,
  ) {
    this.unsubscribe = history.onChange((change) => {
      if (change.kind === 'added') {
        this.pendingAdded.push(change.entry);
        this.scheduleHistoryPush();
      } else if (change.kind === 'read' || change.kind === 'unread') {
        emit('push:history', { kind: change.kind, ids: change.ids, unread: history.unreadCount() });
      } else {
        emit('push:history', { kind: 'reloaded', unread: history.unreadCount() });
      }
    });
  }

  stop(): void {
    this.unsubscribe();
  }

  list(query: HistoryQuery): HistoryPage {
    return this.history.list(query);
  }

  /** Marks entries read here and tells Laravel about the unread Laravel notifications among them. */
  markRead(ids: readonly string[]): number {
    const unread = ids.map((id) => this.history.get(id)).filter((e): e is HistoryEntry => e !== undefined && !e.read);
    const changed = this.history.markRead(ids);
    if (unread.length > 0) this.readInLaravel(unread);
    return changed;
  }

  markMatching(query: Omit<HistoryQuery, 'offset' | 'limit'>): MarkResult {
    const ids = this.history.unreadMatching(query);
    // Through markRead, so that Laravel hears of its notifications as when one is opened.
    return { count: this.markRead(ids), ids };
  }

  markUnread(ids: readonly string[]): number {
    return this.history.markUnread(ids);
  }

  /**
   * Marks everything read (one record, not one per entry) and tells Laravel about the unread Laravel
   * notifications among the entries loaded so far (right after start, older ones may still be on disk).
   */
  markAllRead(): number {
    const unread = this.history.unreadMatching({}).map((id) => this.history.get(id)).filter((e): e is HistoryEntry => e !== undefined);
    const changed = this.history.markAllRead();
    if (unread.length > 0) this.readInLaravel(unread);
    return changed;
  }

  /** Newest entries, for the tray menu. */
  recent(count: number): readonly HistoryEntry[] {
    return this.history.list({ limit: count }).items;
  }

  unreadCount(): number {
    return this.history.unreadCount();
  }

  /** A burst of 50,000 events is one push per tick, not 50,000 IPC messages. */
  private scheduleHistoryPush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const entries = this.pendingAdded;
      this.pendingAdded = [];
      const unread = this.history.unreadCount();
      if (entries.length > 500) this.emit('push:history', { kind: 'reloaded', unread });
      else if (entries.length > 0) this.emit('push:history', { kind: 'added', entries, unread });
    });
  }
}
