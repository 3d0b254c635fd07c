import type { Locale } from './locale.js';
import type { Translator } from './translator.js';

/** A channel's label in the profile: one text for every language, or one per language. */
export type ChannelLabel = string | { readonly [L in Locale]?: string };

/** Laravel's notification channel (`App.Models.User.{id}`, `App.User.{id}` before Laravel 8). */
const LARAVEL_NOTIFICATIONS = /^private-App\.(Models\.)?User\.[^.]+$/;

/**
 * The name staff read for a channel: the profile's label in their language (else the label's
 * English, else its first text), else a built-in name (Laravel's notification channel is
 * "Notifications"), else the channel's name without the private-/presence- prefix.
 */
export function channelDisplayName(channel: string, label: ChannelLabel | null | undefined, tr: Translator): string {
  if (typeof label === 'string' && label.trim() !== '') return label;
  if (typeof label === 'object' && label !== null) {
    const text = label[tr.locale] ?? label.en ?? Object.values(label).find((v) => v !== undefined && v !== '');
    if (text !== undefined && text !== '') return text;
  }
  if (LARAVEL_NOTIFICATIONS.test(channel)) return tr.t('channel.notifications');
  return channel.replace(/^(private-|presence-)/, '');
}
