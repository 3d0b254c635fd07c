import type { ChannelView, PresenceMember } from '../../app/bridge/contract.js';
import type { AppStore } from '../app-store.js';
import { errorText } from '../bridge.js';
import { el, field, replaceContent, setText } from '../dom.js';
import { channelStatusText, kindLabel } from '../format/channel-status.js';
import { channelName, t } from '../i18n.js';
import { HiddenChannels } from './hidden-channels.js';

const PREFIXES: Record<ChannelView['kind'], string> = { public: '', private: 'private-', presence: 'presence-' };

/** A presence member as "Alice (8164)"; `info` is whatever Laravel's channel rule returned. */
function memberName(member: PresenceMember): string {
  const info = member.info;
  if (typeof info === 'object' && info !== null && 'name' in info && typeof info.name === 'string' && info.name !== '') {
    return `${info.name} (${member.id})`;
  }
  return member.id;
}

/** The channels tab: every subscription with its live status, add, remove, mute. */
export class ChannelsView {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly kind: HTMLSelectElement;
  private readonly name: HTMLInputElement;
  private readonly formError: HTMLElement;
  private readonly status: HTMLElement;
  private readonly hint: HTMLElement;
  private readonly formStatus: HTMLElement;
  /** The answer to the last mute/remove, shown in that channel's card until the next action. */
  private cardNote: { readonly channel: string; readonly text: string } | null = null;
  private readonly hidden: HiddenChannels;

  constructor(private readonly store: AppStore) {
    this.kind = el(
      'select',
      { className: 'input' },
      el('option', { text: kindLabel('public'), attrs: { value: 'public' } }),
      el('option', { text: kindLabel('private'), attrs: { value: 'private' } }),
      el('option', { text: kindLabel('presence'), attrs: { value: 'presence' } }),
    );
    this.name = el(
      'input',
      {
        className: 'input',
        attrs: { type: 'text', placeholder: 'orders.{userId}', autocomplete: 'off', spellcheck: 'false', maxlength: 280, required: true },
      },
    );
    const add = el('button', { className: 'button primary', text: t('channels.add'), attrs: { type: 'submit' } });
    this.formError = el('p', { className: 'form-error', attrs: { role: 'alert' } });
    this.hint = el('p', { className: 'hint' });
    this.formStatus = el('p', { className: 'form-status', attrs: { role: 'status' } });
    const form = el(
      'form',
      { className: 'card add-channel', attrs: { 'aria-labelledby': 'add-channel-title', novalidate: true } },
      el('h2', { className: 'card-title', text: t('channels.addTitle'), attrs: { id: 'add-channel-title' } }),
      el(
        'div',
        { className: 'form-row' },
        field(t('channels.type'), this.kind),
        field(t('channels.name'), this.name),
        el('div', { className: 'form-row-end' }, add),
      ),
      this.hint,
      this.formError,
      this.formStatus,
    );
    form.addEventListener('input', () => this.clearMessages());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.add();
    });
    this.list = el('ul', { className: 'channel-list', attrs: { 'aria-labelledby': 'channel-list-title' } });
    this.status = el('p', { className: 'sr-only', attrs: { role: 'status' } });
    this.hidden = new HiddenChannels({
      api: store.api,
      channels: () => this.store.state.channels,
      toggled: () => this.renderList(this.store.state.channels),
      changed: (channels) => this.store.patch({ channels }),
      say: (text) => setText(this.status, text),
    });
    this.element = el(
      'div',
      { className: 'channels' },
      form,
      el(
        'div',
        { className: 'section-head' },
        el('h2', { className: 'section-title', text: t('channels.listTitle'), attrs: { id: 'channel-list-title' } }),
        this.status,
      ),
      this.hidden.toggle,
      this.list,
    );
    store.subscribe((state, previous) => {
      if (state.channels !== previous.channels) this.renderList(state.channels);
      if (state.session !== previous.session) this.renderHint();
    });
    this.renderHint();
    this.renderList(store.state.channels);
  }

  private renderHint(): void {
    const id = this.store.state.session.userId;
    const placeholder = '{userId}';
    setText(this.hint, id === null ? t('channels.hint', { placeholder }) : t('channels.hintWithId', { placeholder, id }));
  }

  /** Messages answer the last action: the next one (or another view) clears them. */
  clearMessages(): void {
    setText(this.formError, '');
    setText(this.formStatus, '');
    setText(this.status, '');
    if (this.cardNote !== null) {
      this.cardNote = null;
      for (const note of this.list.querySelectorAll('.channel-note')) note.remove();
    }
  }

  private async add(): Promise<void> {
    const typed = this.name.value.trim();
    this.clearMessages();
    if (typed === '') {
      setText(this.formError, t('channels.enterName'));
      this.name.focus();
      return;
    }
    const kind = this.kind.value as ChannelView['kind'];
    const name = /^(private|presence)-/.test(typed) ? typed : `${PREFIXES[kind]}${typed}`;
    const before = this.store.state.channels;
    try {
      const result = await this.store.api.invoke('channels:add', name);
      if (result.ok) {
        this.name.value = '';
        // What was subscribed ({userId} expanded by main), by its label when the profile gives one.
        const known = new Set(before.map((c) => c.channel));
        const added = result.channels.find((c) => !known.has(c.channel))?.channel ?? name;
        setText(this.formStatus, t('channels.added', { channel: channelName(added, result.channels) }));
      } else {
        setText(this.formError, result.message);
        this.name.focus();
      }
    } catch (err) {
      setText(this.formError, errorText(err));
    }
  }

  private async act(what: 'remove' | 'mute' | 'unmute', channel: ChannelView): Promise<void> {
    this.clearMessages();
    const name = channelName(channel.channel, this.store.state.channels);
    let removed = false;
    let text: string;
    try {
      const result = what === 'remove'
        ? await this.store.api.invoke('channels:remove', channel.channel)
        : await this.store.api.invoke('channels:mute', channel.channel, what === 'mute');
      removed = result.ok && what === 'remove';
      const done = what === 'remove' ? 'channels.removed' : what === 'mute' ? 'channels.muted' : 'channels.unmuted';
      text = result.ok ? t(done, { channel: name }) : result.message;
    } catch (err) {
      text = errorText(err);
    }
    if (removed) {
      // The card is gone: the answer goes where the focus goes, beside the name field.
      setText(this.formStatus, text);
      this.name.focus();
      return;
    }
    // Shown in the channel's card, announced once by the (visually hidden) status line.
    setText(this.status, text);
    this.cardNote = { channel: channel.channel, text };
    const note = this.noteFor(channel.channel);
    if (note !== null) this.list.querySelector(`[data-channel="${CSS.escape(channel.channel)}"] .channel-main`)?.append(note);
  }

  private noteFor(channel: string): HTMLElement | null {
    return this.cardNote?.channel === channel ? el('p', { className: 'channel-note', text: this.cardNote.text }) : null;
  }

  private renderList(channels: readonly ChannelView[]): void {
    // Re-rendering must not lose the keyboard user's place.
    const focused = document.activeElement instanceof HTMLElement && this.list.contains(document.activeElement)
      ? document.activeElement.dataset.focusKey
      : undefined;
    this.hidden.update();
    channels = this.hidden.visible(channels);
    if (channels.length === 0 && this.store.state.channels.length > 0) {
      replaceContent(this.list);
      return;
    }
    if (channels.length === 0) {
      const empty = t(this.store.state.session.state === 'logged-in' ? 'channels.none' : 'channels.logInFirst');
      replaceContent(this.list, el('li', { className: 'empty', text: empty }));
      return;
    }
    replaceContent(this.list, ...channels.map((c) => this.channelItem(c)));
    if (focused !== undefined) {
      for (const candidate of this.list.querySelectorAll<HTMLElement>('[data-focus-key]')) {
        if (candidate.dataset.focusKey === focused) candidate.focus();
      }
    }
  }

  private channelItem(channel: ChannelView): HTMLLIElement {
    const status = channelStatusText(channel);
    // The transport's own words (English) for whoever supports them, on hover.
    const badgeAttrs = status.technical === undefined ? {} : { title: status.technical };
    const badge = el('span', { className: `badge status-${status.tone}`, text: status.label, attrs: badgeAttrs });
    const name = channelName(channel.channel, this.store.state.channels);
    const mute = el('button', {
      className: 'button small',
      text: t(channel.muted ? 'channels.unmute' : 'channels.mute'),
      attrs: { type: 'button', 'aria-label': t(channel.muted ? 'channels.unmuteLabel' : 'channels.muteLabel', { channel: name }) },
    });
    mute.dataset.focusKey = `mute:${channel.channel}`;
    mute.addEventListener('click', () => void this.act(channel.muted ? 'unmute' : 'mute', channel));
    const muteOrHide = this.hidden.offersHide(channel) ? this.hidden.button(channel, name) : mute;
    let remove: HTMLButtonElement | null = null;
    if (channel.source === 'user') {
      const removeAttrs = { type: 'button', 'aria-label': t('channels.removeLabel', { channel: name }) };
      remove = el('button', { className: 'button small danger', text: t('channels.remove'), attrs: removeAttrs });
      remove.dataset.focusKey = `remove:${channel.channel}`;
      const target = remove;
      target.addEventListener('click', () => {
        target.disabled = true;
        void this.act('remove', channel);
      });
    }
    const members =
      channel.kind === 'presence' && channel.state === 'subscribed'
        ? el(
            'div',
            { className: 'members' },
            el('span', { className: 'members-label', text: t('channels.hereNow', { count: channel.members.length }) }),
            channel.members.length === 0
              ? el('span', { className: 'muted', text: t('channels.nobody') })
              : el(
                'ul',
                { className: 'member-list' },
                ...channel.members.map((m) => el('li', { className: 'member', text: memberName(m) })),
              ),
          )
        : null;
    return el(
      'li',
      { className: `channel card tone-${status.tone}`, attrs: { 'data-channel': channel.channel } },
      el(
        'div',
        { className: 'channel-main' },
        el('div', { className: 'channel-label', text: name }),
        el('div', { className: 'channel-name', text: channel.channel }),
        el(
          'div',
          { className: 'channel-tags' },
          el('span', { className: 'tag', text: kindLabel(channel.kind) }),
          el('span', { className: 'tag', text: t(channel.source === 'profile' ? 'channels.fromProfile' : 'channels.addedByYou') }),
          channel.muted ? el('span', { className: 'tag tag-muted', text: t('channels.mutedTag') }) : null,
          channel.hidden ? el('span', { className: 'tag tag-muted', text: t('channels.hiddenTag') }) : null,
        ),
        status.detail === undefined ? null : el('p', { className: 'channel-detail', text: status.detail }),
        members,
        this.noteFor(channel.channel),
      ),
      el(
        'div',
        { className: 'channel-side' },
        badge,
        el('div', { className: 'channel-actions' }, muteOrHide, remove),
      ),
    );
  }
}
