import { oversizeReason, type RawMessage } from '../transport/transport.js';
import type { BroadcastEvent } from './notification.js';

export type Normalized = { readonly ok: true; readonly event: BroadcastEvent } | { readonly ok: false; readonly reason: string };

const MAX_EVENT_NAME = 512;

type Payload = Record<string, unknown>;

/** `App\Events\TodoEventUpdated` → `TodoEventUpdated`; `.backend_poster` → `backend_poster`. */
export function shortEventName(event: string): string {
  const noDot = event.startsWith('.') ? event.slice(1) : event;
  const cut = noDot.lastIndexOf('\\');
  return cut >= 0 ? noDot.slice(cut + 1) : noDot;
}

/**
 * Checks the shape of an event whatever transport brought it. Laravel always sends an object
 * (PHP's empty array arrives as `[]`, taken as empty) with its own `socket` key, dropped here.
 */
export function normalize(raw: RawMessage, transport: string, receivedAt: Date, maxEventBytes: number): Normalized {
  const name = raw.event;
  const event = typeof name === 'string' ? name.trim() : '';
  if (typeof name !== 'string' || event === '') {
    return {
      ok: false,
      reason: name === undefined ? 'no "event" name in the envelope' : `event name is not a string (${typeof name})`,
    };
  }
  if (name.length > MAX_EVENT_NAME) return { ok: false, reason: `event name longer than ${MAX_EVENT_NAME} characters` };
  if (raw.bytes !== undefined && raw.bytes > maxEventBytes) return { ok: false, reason: oversizeReason(raw.bytes, maxEventBytes) };
  let data: Record<string, unknown>;
  if (Array.isArray(raw.data) && raw.data.length === 0) data = {};
  else if (typeof raw.data === 'object' && raw.data !== null && !Array.isArray(raw.data)) data = withoutSocket(raw.data as Payload);
  else if (raw.data === undefined || raw.data === null) data = {};
  else return { ok: false, reason: `"data" is ${Array.isArray(raw.data) ? 'a list' : `a ${typeof raw.data}`}, expected an object` };
  return { ok: true, event: { channel: raw.channel, event, shortEvent: shortEventName(event), data, transport, receivedAt } };
}

/**
 * A copy without Laravel's `socket` key (the sender's socket id, null for server-side broadcasts).
 * Copied by rest, not `delete`d: a deleted key turns the object into a slow dictionary for every
 * later field lookup of the mapper.
 */
function withoutSocket(data: Payload): Payload {
  if (data.socket !== null && typeof data.socket !== 'string') return { ...data };
  const { socket: _socket, ...rest } = data;
  return rest;
}
