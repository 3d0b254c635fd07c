import type { TrayNotification } from '../pipeline/notification.js';

export interface StoredEntry {
  readonly notification: TrayNotification;
  read: boolean;
  /** Lower-cased search text, built on the first search that reaches this entry. */
  haystack?: string;
  /** The unread note's line as appended this session, reused when the file is compacted. */
  line?: string;
}

export interface ChannelCount {
  readonly channel: string;
  readonly count: number;
  readonly unread: number;
}

interface ChannelStats {
  count: number;
  unread: number;
}

/**
 * The in-memory history, newest first by position: entries appended this session (`newer`,
 * oldest to newest) followed by entries loaded from the file, which the loader discovers from
 * newest to oldest (`older`). Both ends grow cheaply: appends push onto `newer`, the loader pushes
 * onto `older`, and eviction pops `older` (or advances `newerHead` once `older` is empty).
 */
export class EntryCollection {
  private newer: StoredEntry[] = [];
  private newerHead = 0;
  private older: StoredEntry[] = [];
  private readonly byId = new Map<string, StoredEntry>();
  private readonly perChannel = new Map<string, ChannelStats>();
  private unread = 0;

  get size(): number {
    return this.byId.size;
  }

  get unreadCount(): number {
    return this.unread;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): StoredEntry | undefined {
    return this.byId.get(id);
  }

  addNewest(entry: StoredEntry): void {
    this.newer.push(entry);
    this.index(entry);
  }

  addOldest(entry: StoredEntry): void {
    this.older.push(entry);
    this.index(entry);
  }

  removeOldest(): void {
    let entry = this.older.pop();
    if (entry === undefined) {
      entry = this.newer[this.newerHead];
      if (entry === undefined) return;
      this.newerHead++;
      if (this.newerHead >= 1024 && this.newerHead * 2 >= this.newer.length) {
        this.newer = this.newer.slice(this.newerHead);
        this.newerHead = 0;
      }
    }
    this.unindex(entry);
  }

  /** The entry at `index` counting from the newest (0). */
  at(index: number): StoredEntry | undefined {
    const newerCount = this.newer.length - this.newerHead;
    if (index < newerCount) return this.newer[this.newer.length - 1 - index];
    return this.older[index - newerCount];
  }

  *newestFirst(): Generator<StoredEntry> {
    for (let i = this.newer.length - 1; i >= this.newerHead; i--) {
      const entry = this.newer[i];
      if (entry !== undefined) yield entry;
    }
    yield* this.older;
  }

  *oldestFirst(): Generator<StoredEntry> {
    for (let i = this.older.length - 1; i >= 0; i--) {
      const entry = this.older[i];
      if (entry !== undefined) yield entry;
    }
    for (let i = this.newerHead; i < this.newer.length; i++) {
      const entry = this.newer[i];
      if (entry !== undefined) yield entry;
    }
  }

  /** Marks the entry read; false if it already was. */
  setRead(entry: StoredEntry): boolean {
    if (entry.read) return false;
    entry.read = true;
    this.unread--;
    const stats = this.perChannel.get(entry.notification.channel);
    if (stats !== undefined) stats.unread--;
    return true;
  }

  /** Marks the entry unread again; false if it already was. */
  setUnread(entry: StoredEntry): boolean {
    if (!entry.read) return false;
    entry.read = false;
    this.unread++;
    const stats = this.perChannel.get(entry.notification.channel);
    if (stats !== undefined) stats.unread++;
    return true;
  }

  /** Marks every entry read and returns the ids that changed. */
  setAllRead(): string[] {
    const changed: string[] = [];
    if (this.unread === 0) return changed;
    for (const entry of this.byId.values()) {
      if (!entry.read) {
        entry.read = true;
        changed.push(entry.notification.id);
      }
    }
    this.unread = 0;
    for (const stats of this.perChannel.values()) stats.unread = 0;
    return changed;
  }

  clear(): void {
    this.newer = [];
    this.newerHead = 0;
    this.older = [];
    this.byId.clear();
    this.perChannel.clear();
    this.unread = 0;
  }

  channels(): ChannelCount[] {
    return [...this.perChannel]
      .map(([channel, { count, unread }]) => ({ channel, count, unread }))
      .sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  }

  private index(entry: StoredEntry): void {
    this.byId.set(entry.notification.id, entry);
    let stats = this.perChannel.get(entry.notification.channel);
    if (stats === undefined) {
      stats = { count: 0, unread: 0 };
      this.perChannel.set(entry.notification.channel, stats);
    }
    stats.count++;
    if (!entry.read) {
      stats.unread++;
      this.unread++;
    }
  }

  private unindex(entry: StoredEntry): void {
    this.byId.delete(entry.notification.id);
    const stats = this.perChannel.get(entry.notification.channel);
    if (stats !== undefined) {
      stats.count--;
      if (!entry.read) stats.unread--;
      if (stats.count <= 0) this.perChannel.delete(entry.notification.channel);
    }
    if (!entry.read) this.unread--;
  }
}
