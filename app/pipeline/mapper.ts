import { randomUUID } from 'node:crypto';
import type { EventRule } from '../profile/profile.js';
import { isPrivateChannel } from '../transport/transport.js';
import { withoutControls } from '../util/visible-text.js';
import { channelMatcher } from './channel-pattern.js';
import { firstText, guessTitleAndBody } from './guess-fields.js';
import { DEFAULT_EVENT_NAMESPACE, isLaravelNotification, readableName } from './laravel-names.js';
import type { BroadcastEvent, TrayNotification, Urgency } from './notification.js';
import { shortEventName } from './normalize.js';
import { asText, renderTemplate } from './template.js';
import { ellipsize } from '../util/ellipsize.js';

export interface Mapped {
  readonly notification: TrayNotification;
  /** A muting rule matched: record it, raise no OS notification. */
  readonly muted: boolean;
}

const LIMITS = { title: 200, body: 2000, url: 2048 } as const;
const URL_FIELDS = ['url', 'link', 'action_url', 'actionUrl', 'href'];
const URGENCIES: readonly Urgency[] = ['low', 'normal', 'critical'];

interface CompiledRule {
  readonly rule: EventRule;
  readonly channel: (channel: string) => boolean;
}

/** Turns an event into what the user reads: the first matching rule's templates, else good guesses. */
export class NotificationMapper {
  private readonly rules: readonly CompiledRule[];

  constructor(
    rules: readonly EventRule[],
    private readonly userId: string,
    private readonly baseUrl: string,
    private readonly newId: () => string = randomUUID,
  ) {
    this.rules = rules.map((rule) => ({ rule, channel: rule.channel === undefined ? () => true : channelMatcher(rule.channel, userId) }));
  }

  map(ev: BroadcastEvent): Mapped {
    const notification = isLaravelNotification(ev.event);
    const type = notification ? asText(ev.data.type) : undefined;
    const rule = this.rules.find((r) => r.channel(ev.channel) && (r.rule.event === undefined || eventMatches(r.rule.event, ev, type)))?.rule;
    const context = { channel: ev.channel, event: ev.event, userId: this.userId };
    const fromRule = (template: string | undefined): string | undefined => (template === undefined ? undefined : renderTemplate(template, ev.data, context));

    const guessed = guessTitleAndBody(ev.data, readableName(type !== undefined ? shortEventName(type) : ev.shortEvent));
    const title = clean(fromRule(rule?.title) || guessed.title, LIMITS.title);
    const body = clean(fromRule(rule?.body) ?? guessed.body ?? '', LIMITS.body);
    const url = this.absolute(clean(fromRule(rule?.url) ?? firstText(ev.data, URL_FIELDS) ?? '', LIMITS.url));
    const payloadUrgency = asText(ev.data.urgency);
    const urgency = rule?.urgency ?? URGENCIES.find((u) => u === payloadUrgency) ?? 'normal';
    // Laravel broadcasts notifications on private channels only: an id on a public one is not trusted
    // to name (and so replace in history) the user's real notification.
    const laravelId = notification && isPrivateChannel(ev.channel) ? asText(ev.data.id) : undefined;

    return {
      notification: {
        id: laravelId !== undefined && laravelId !== '' ? laravelId : this.newId(),
        channel: ev.channel,
        event: ev.event,
        title,
        body,
        url,
        receivedAt: ev.receivedAt.toISOString(),
        urgency,
        ...(type !== undefined ? { type } : {}),
      },
      muted: rule?.mute ?? false,
    };
  }

  /**
   * `route('todos.show')` is absolute; a payload that carries a bare path is on the Laravel app. URL
   * parsing reads `/\host`, `//host` and `/<tab>/host` as another host: such a link is dropped.
   */
  private absolute(url: string): string {
    if (!/^[/\\]/.test(url)) return url;
    try {
      const resolved = new URL(url, this.baseUrl + '/');
      return resolved.origin === new URL(this.baseUrl).origin ? resolved.toString() : '';
    } catch {
      return '';
    }
  }
}

/** A rule's event matches the full name, the short name, laravel-echo's `.name` and `App\Events\` forms. */
export function eventMatches(ruleEvent: string, ev: Pick<BroadcastEvent, 'event' | 'shortEvent'>, type?: string): boolean {
  const name = ruleEvent.trim().replace(/^\./, '');
  const candidates = [ev.event, ev.shortEvent, ...(type !== undefined ? [type, shortEventName(type)] : [])];
  if (candidates.includes(name)) return true;
  return !name.includes('\\') && ev.event === DEFAULT_EVENT_NAMESPACE + name;
}

/** Control and bidi formatting characters never reach a toast or a terminal; long texts are cut with an ellipsis. */
function clean(text: string, max: number): string {
  const flat = withoutControls(text).trim();
  return ellipsize(flat, max);
}
