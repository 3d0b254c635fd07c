import type { Delivery } from '../core/echo-core.js';
import type { Clock } from '../util/clock.js';
import { NotificationPolicy, type OsNotice, type PolicyVerdict } from '../desktop/notification-policy.js';
import type { Settings } from '../schema/settings-schema.js';
import { printable } from './printable.js';

/** Why a delivery raised no pop-up, as the preview prints it; held items are told by their burst's summary. */
const SILENT: Partial<Record<PolicyVerdict, string>> = { muted: 'muted', paused: 'paused', 'quiet-hours': 'quiet' };

function line(title: string, body: string, channel: string, why?: string): string {
  const text = body === '' ? '' : ` — ${printable(body)}`;
  return `notification${why === undefined ? '' : ` (${why}: no pop-up)`}: ${printable(title)}${text}  [${printable(channel)}]`;
}

function noticeLine(notice: OsNotice): string {
  if (notice.kind !== 'item') return line(notice.title, notice.body, notice.channel);
  const { title, body, channel } = notice.notification;
  return line(title, body, channel);
}

/**
 * What the preview prints for each delivery: what the desktop app would really raise, through the
 * same NotificationPolicy (mute, pause, quiet hours, one summary per burst).
 */
export class NoticePrinter {
  private readonly policy: NotificationPolicy;

  constructor(private readonly deps: { readonly clock: Clock; readonly settings: () => Settings; readonly print: (line: string) => void }) {
    this.policy = new NotificationPolicy({ clock: deps.clock, settings: deps.settings, show: (notice) => deps.print(noticeLine(notice)) });
  }

  offer(delivery: Delivery): void {
    const why = SILENT[this.policy.offer(delivery)];
    const n = delivery.notification;
    if (why !== undefined) this.deps.print(line(n.title, n.body, n.channel, why));
  }

  dispose(): void {
    this.policy.dispose();
  }
}
