import { createHash } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import type { Logger } from '../log.js';
import type { TrayNotification } from '../pipeline/notification.js';
import { errorCode, toError } from './fs-errors.js';
import {
  HistoryStore,
  type ChannelCount,
  type HistoryChange,
  type HistoryEntry,
  type HistoryPage,
  type HistoryQuery,
} from './history-store.js';

export interface UserHistoryOptions {
  /**
   * The per-profile file of earlier versions (`…/history-acme.jsonl`). Each user's file sits next to
   * it (`history-acme-user-8164.jsonl`); the old file itself is migrated once, see `useUser`.
   */
  readonly profilePath: string;
  readonly cap: number;
  readonly logger: Logger;
}

const EMPTY_PAGE: HistoryPage = { items: [], total: 0, complete: true };

/**
 * A user id as a file name part: as it is when short and plain (lower case, so that two ids never
 * share a file on a case-insensitive disk), else a hash of it.
 */
function fileId(userId: string): string {
  return /^[a-z0-9_-]{1,64}$/.test(userId) ? userId : `h${createHash('sha256').update(userId).digest('hex').slice(0, 32)}`;
}

export function userHistoryPath(profilePath: string, userId: string): string {
  return `${profilePath.replace(/\.jsonl$/, '')}-user-${fileId(userId)}.jsonl`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return false;
    throw err;
  }
}

/**
 * The history of whoever is logged in: one file per profile and user. Logged out, it is empty and
 * keeps nothing; a shared front-desk computer never shows one user's notifications to the next.
 * Offers the HistoryStore calls the app controller makes, for the current user's store.
 */
export class UserHistory {
  private store: HistoryStore | undefined;
  private user: string | undefined;
  private stopForwarding: () => void = () => undefined;
  private readonly listeners = new Set<(change: HistoryChange) => void>();
  /** Switches run one after the other: a login never opens a file a logout is still closing. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: UserHistoryOptions) {}

  /** The per-profile path each user's file is named after. */
  get profilePath(): string {
    return this.opts.profilePath;
  }

  /** The open history's background load (resolved at once when nobody's is open). */
  get ready(): Promise<void> {
    return this.store?.ready ?? Promise.resolve();
  }

  /** Whose history is open, if anyone's. */
  get userId(): string | undefined {
    return this.user;
  }

  get size(): number {
    return this.store?.size ?? 0;
  }

  pathFor(userId: string): string {
    return userHistoryPath(this.opts.profilePath, userId);
  }

  /**
   * Opens `userId`'s history (null: nobody's). The per-profile file of earlier versions goes to the
   * user whose session the app last held (`lastSessionUser`, when the caller knows it); anyone
   * else's first login sets it aside unread, renamed, so that it is never shown to them.
   */
  useUser(userId: string | null, lastSessionUser?: string): Promise<void> {
    return this.enqueue(async () => {
      if (userId === this.user) return;
      await this.closeCurrent();
      if (userId !== null) {
        await this.settleProfileFile(userId, lastSessionUser);
        const store = await HistoryStore.open(this.pathFor(userId), { cap: this.opts.cap, logger: this.opts.logger });
        this.store = store;
        this.user = userId;
        this.stopForwarding = store.onChange((change) => this.emit(change));
      }
      this.emit({ kind: 'cleared' });
    });
  }

  /** "Forget this computer": deletes this user's history file (closing it first if it is open). */
  forget(userId: string): Promise<void> {
    return this.enqueue(async () => {
      if (this.user === userId) {
        await this.closeCurrent();
        this.emit({ kind: 'cleared' });
      }
      const path = this.pathFor(userId);
      for (const file of [path, `${path}.tmp`]) await rm(file, { force: true });
      this.opts.logger.log('info', 'history: deleted on logout ("forget this computer")', { path });
    });
  }

  /** `read`: recorded as already read (a notification read in Laravel meanwhile, a gap). */
  append(n: TrayNotification, read = false): boolean {
    if (this.store === undefined) {
      this.opts.logger.log('debug', 'history: nobody logged in, notification not stored', { id: n.id });
      return false;
    }
    return this.store.append(n, read);
  }

  list(query: HistoryQuery = {}): HistoryPage {
    return this.store?.list(query) ?? EMPTY_PAGE;
  }

  get(id: string): HistoryEntry | undefined {
    return this.store?.get(id);
  }

  markRead(ids: readonly string[]): number {
    return this.store?.markRead(ids) ?? 0;
  }

  markUnread(ids: readonly string[]): number {
    return this.store?.markUnread(ids) ?? 0;
  }

  unreadMatching(query: Parameters<HistoryStore['unreadMatching']>[0]): string[] {
    return this.store?.unreadMatching(query) ?? [];
  }

  markAllRead(): number {
    return this.store?.markAllRead() ?? 0;
  }

  unreadCount(): number {
    return this.store?.unreadCount() ?? 0;
  }

  channels(): ChannelCount[] {
    return this.store?.channels() ?? [];
  }

  onChange(listener: (change: HistoryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  flush(): Promise<void> {
    return this.store?.flush() ?? Promise.resolve();
  }

  flushSync(): void {
    this.store?.flushSync();
  }

  close(): Promise<void> {
    return this.enqueue(() => this.closeCurrent());
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async closeCurrent(): Promise<void> {
    const store = this.store;
    this.stopForwarding();
    this.store = undefined;
    this.user = undefined;
    await store?.close();
  }

  private async settleProfileFile(userId: string, lastSessionUser: string | undefined): Promise<void> {
    const old = this.opts.profilePath;
    if (!(await exists(old))) return;
    const mine = this.pathFor(userId);
    try {
      if (lastSessionUser === userId && !(await exists(mine))) {
        await rename(old, mine);
        this.opts.logger.log('info', 'history: the profile\'s history now belongs to the user whose session it was', { path: mine });
        return;
      }
      const aside = `${old}.set-aside-${Date.now()}`;
      await rename(old, aside);
      this.opts.logger.log('warn', 'history: a history from before per-user histories was set aside unread (whose it is, is not known)', {
        path: aside,
      });
    } catch (err) {
      // Left where it is, it is still never read: only per-user files are opened.
      this.opts.logger.log('error', `history: could not move ${old}: ${toError(err).message}`, { code: errorCode(err) });
    }
  }

  private emit(change: HistoryChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        this.opts.logger.log('error', `history: change listener failed: ${toError(err).message}`);
      }
    }
  }
}
