/**
 * The plain relay names each event `<redis channel>:<event>`, the Redis channel carrying Laravel's
 * key prefix. Event names hold ':' and '\' (`App\Events\X`), channel names '.', so the name is split
 * against the channels we hold (the longest that fits), never on a guessed separator.
 */
export function splitRelayEvent(name: string, prefix: string, channels: Iterable<string>): { channel: string; event: string } | undefined {
  if (!name.startsWith(prefix)) return undefined;
  let best: string | undefined;
  for (const channel of channels) {
    if (name.startsWith(`${prefix}${channel}:`) && (best === undefined || channel.length > best.length)) best = channel;
  }
  return best === undefined ? undefined : { channel: best, event: name.slice(prefix.length + best.length + 1) };
}
