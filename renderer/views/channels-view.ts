import type { ChannelView, PresenceMember } from '../../app/bridge/contract.js';
import type { AppStore } from '../app-store.js';
import { errorText } from '../bridge.js';
import { el, field, replaceContent, setText } from '../dom.js';
import { channelStatusText, kindLabel } from '../format/channel-status.js';

const PREFIXES: Record<ChannelView['kind'], string> = { public: '', private: 'private-', presence: 'presence-' };

/** A presence member as "Alice (8164)"; `info` is whatever Laravel's channel rule returned. */
function memberName(member: PresenceMember): string {
  const info = member.info;
  if (typeof info === 'object' && info !== null && 'name' in info && typeof info.name === 'string' && info.name !== '') return `${info.name} (${member.id})`;
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

  constructor(private readonly store: AppStore) {
    this.kind = el(
      'select',
      { className: 'input' },
      el('option', { text: 'Public', attrs: { value: 'public' } }),
      el('option', { text: 'Private', attrs: { value: 'private' } }),
      el('option', { text: 'Presence', attrs: { value: 'presence' } }),
    );
    this.name = el('input', { className: 'input', attrs: { type: 'text', placeholder: 'orders.{userId}', autocomplete: 'off', spellcheck: 'false', maxlength: 280, required: true } });
    const add = el('button', { className: 'button primary', text: 'Add channel', attrs: { type: 'submit' } });
    this.formError = el('p', { className: 'form-error', attrs: { role: 'alert' } });
    this.hint = el('p', { className: 'hint' });
    const form = el(
      'form',
      { className: 'card add-channel', attrs: { 'aria-labelledby': 'add-channel-title', novalidate: true } },
      el('h2', { className: 'card-title', text: 'Add a channel', attrs: { id: 'add-channel-title' } }),
      el('div', { className: 'form-row' }, field('Type', this.kind), field('Channel name', this.name), el('div', { className: 'form-row-end' }, add)),
      this.hint,
      this.formError,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.add();
    });
    this.list = el('ul', { className: 'channel-list', attrs: { 'aria-labelledby': 'channel-list-title' } });
    this.status = el('p', { className: 'status-line', attrs: { role: 'status' } });
    this.element = el(
      'div',
      { className: 'channels' },
      form,
      el('div', { className: 'section-head' }, el('h2', { className: 'section-title', text: 'Your channels', attrs: { id: 'channel-list-title' } }), this.status),
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
    setText(this.hint, `{userId} stands for your user id${id === null ? '' : ` (${id})`}. Laravel is asked before a private or presence channel is subscribed.`);
  }

  private async add(): Promise<void> {
    const typed = this.name.value.trim();
    setText(this.formError, '');
    if (typed === '') {
      setText(this.formError, 'Enter a channel name.');
      this.name.focus();
      return;
    }
    const kind = this.kind.value as ChannelView['kind'];
    const name = /^(private|presence)-/.test(typed) ? typed : `${PREFIXES[kind]}${typed}`;
    try {
      const result = await this.store.api.invoke('channels:add', name);
      if (result.ok) {
        this.name.value = '';
        setText(this.status, `Added ${name}.`);
      } else {
        setText(this.formError, result.message);
        this.name.focus();
      }
    } catch (err) {
      setText(this.formError, errorText(err));
    }
  }

  private async act(what: 'remove' | 'mute' | 'unmute', channel: ChannelView): Promise<void> {
    try {
      const result = what === 'remove' ? await this.store.api.invoke('channels:remove', channel.channel) : await this.store.api.invoke('channels:mute', channel.channel, what === 'mute');
      if (!result.ok) setText(this.status, result.message);
      else setText(this.status, what === 'remove' ? `Removed ${channel.channel}.` : what === 'mute' ? `Muted ${channel.channel}: it is still recorded in the history.` : `${channel.channel} notifies again.`);
    } catch (err) {
      setText(this.status, errorText(err));
    }
    if (what === 'remove') this.name.focus();
  }

  private renderList(channels: readonly ChannelView[]): void {
    // Re-rendering must not lose the keyboard user's place.
    const focused = document.activeElement instanceof HTMLElement && this.list.contains(document.activeElement) ? document.activeElement.dataset.focusKey : undefined;
    if (channels.length === 0) {
      replaceContent(this.list, el('li', { className: 'empty', text: this.store.state.session.state === 'logged-in' ? 'No channels.' : 'Log in to subscribe to your channels.' }));
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
    const mute = el('button', {
      className: 'button small',
      text: channel.muted ? 'Unmute' : 'Mute',
      attrs: { type: 'button', 'aria-label': `${channel.muted ? 'Unmute' : 'Mute'} ${channel.channel}` },
    });
    mute.dataset.focusKey = `mute:${channel.channel}`;
    mute.addEventListener('click', () => void this.act(channel.muted ? 'unmute' : 'mute', channel));
    let remove: HTMLButtonElement | null = null;
    if (channel.source === 'user') {
      remove = el('button', { className: 'button small danger', text: 'Remove', attrs: { type: 'button', 'aria-label': `Remove ${channel.channel}` } });
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
            el('span', { className: 'members-label', text: `Here now (${channel.members.length}):` }),
            channel.members.length === 0
              ? el('span', { className: 'muted', text: 'nobody' })
              : el('ul', { className: 'member-list' }, ...channel.members.map((m) => el('li', { className: 'member', text: memberName(m) }))),
          )
        : null;
    return el(
      'li',
      { className: `channel card tone-${status.tone}` },
      el(
        'div',
        { className: 'channel-main' },
        el('div', { className: 'channel-name', text: channel.channel }),
        el(
          'div',
          { className: 'channel-tags' },
          el('span', { className: 'tag', text: kindLabel(channel.kind) }),
          el('span', { className: 'tag', text: channel.source === 'profile' ? 'From your company profile' : 'Added by you' }),
          channel.muted ? el('span', { className: 'tag tag-muted', text: 'Muted' }) : null,
        ),
        status.detail === undefined ? null : el('p', { className: 'channel-detail', text: status.detail }),
        members,
      ),
      el('div', { className: 'channel-side' }, el('span', { className: `badge status-${status.tone}`, text: status.label }), el('div', { className: 'channel-actions' }, mute, remove)),
    );
  }
}
