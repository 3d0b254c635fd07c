import type { PresenceChange, PresenceMember } from '../transport/transport.js';

/** Who is on each presence channel, kept for the window. Joins and leaves are not notifications. */
export class PresenceRoster {
  private readonly channels = new Map<string, Map<string, PresenceMember>>();

  apply(change: PresenceChange): readonly PresenceMember[] {
    let members = this.channels.get(change.channel);
    if (change.kind === 'here' || !members) {
      members = new Map();
      this.channels.set(change.channel, members);
    }
    if (change.kind === 'here') for (const m of change.members) members.set(m.id, m);
    else if (change.kind === 'joining') members.set(change.member.id, change.member);
    else members.delete(change.member.id);
    return [...members.values()];
  }

  members(channel: string): readonly PresenceMember[] {
    return [...(this.channels.get(channel)?.values() ?? [])];
  }

  forget(channel: string): void {
    this.channels.delete(channel);
  }
}
