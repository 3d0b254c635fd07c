import type { TrayNotification, Urgency } from '../pipeline/notification.js';
import { IsoTimeReader } from './iso-time.js';

/** A history entry as the store hands it out: the notification and whether it was read. */
export type HistoryEntry = TrayNotification & { readonly read: boolean };

export interface ChannelCount {
  readonly channel: string;
  readonly count: number;
  readonly unread: number;
}

interface ChannelStats {
  count: number;
  unread: number;
}

/**
 * Names an entry in an EntryCollection while it is there: its sequence number. Appends get
 * increasing numbers, the loader decreasing ones (below the first entry's), so the numbers are in
 * the entries' order and one never changes while its entry is held.
 */
export type EntryRef = number;

const URGENCIES: readonly Urgency[] = ['low', 'normal', 'critical'];
const URGENCY_INDEX: Readonly<Record<Urgency, number>> = { low: 0, normal: 1, critical: 2 };

/** The (channel, event, type) an entry came from: a profile has a handful, so each is stored once. */
interface Kind {
  readonly channel: string;
  readonly event: string;
  readonly type: string | undefined;
}

/** Distinct kinds and link origins kept in their tables (slots hold a Uint16 index; 0 means "not in the table"). */
const TABLE_MAX = 0xffff;

/** Distinct strings, each numbered once, up to TABLE_MAX; index 0 is reserved for "not in the table". */
class Table<T> {
  private readonly values: (T | undefined)[] = [undefined];
  private readonly indexByKey = new Map<string, number>();

  /** The value's index, adding it if there is room; 0 when the table is full. */
  indexOf(key: string, value: T): number {
    const known = this.indexByKey.get(key);
    if (known !== undefined) return known;
    if (this.values.length >= TABLE_MAX) return 0;
    this.values.push(value);
    this.indexByKey.set(key, this.values.length - 1);
    return this.values.length - 1;
  }

  valueAt(index: number): T | undefined {
    return this.values[index];
  }
}

/** `https://app.example.com` of `https://app.example.com/todos/5?x#y`: the part most links share. */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** What few entries carry, kept beside the slots by sequence number rather than in a column for all. */
interface Extras {
  /** Only on a connection-gap entry. */
  offlineFrom?: string;
  /** `receivedAt` when it is not in toISOString()'s form (it always is when we wrote it). */
  receivedAt?: string;
  /** When the kind table is full. */
  kind?: Kind;
}

/**
 * Fixed-size columns, one slot per entry ("struct of arrays"): one JS object per entry costs more
 * than its fields (100,000 entries are a long day for a busy desk), columns cost only the fields.
 * Strings sit in plain arrays; numbers in typed arrays, whose memory is outside the JS heap
 * (`arrayBuffers` in process.memoryUsage()).
 */
class Slots {
  readonly ids: string[];
  /** Title, body and the link without its origin, as one flat string (one string header instead of three). */
  readonly texts: string[];
  /** Where the title ends in `texts`. */
  readonly titleEnds: Uint32Array;
  /** Where the body ends in `texts`; the rest is the link after its origin. */
  readonly bodyEnds: Uint32Array;
  /** The link's origin in the origin table, 0 when `texts` holds the whole link. */
  readonly origins: Uint16Array;
  /** The entry's (channel, event, type) in the kind table, 0 when it is in Extras. */
  readonly kinds: Uint16Array;
  /** receivedAt in ms since the epoch; NaN when Extras hold it. */
  readonly times: Float64Array;
  /** Index in URGENCIES. */
  readonly urgencies: Uint8Array;
  /** 1 read, 0 unread. */
  readonly reads: Uint8Array;
  /** The burst's group key (see BurstTagger), usually the entry's own id or the burst's first entry's: the same string, shared. */
  readonly bursts: (string | undefined)[];

  constructor(readonly capacity: number) {
    this.ids = new Array<string>(capacity).fill('');
    this.texts = new Array<string>(capacity).fill('');
    this.bursts = new Array<string | undefined>(capacity).fill(undefined);
    this.titleEnds = new Uint32Array(capacity);
    this.bodyEnds = new Uint32Array(capacity);
    this.origins = new Uint16Array(capacity);
    this.kinds = new Uint16Array(capacity);
    this.times = new Float64Array(capacity);
    this.urgencies = new Uint8Array(capacity);
    this.reads = new Uint8Array(capacity);
  }

  copySlot(from: Slots, fromSlot: number, toSlot: number): void {
    this.ids[toSlot] = from.ids[fromSlot] ?? '';
    this.texts[toSlot] = from.texts[fromSlot] ?? '';
    this.bursts[toSlot] = from.bursts[fromSlot];
    this.titleEnds[toSlot] = from.titleEnds[fromSlot] ?? 0;
    this.bodyEnds[toSlot] = from.bodyEnds[fromSlot] ?? 0;
    this.origins[toSlot] = from.origins[fromSlot] ?? 0;
    this.kinds[toSlot] = from.kinds[fromSlot] ?? 0;
    this.times[toSlot] = from.times[fromSlot] ?? Number.NaN;
    this.urgencies[toSlot] = from.urgencies[fromSlot] ?? 0;
    this.reads[toSlot] = from.reads[fromSlot] ?? 0;
  }

  /** Lets go of an evicted entry's strings. */
  release(slot: number): void {
    this.ids[slot] = '';
    this.texts[slot] = '';
    this.bursts[slot] = undefined;
  }
}

/** The slot of the entry numbered `ref` in a ring of `capacity` slots (`%` keeps the sign: the loader's numbers are negative). */
function ringSlot(ref: EntryRef, capacity: number): number {
  return ((ref % capacity) + capacity) % capacity;
}

/**
 * The in-memory history, newest first by position. Entries live in a ring of slots: the entry with
 * sequence number `seq` is in slot `seq mod capacity`. Both ends grow: appends take the number after
 * the newest, the loader (reading the file backwards) the one before the oldest; eviction frees the
 * oldest. A freed slot is taken again by the next entry at either end, so the ring needs no more
 * slots than the most entries held at once; it doubles when full, up to `limit` (the history's cap:
 * slack counts as memory held).
 */
export class EntryCollection {
  private slots = new Slots(0);
  /** Sequence number of the oldest entry, and one past the newest's. */
  private first = 0;
  private end = 0;
  private readonly byId = new Map<string, EntryRef>();
  private readonly perChannel = new Map<string, ChannelStats>();
  private unread = 0;
  private readonly kindTable = new Table<Kind>();
  private readonly originTable = new Table<string>();
  private readonly isoTimes = new IsoTimeReader();
  private lastKind: (Kind & { readonly index: number }) | undefined;
  private lastOrigin: string | undefined;
  private readonly extras = new Map<EntryRef, Extras>();
  /** Lower-cased search texts, built by the first search. */
  private readonly haystacks = new Map<EntryRef, string>();
  /** The last burst key the loader stored per channel: members of a burst share one string, as they did when appended. */
  private readonly loadedBursts = new Map<string, string>();

  /** @param limit the most slots worth allocating (the history's cap); more are added only if asked to hold more. */
  constructor(private readonly limit: number) {}

  get size(): number {
    return this.end - this.first;
  }

  /** Slots allocated (for tests: it stays at the cap however many entries come and go). */
  get capacity(): number {
    return this.slots.capacity;
  }

  get unreadCount(): number {
    return this.unread;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  find(id: string): EntryRef | undefined {
    return this.byId.get(id);
  }

  /** Stores `n` as the newest entry (appended now). */
  addNewest(n: TrayNotification, read: boolean): EntryRef {
    this.makeRoom();
    const ref = this.end++;
    this.store(ref, n, read, n.burst);
    return ref;
  }

  /** Stores `n` as the oldest entry (found by the loader reading the file backwards). */
  addOldest(n: TrayNotification, read: boolean): EntryRef {
    this.makeRoom();
    const ref = --this.first;
    let burst = n.burst;
    if (burst !== undefined && burst !== n.id) {
      const shared = this.loadedBursts.get(n.channel);
      if (shared === burst) burst = shared;
      else this.loadedBursts.set(n.channel, burst);
    }
    this.store(ref, n, read, burst);
    return ref;
  }

  removeOldest(): void {
    if (this.size === 0) return;
    const ref = this.first++;
    const slot = this.slotOf(ref);
    const channel = this.kind(ref).channel;
    const read = this.slots.reads[slot] === 1;
    this.byId.delete(this.slots.ids[slot] ?? '');
    this.slots.release(slot);
    this.extras.delete(ref);
    this.haystacks.delete(ref);
    const stats = this.perChannel.get(channel);
    if (stats !== undefined) {
      stats.count--;
      if (!read) stats.unread--;
      if (stats.count <= 0) this.perChannel.delete(channel);
    }
    if (!read) this.unread--;
  }

  /** The entry at `index` counting from the newest (0). */
  at(index: number): EntryRef | undefined {
    return index >= 0 && index < this.size ? this.end - 1 - index : undefined;
  }

  *newestFirst(): Generator<EntryRef> {
    for (let ref = this.end - 1; ref >= this.first; ref--) yield ref;
  }

  *oldestFirst(): Generator<EntryRef> {
    for (let ref = this.first; ref < this.end; ref++) yield ref;
  }

  id(ref: EntryRef): string {
    return this.slots.ids[this.slotOf(ref)] ?? '';
  }

  channel(ref: EntryRef): string {
    return this.kind(ref).channel;
  }

  isRead(ref: EntryRef): boolean {
    return this.slots.reads[this.slotOf(ref)] === 1;
  }

  /** The entry in its public shape, rebuilt for the few entries a page shows. */
  entry(ref: EntryRef): HistoryEntry {
    const { ids, texts, titleEnds, bodyEnds, origins, times, urgencies, reads, bursts } = this.slots;
    const slot = this.slotOf(ref);
    const text = texts[slot] ?? '';
    const titleEnd = titleEnds[slot] ?? 0;
    const bodyEnd = bodyEnds[slot] ?? 0;
    const { channel, event, type } = this.kind(ref);
    const extras = this.extras.get(ref);
    const time = times[slot] ?? Number.NaN;
    const burst = bursts[slot];
    const read = reads[slot] === 1;
    // The same fields in the same order as the notification that was stored, then `read`.
    return {
      id: ids[slot] ?? '',
      channel,
      event,
      title: text.slice(0, titleEnd),
      body: text.slice(titleEnd, bodyEnd),
      url: (this.originTable.valueAt(origins[slot] ?? 0) ?? '') + text.slice(bodyEnd),
      receivedAt: Number.isNaN(time) ? (extras?.receivedAt ?? '') : new Date(time).toISOString(),
      urgency: URGENCIES[urgencies[slot] ?? 1] ?? 'normal',
      ...(type === undefined ? {} : { type }),
      ...(extras?.offlineFrom === undefined ? {} : { offlineFrom: extras.offlineFrom }),
      ...(burst === undefined ? {} : { burst }),
      read,
    };
  }

  /** Lower-cased title, body, channel and event, for searching. */
  haystack(ref: EntryRef): string {
    let text = this.haystacks.get(ref);
    if (text === undefined) {
      const n = this.entry(ref);
      text = `${n.title}\n${n.body}\n${n.channel}\n${n.event}`.toLowerCase();
      this.haystacks.set(ref, text);
    }
    return text;
  }

  /** The entry's line for a compacted file. */
  line(ref: EntryRef, format: (n: TrayNotification, read: boolean) => string): string {
    return format(this.notification(ref), this.isRead(ref));
  }

  /** Marks the entry read; false if it already was. */
  setRead(ref: EntryRef): boolean {
    const slot = this.slotOf(ref);
    if (this.slots.reads[slot] === 1) return false;
    this.slots.reads[slot] = 1;
    this.unread--;
    const stats = this.perChannel.get(this.channel(ref));
    if (stats !== undefined) stats.unread--;
    return true;
  }

  /** Marks the entry unread again; false if it already was. */
  setUnread(ref: EntryRef): boolean {
    const slot = this.slotOf(ref);
    if (this.slots.reads[slot] === 0) return false;
    this.slots.reads[slot] = 0;
    this.unread++;
    const stats = this.perChannel.get(this.channel(ref));
    if (stats !== undefined) stats.unread++;
    return true;
  }

  /** Marks every entry read and returns the ids that changed (in the order they were stored). */
  setAllRead(): string[] {
    const changed: string[] = [];
    if (this.unread === 0) return changed;
    for (const [id, ref] of this.byId) {
      const slot = this.slotOf(ref);
      if (this.slots.reads[slot] === 0) {
        this.slots.reads[slot] = 1;
        changed.push(id);
      }
    }
    this.unread = 0;
    for (const stats of this.perChannel.values()) stats.unread = 0;
    return changed;
  }

  clear(): void {
    this.slots = new Slots(0);
    this.first = 0;
    this.end = 0;
    this.byId.clear();
    this.extras.clear();
    this.haystacks.clear();
    this.loadedBursts.clear();
    this.perChannel.clear();
    this.unread = 0;
  }

  channels(): ChannelCount[] {
    return [...this.perChannel]
      .map(([channel, { count, unread }]) => ({ channel, count, unread }))
      .sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  }

  private notification(ref: EntryRef): TrayNotification {
    const { read: _read, ...n } = this.entry(ref);
    return n;
  }

  private slotOf(ref: EntryRef): number {
    return ringSlot(ref, this.slots.capacity);
  }

  private kind(ref: EntryRef): Kind {
    const index = this.slots.kinds[this.slotOf(ref)] ?? 0;
    return (index === 0 ? this.extras.get(ref)?.kind : this.kindTable.valueAt(index)) ?? { channel: '', event: '', type: undefined };
  }

  /** The kind table's index of n's (channel, event, type). Entries come in runs of one kind: the last one is remembered. */
  private kindIndexOf(n: TrayNotification): number {
    const last = this.lastKind;
    if (last !== undefined && last.channel === n.channel && last.event === n.event && last.type === n.type) return last.index;
    const kind: Kind = { channel: n.channel, event: n.event, type: n.type };
    const index = this.kindTable.indexOf(JSON.stringify([n.channel, n.event, n.type ?? null]), kind);
    if (index !== 0) this.lastKind = { ...kind, index };
    return index;
  }

  /** ORIGIN's match in `url`; links share their origin, so the last one found is tried first. */
  private originOf(url: string): string | undefined {
    const last = this.lastOrigin;
    if (last !== undefined && url.startsWith(last)) {
      // The match would stop where the origin does: at the end, or at a path, query or fragment.
      const next = url.charAt(last.length);
      if (next === '' || next === '/' || next === '?' || next === '#') return last;
    }
    const origin = ORIGIN.exec(url)?.[0];
    if (origin !== undefined) this.lastOrigin = origin;
    return origin;
  }

  /** Fills the slot for `ref` (already counted in first/end) and indexes the entry. */
  private store(ref: EntryRef, n: TrayNotification, read: boolean, burst: string | undefined): void {
    const slots = this.slots;
    const slot = this.slotOf(ref);
    const kindIndex = this.kindIndexOf(n);
    slots.kinds[slot] = kindIndex;

    const origin = this.originOf(n.url);
    const originIndex = origin === undefined ? 0 : this.originTable.indexOf(origin, origin);
    const link = originIndex === 0 ? n.url : n.url.slice(origin?.length ?? 0);
    // join() builds one flat string; `+` would keep the parts alive behind a rope.
    slots.texts[slot] = [n.title, n.body, link].join('');
    slots.titleEnds[slot] = n.title.length;
    slots.bodyEnds[slot] = n.title.length + n.body.length;
    slots.origins[slot] = originIndex;

    const time = this.isoTimes.ms(n.receivedAt);
    slots.times[slot] = time;
    if (kindIndex === 0 || Number.isNaN(time) || n.offlineFrom !== undefined) {
      this.extras.set(ref, {
        ...(kindIndex === 0 ? { kind: { channel: n.channel, event: n.event, type: n.type } } : {}),
        ...(Number.isNaN(time) ? { receivedAt: n.receivedAt } : {}),
        ...(n.offlineFrom === undefined ? {} : { offlineFrom: n.offlineFrom }),
      });
    }

    slots.ids[slot] = n.id;
    slots.bursts[slot] = burst === n.id ? n.id : burst;
    slots.urgencies[slot] = URGENCY_INDEX[n.urgency];
    slots.reads[slot] = read ? 1 : 0;

    this.byId.set(n.id, ref);
    let stats = this.perChannel.get(n.channel);
    if (stats === undefined) {
      stats = { count: 0, unread: 0 };
      this.perChannel.set(n.channel, stats);
    }
    stats.count++;
    if (!read) {
      stats.unread++;
      this.unread++;
    }
  }

  /** Makes sure one more entry fits: doubles the ring (up to `limit`, past it only when asked to hold more). */
  private makeRoom(): void {
    const capacity = this.slots.capacity;
    if (this.size < capacity) return;
    const grown = capacity < this.limit ? Math.min(Math.max(capacity * 2, 16), this.limit) : capacity + Math.max(16, capacity >> 4);
    const next = new Slots(grown);
    for (let ref = this.first; ref < this.end; ref++) next.copySlot(this.slots, this.slotOf(ref), ringSlot(ref, grown));
    this.slots = next;
  }
}
