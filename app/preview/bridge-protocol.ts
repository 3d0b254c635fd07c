import { isInvokeChannel, isPushChannel, type InvokeChannel, type PushChannel } from '../bridge/contract.js';

/**
 * The preview's wire format between the browser-side bridge and the preview server, one JSON
 * object per WebSocket message. It carries exactly the typed contract: invokes (answered by id)
 * and pushes.
 */
export type ClientMessage = {
  readonly t: 'invoke';
  readonly id: number;
  readonly channel: InvokeChannel;
  readonly args: readonly unknown[];
};

export type ServerMessage =
  | { readonly t: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly t: 'result'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly t: 'push'; readonly channel: PushChannel; readonly args: readonly unknown[] };

/** Longest message either side accepts. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

function record(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export type ParsedClientMessage = { readonly ok: true; readonly message: ClientMessage } | {
  readonly ok: false;
  readonly id: number | undefined;
  readonly error: string;
};

/** What the server got from a page: untrusted until this says otherwise. */
export function parseClientMessage(text: string): ParsedClientMessage {
  const m = record(text);
  if (m === undefined) return { ok: false, id: undefined, error: 'not a JSON object' };
  const id = isId(m.id) ? m.id : undefined;
  if (m.t !== 'invoke' || id === undefined) return { ok: false, id, error: 'expected {"t":"invoke","id":…}' };
  if (!isInvokeChannel(m.channel)) return { ok: false, id, error: `unknown invoke channel ${JSON.stringify(m.channel)}` };
  if (!Array.isArray(m.args)) return { ok: false, id, error: 'args must be a list' };
  return { ok: true, message: { t: 'invoke', id, channel: m.channel, args: m.args as unknown[] } };
}

export function parseServerMessage(text: string): ServerMessage | undefined {
  const m = record(text);
  if (m === undefined) return undefined;
  if (m.t === 'push' && isPushChannel(m.channel) && Array.isArray(m.args)) {
    return { t: 'push', channel: m.channel, args: m.args as unknown[] };
  }
  if (m.t === 'result' && isId(m.id)) {
    if (m.ok === true) return { t: 'result', id: m.id, ok: true, value: m.value };
    if (m.ok === false && typeof m.error === 'string') return { t: 'result', id: m.id, ok: false, error: m.error };
  }
  return undefined;
}
