import { randomUUID } from 'node:crypto';
import type { EventRule } from '../profile/profile.js';
import { isPrivateChannel } from '../transport/transport.js';
import { withoutControls } from '../util/visible-text.js';
import { channelMatcher } from './channel-pattern.js';
import { firstText, guessTitleAndBody } from './guess-fields.js';
import { DEFAULT_EVENT_NAMESPACE, isLaravelNotification, readableName } from './laravel-names.js';
import type { BroadcastEvent, TrayNotification, Urgency } from './notification.js';
import { shortEventName } from './normalize.js';
import { asText, compileTemplate, type CompiledTemplate } from './template.js';
import { ellipsize } from '../util/ellipsize.js';

export interface Mapped {
  readonly notification: TrayNotification;
  /** A muting rule matched: record it, raise no OS notification. */
  readonly muted: boolean;
}

const LIMITS = { title: 200, body: 2000, url: 2048 } as const;
const URL_FIELDS = ['url', 'link', 'action_url', 'actionUrl', 'href'];
const URGENCIES: readonly Urgency[] = ['low', 'normal', 'critical'];
/** Readable titles guessed from event names, kept per name (a profile has a handful of events). */
const GUESSED_TITLES_KEPT = 1000;

/** A profile rule with its patterns and templates parsed once, not per event. */
interface CompiledRule {
  readonly rule: EventRule;
  readonly channel: (channel: string) => boolean;
  readonly event: ((ev: Pick<BroadcastEvent, 'event' | 'shortEvent'>, type?: string) => boolean) | undefined;
  readonly title: CompiledTemplate | undefined;
  readonly body: CompiledTemplate | undefined;
  readonly url: CompiledTemplate | undefined;
}

function compileRule(rule: EventRule, userId: string): CompiledRule {
  const optional = (t: string | undefined): CompiledTemplate | undefined => (t === undefined ? undefined : compileTemplate(t));
  return {
    rule,
    channel: rule.channel === undefined ? () => true : channelMatcher(rule.channel, userId),
    event: rule.event === undefined ? undefined : eventMatcher(rule.event),
    title: optional(rule.title),
    body: optional(rule.body),
    url: optional(rule.url),
  };
}

/** Turns an event into what the user reads: the first matching rule's templates, else good guesses. */
export class NotificationMapper {
  private readonly rules: readonly CompiledRule[];
  private readonly guessedTitles = new Map<string, string>();

  constructor(
    rules: readonly EventRule[],
    private readonly userId: string,
    private readonly baseUrl: string,
    private readonly newId: () => string = sequentialIds(),
  ) {
    this.rules = rules.map((rule) => compileRule(rule, userId));
  }

  map(ev: BroadcastEvent): Mapped {
    const notification = isLaravelNotification(ev.event);
    const type = notification ? asText(ev.data.type) : undefined;
    const rule = this.rules.find((r) => r.channel(ev.channel) && (r.event === undefined || r.event(ev, type)));
    const context = rule === undefined ? undefined : { channel: ev.channel, event: ev.event, userId: this.userId };
    const fromRule = (template: CompiledTemplate | undefined): string | undefined =>
      template === undefined || context === undefined ? undefined : template(ev.data, context);

    const ruleTitle = fromRule(rule?.title);
    const ruleBody = fromRule(rule?.body);
    // Guessed only when a rule leaves the title or the body to guess.
    const guessed = ruleTitle && ruleBody !== undefined
      ? undefined
      : guessTitleAndBody(ev.data, this.guessTitle(type !== undefined ? shortEventName(type) : ev.shortEvent));
    const title = clean(ruleTitle || (guessed?.title ?? ''), LIMITS.title);
    const body = clean(ruleBody ?? guessed?.body ?? '', LIMITS.body);
    const url = this.absolute(clean(fromRule(rule?.url) ?? firstText(ev.data, URL_FIELDS) ?? '', LIMITS.url));
    const payloadUrgency = asText(ev.data.urgency);
    const urgency = rule?.rule.urgency ?? URGENCIES.find((u) => u === payloadUrgency) ?? 'normal';
    // Laravel broadcasts notifications on private channels only: an id on a public one is not trusted
    // to name (and so replace in history) the user's real notification.
    const laravelId = notification && isPrivateChannel(ev.channel) ? asText(ev.data.id) : undefined;
    const mapped: TrayNotification = {
      id: laravelId !== undefined && laravelId !== '' ? laravelId : this.newId(),
      channel: ev.channel,
      event: ev.event,
      title,
      body,
      url,
      receivedAt: ev.receivedAt.toISOString(),
      urgency,
    };
    return { notification: type === undefined ? mapped : { ...mapped, type }, muted: rule?.rule.mute ?? false };
  }

  private guessTitle(name: string): string {
    let title = this.guessedTitles.get(name);
    if (title === undefined) {
      if (this.guessedTitles.size >= GUESSED_TITLES_KEPT) this.guessedTitles.clear();
      title = readableName(name);
      this.guessedTitles.set(name, title);
    }
    return title;
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
  return eventMatcher(ruleEvent)(ev, type);
}

function eventMatcher(ruleEvent: string): (ev: Pick<BroadcastEvent, 'event' | 'shortEvent'>, type?: string) => boolean {
  const name = ruleEvent.trim().replace(/^\./, '');
  const namespaced = name.includes('\\') ? undefined : DEFAULT_EVENT_NAMESPACE + name;
  return (ev, type) =>
    ev.event === name ||
    ev.shortEvent === name ||
    ev.event === namespaced ||
    (type !== undefined && (type === name || shortEventName(type) === name));
}

/**
 * UUID-shaped ids, unique across runs without asking the system for entropy per event: the first
 * 28 characters are random once per mapper, the last 8 a counter from a random start.
 */
export function sequentialIds(): () => string {
  const prefix = randomUUID().slice(0, 28);
  let next = Math.floor(Math.random() * 2 ** 28);
  return () => prefix + (next++ % 2 ** 32).toString(16).padStart(8, '0');
}

/** Control and bidi formatting characters never reach a toast or a terminal; long texts are cut with an ellipsis. */
function clean(text: string, max: number): string {
  const flat = withoutControls(text).trim();
  return ellipsize(flat, max);
}
