import type { ChannelView, EchoTrayApi } from '../../app/bridge/contract.js';
import { errorText } from '../bridge.js';
import { el, setText } from '../dom.js';
import { t } from '../i18n.js';

export interface HiddenChannelsOptions {
  readonly api: EchoTrayApi;
  channels(): readonly ChannelView[];
  /** "Show hidden channels" was switched: the list is drawn again. */
  toggled(): void;
  /** The channels as main answered them (before its push arrives). */
  changed(channels: readonly ChannelView[]): void;
  say(text: string): void;
}

/**
 * A channel Laravel refused is of no use to mute: the user hides it instead (channels:hide), its
 * badge goes quiet and it leaves the history's filter. "Show hidden channels" brings hidden ones
 * back into the list, each with "Show again".
 */
export class HiddenChannels {
  /** The "Show hidden channels (2)" checkbox; absent while nothing is hidden. */
  readonly toggle: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly label: HTMLLabelElement;

  constructor(private readonly opts: HiddenChannelsOptions) {
    this.input = el('input', { attrs: { type: 'checkbox', id: 'show-hidden-channels' } });
    this.input.addEventListener('change', () => opts.toggled());
    this.label = el('label', { attrs: { for: this.input.id } });
    this.toggle = el('div', { className: 'check show-hidden' }, this.input, this.label);
    this.update();
  }

  /** Refused channels, and those already hidden, get Hide / Show again instead of Mute. */
  offersHide(channel: ChannelView): boolean {
    return channel.hidden || channel.state === 'denied';
  }

  /** The channels the list shows now. */
  visible(channels: readonly ChannelView[]): readonly ChannelView[] {
    return this.input.checked ? channels : channels.filter((c) => !c.hidden);
  }

  update(): void {
    const count = this.opts.channels().filter((c) => c.hidden).length;
    this.toggle.hidden = count === 0;
    if (count === 0) this.input.checked = false;
    setText(this.label, t('channels.showHidden', { count }));
  }

  button(channel: ChannelView, name: string): HTMLButtonElement {
    const hide = !channel.hidden;
    const button = el('button', {
      className: 'button small',
      text: t(hide ? 'channels.hide' : 'channels.show'),
      attrs: { type: 'button', 'aria-label': t(hide ? 'channels.hideLabel' : 'channels.showLabel', { channel: name }) },
    });
    button.dataset.focusKey = `hide:${channel.channel}`;
    button.addEventListener('click', () => void this.setHidden(channel, hide, name));
    return button;
  }

  private async setHidden(channel: ChannelView, hidden: boolean, name: string): Promise<void> {
    try {
      const result = await this.opts.api.invoke('channels:hide', channel.channel, hidden);
      if (!result.ok) {
        this.opts.say(result.message);
        return;
      }
      this.opts.changed(result.channels);
      this.opts.say(t(hidden ? 'channels.hidden' : 'channels.shown', { channel: name }));
      // The card is gone from the list: the toggle that brings it back takes the focus.
      if (hidden && !this.input.checked) this.input.focus();
    } catch (err) {
      this.opts.say(errorText(err));
    }
  }
}
