/** Replaces `{userId}` (the logged-in user's id) in a channel name from the profile. */
export function expandChannel(template: string, userId: string): string {
  // A function, so that `$&` or `$`` in an id is inserted as written, not as a replacement pattern.
  return template.replaceAll('{userId}', () => userId);
}

/** A rule's channel pattern: `*` matches any run of characters, `{userId}` the user's id. */
export function channelMatcher(pattern: string, userId: string): (channel: string) => boolean {
  const expanded = expandChannel(pattern, userId);
  if (!expanded.includes('*')) return (channel) => channel === expanded;
  const source = expanded.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  const re = new RegExp(`^${source}$`);
  return (channel) => re.test(channel);
}
