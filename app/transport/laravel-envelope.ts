import { sampleOf } from '../util/log-format.js';
import type { MalformedInput, RawMessage, WireEnvelope } from './transport.js';

/**
 * Reads a broadcast envelope: its event and data, or why it is not one. Done when the core gets to
 * the event rather than when it arrives, so that a burst's backlog holds bytes, not parsed objects
 * that every young-generation GC would have to copy.
 */
export function readEnvelope({ channel, envelope: wire }: WireEnvelope): RawMessage | MalformedInput {
  const text = wire.toString('utf8');
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch (err) {
    return { channel, reason: `not JSON: ${(err as Error).message}`, sample: sampleOf(text) };
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    return { channel, reason: 'not a Laravel broadcast envelope ({"event", "data", "socket"})', sample: sampleOf(text) };
  }
  const env = envelope as Record<string, unknown>;
  return { channel, event: env.event, data: env.data, bytes: wire.length };
}
