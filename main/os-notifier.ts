import type { OsNotice } from '../app/desktop/notification-policy.js';
import type { Logger } from '../app/log.js';
import type { Urgency } from '../app/pipeline/notification.js';
import { PRODUCT_NAME } from './app-identity.js';
import type { NotificationConstructor, NotificationPort } from './electron-ports.js';

export interface OsNotifierDeps {
  readonly Notification: NotificationConstructor;
  readonly iconPath: string;
  readonly logger: Logger;
  /** On Linux the text is escaped: notification daemons read a subset of markup in it. */
  readonly platform: NodeJS.Platform;
  readonly onItemClick: (id: string) => void;
  readonly onSummaryClick: (channel: string) => void;
  /** Most notifications kept referenced at once (default 50). */
  readonly maxKept?: number;
}

export interface PromptOptions {
  readonly title: string;
  readonly body: string;
  readonly onClick: () => void;
}

/**
 * Turns notices into native notifications. Each Notification object is kept referenced until it
 * is clicked, closed or failed: otherwise it can be garbage-collected with its click handler.
 */
export class OsNotifier {
  private readonly live = new Set<NotificationPort>();
  private readonly maxKept: number;

  constructor(private readonly deps: OsNotifierDeps) {
    this.maxKept = deps.maxKept ?? 50;
  }

  /** Notifications currently referenced. */
  get kept(): number {
    return this.live.size;
  }

  show(notice: OsNotice): void {
    if (notice.kind === 'item') {
      const n = notice.notification;
      this.raise(n.title, n.body, n.urgency, () => this.deps.onItemClick(n.id));
    } else {
      this.raise(notice.title, notice.body, 'normal', () => this.deps.onSummaryClick(notice.channel));
    }
  }

  /** A message from the app itself (log in again, weak token storage). */
  prompt(options: PromptOptions): void {
    this.raise(options.title, options.body, 'normal', options.onClick);
  }

  /** Closes and forgets every notification still shown (on quit). */
  closeAll(): void {
    for (const n of this.live) n.close();
    this.live.clear();
  }

  private raise(title: string, body: string, urgency: Urgency, onClick: () => void): void {
    const { Notification } = this.deps;
    if (!Notification.isSupported()) {
      this.deps.logger.log('warn', 'native notifications are not supported here', { title });
      return;
    }
    const text = this.deps.platform === 'linux' ? escapeMarkup : (t: string): string => t;
    const notification = new Notification({
      title: text(title.trim() === '' ? PRODUCT_NAME : title),
      body: text(body),
      icon: this.deps.iconPath,
      urgency,
      timeoutType: urgency === 'critical' ? 'never' : 'default',
    });
    this.live.add(notification);
    const release = (): boolean => this.live.delete(notification);
    notification.on('click', () => {
      release();
      onClick();
    });
    notification.on('close', release);
    notification.on('failed', (_event, error) => {
      release();
      this.deps.logger.log('warn', 'a notification could not be shown', { error });
    });
    // Some notification servers never report a close: cap the references, oldest first.
    for (const old of this.live) {
      if (this.live.size <= this.maxKept) break;
      this.live.delete(old);
    }
    notification.show();
  }
}

/** What the Desktop Notifications spec's markup (`<b>`, `<a href>`, `<img>`) would read as a tag, as text. */
export function escapeMarkup(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
