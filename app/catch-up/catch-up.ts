import type { LaravelClient } from '../auth/laravel-client.js';
import type { Logger } from '../log.js';
import { errorReason } from '../util/error-reason.js';
import { parseFeedPage, type StoredNotification } from './notification-feed.js';

/** Pages and items asked at most per catch-up: a user with years of notifications is not read back in full. */
export const MAX_PAGES = 10;
export const MAX_ITEMS = 500;

export interface CatchUpDeps {
  readonly client: LaravelClient;
  /** `laravel.notifications`. */
  readonly path: string;
  /** The current bearer token (it may be refreshed between runs). */
  readonly token: () => string;
  readonly logger: Logger;
  /** Already in the history (or shown live): the catch-up stops there. */
  readonly isKnown: (id: string) => boolean;
  /** Each missed notification, oldest first. */
  readonly deliver: (missed: readonly StoredNotification[]) => void;
  readonly maxPages?: number;
  readonly maxItems?: number;
}

export interface CatchUpResult {
  /** Missed notifications handed to `deliver`. */
  readonly missed: number;
  readonly pages: number;
  /** Why it stopped: reached a known or older one, the last page, the bounds, or an error. */
  readonly stop: 'known' | 'older' | 'end' | 'bounds' | 'error';
}

/**
 * Asks Laravel for the user's database notifications after an outage (or at start-up) and pages
 * back, newest first, until one already known, one older than the last moment the notifier was
 * connected, or the bounds. One run at a time: a request while one runs is folded into one more run.
 * A broken endpoint is logged once (until it works again) and otherwise changes nothing.
 */
export class NotificationCatchUp {
  private running: Promise<CatchUpResult> | undefined;
  private queued: { since: Date | undefined; promise: Promise<CatchUpResult> } | undefined;
  private warned = false;

  constructor(private readonly deps: CatchUpDeps) {}

  /** `since`: the last moment the notifier was connected; undefined = stop only at known ids (or bounds). */
  run(since: Date | undefined): Promise<CatchUpResult> {
    if (!this.running) {
      this.running = this.fetch(since).finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    if (this.queued) {
      // The earlier of the two moments covers both outages.
      const q = this.queued;
      if (since === undefined || (q.since !== undefined && since < q.since)) q.since = since;
      return q.promise;
    }
    const current = this.running;
    const promise = current.then(() => {
      const again = this.queued?.since;
      this.queued = undefined;
      return this.run(again);
    });
    this.queued = { since, promise };
    return promise;
  }

  private async fetch(since: Date | undefined): Promise<CatchUpResult> {
    const maxPages = this.deps.maxPages ?? MAX_PAGES;
    const maxItems = this.deps.maxItems ?? MAX_ITEMS;
    const missed: StoredNotification[] = [];
    let url: string | undefined = this.deps.path;
    let pages = 0;
    let stop: CatchUpResult['stop'] = 'end';
    const seen = new Set<string>();
    pageLoop: while (url !== undefined) {
      if (pages >= maxPages || missed.length >= maxItems) {
        stop = 'bounds';
        break;
      }
      const answer = await this.deps.client.bearerJson('GET', url, this.deps.token());
      pages++;
      if (!answer.ok) {
        const message = `notifications: ${url} failed (${answer.reason}); notifications missed while offline are not caught up`;
        this.warnOnce(message, answer.status);
        stop = 'error';
        break;
      }
      const page = parseFeedPage(answer.body);
      if (!page.ok) {
        const message = `notifications: ${url} answered something else than notifications: ${page.reason}; check laravel.notifications`;
        this.warnOnce(message, answer.status);
        stop = 'error';
        break;
      }
      this.warned = false;
      for (const item of page.items) {
        if (this.deps.isKnown(item.id)) {
          stop = 'known';
          break pageLoop;
        }
        if (since !== undefined && item.createdAt !== undefined && item.createdAt < since) {
          stop = 'older';
          break pageLoop;
        }
        // A page that repeats (rows inserted meanwhile shift the offset pages) adds nothing twice.
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        missed.push(item);
        if (missed.length >= maxItems) {
          stop = 'bounds';
          break pageLoop;
        }
      }
      url = page.next;
    }
    if (missed.length > 0) {
      try {
        this.deps.deliver([...missed].reverse());
      } catch (err) {
        this.deps.logger.log('error', 'notifications: delivering the missed ones failed', { error: errorReason(err) });
      }
    }
    this.deps.logger.log('info', `notifications: caught up ${missed.length} missed`, { pages, stop });
    return { missed: missed.length, pages, stop };
  }

  private warnOnce(message: string, status: number): void {
    this.deps.logger.log(this.warned ? 'debug' : 'warn', message, { status });
    this.warned = true;
  }
}
