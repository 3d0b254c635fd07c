import type { ChannelResult, ChannelView } from '../../bridge/contract.js';
import type { EchoCore } from '../../core/echo-core.js';
import type { ChannelLabel, Translator } from '../../i18n/index.js';
import { expandChannel } from '../../pipeline/channel-pattern.js';
import type { Profile } from '../../profile/profile.js';
import { ChannelListSchema, MAX_USER_CHANNELS } from '../../schema/settings-schema.js';
import type { Emit } from './controller-events.js';
import type { UserPreferences } from './user-preferences.js';

const CHANNEL_NAME = /^(private-|presence-)?[A-Za-z0-9_\-=@,.;{}]+$/;

export interface ChannelServiceDeps {
  readonly profile: Profile;
  readonly prefs: UserPreferences;
  /** The running core, when logged in. */
  readonly core: () => EchoCore | undefined;
  /** The logged-in user's id, as the session shows it. */
  readonly userId: () => string | null;
  /** The app's language now (it may change at any time). */
  readonly translator: () => Translator;
}

/** Why a channel list cannot be kept (the store's own limits), or undefined when it can. */
function refusal(list: readonly string[], what: 'add' | 'mute', { t }: Translator): string | undefined {
  const checked = ChannelListSchema.safeParse(list);
  if (checked.success) return undefined;
  if (list.length > MAX_USER_CHANNELS) return t(what === 'add' ? 'channels.tooManyAdded' : 'channels.tooManyMuted',
    { count: MAX_USER_CHANNELS });
  return t('channels.noSuch');
}

/** The channel channels: the user's additions and mutes, and the channel list the window shows. */
export class ChannelService {
  constructor(private readonly deps: ChannelServiceDeps, private readonly emit: Emit) {}

  add(name: string): ChannelResult {
    const { t } = this.deps.translator();
    const template = name.trim();
    if (!CHANNEL_NAME.test(template)) return { ok: false, message: t('channels.badName') };
    if (template.startsWith('private-encrypted-')) return { ok: false, message: t('channels.encrypted') };
    const userId = this.deps.userId();
    const prefs = this.deps.prefs.current;
    const expand = (t: string): string => (userId === null ? t : expandChannel(t, userId));
    const existing = [...this.deps.profile.channels, ...prefs.addedChannels].map(expand);
    if (existing.includes(expand(template))) return { ok: false, message: t('channels.duplicate') };
    const addedChannels = [...prefs.addedChannels, template];
    const refused = refusal(addedChannels, 'add', this.deps.translator());
    if (refused !== undefined) return { ok: false, message: refused };
    this.deps.prefs.save({ ...prefs, addedChannels });
    this.deps.core()?.addChannel(template);
    return this.changed();
  }

  remove(channel: string): ChannelResult {
    const userId = this.deps.userId() ?? '';
    const prefs = this.deps.prefs.current;
    const template = prefs.addedChannels.find((t) => t === channel || expandChannel(t, userId) === channel);
    if (template === undefined) {
      const fromProfile = this.deps.profile.channels.some((t) => t === channel || expandChannel(t, userId) === channel);
      return { ok: false, message: this.deps.translator().t(fromProfile ? 'channels.profileOwned' : 'channels.noSuch') };
    }
    this.deps.prefs.save({ ...prefs, addedChannels: prefs.addedChannels.filter((t) => t !== template) });
    this.deps.core()?.removeChannel(expandChannel(template, userId));
    return this.changed();
  }

  mute(channel: string, muted: boolean): ChannelResult {
    const prefs = this.deps.prefs.current;
    const others = prefs.mutedChannels.filter((c) => c !== channel);
    const mutedChannels = muted ? [...others, channel] : others;
    const refused = refusal(mutedChannels, 'mute', this.deps.translator());
    if (refused !== undefined) return { ok: false, message: refused };
    this.deps.prefs.save({ ...prefs, mutedChannels });
    this.deps.core()?.setMuted(channel, muted);
    return this.changed();
  }

  views(): ChannelView[] {
    const core = this.deps.core();
    if (!core) return [];
    const userId = core.userId;
    const fromProfile = new Set(this.deps.profile.channels.map((t) => expandChannel(t, userId)));
    return core.channels().map((status) => ({
      ...status,
      muted: core.isMuted(status.channel),
      source: fromProfile.has(status.channel) ? 'profile' : 'user',
      kind: status.channel.startsWith('presence-') ? 'presence' : status.channel.startsWith('private-') ? 'private' : 'public',
      members: core.presence(status.channel),
      label: this.labelOf(status.channel, userId),
    }));
  }

  /** The profile's label for a channel (its template, expanded for this user), null = none given. */
  labelOf(channel: string, userId: string): ChannelLabel | null {
    for (const [template, label] of Object.entries(this.deps.profile.channelLabels)) {
      if (template === channel || expandChannel(template, userId) === channel) return label;
    }
    return null;
  }

  /** Tells the window the channel list changed. */
  pushViews(): ChannelView[] {
    const channels = this.views();
    this.emit('push:channels', channels);
    return channels;
  }

  private changed(): ChannelResult {
    return { ok: true, channels: this.pushViews() };
  }
}
