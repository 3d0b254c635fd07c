/** What the Pusher protocol says to do after an error code (pusher:error or WebSocket close code). */
export type PusherErrorAction = 'give-up' | 'backoff' | 'reconnect-now';

export interface PusherError {
  readonly code: number | undefined;
  readonly message: string | undefined;
}

/** 4000-4099: do not reconnect as is; 4100-4199: reconnect after a backoff; 4200-4299: reconnect now. */
export function pusherErrorAction(code: number | undefined): PusherErrorAction {
  if (code === undefined || code < 4000) return 'backoff';
  if (code < 4100) return 'give-up';
  if (code < 4200) return 'backoff';
  if (code < 4300) return 'reconnect-now';
  return 'backoff';
}

/** 4100 "Over capacity" (Pusher; Soketi at its connection quota): the server asks to wait, it is not a fault. */
export const PUSHER_OVER_CAPACITY = 4100;

const MEANINGS: Readonly<Record<number, string>> = {
  4000: 'the server accepts only TLS connections: set connection.forceTLS to true',
  4001: 'application does not exist: check connection.key (PUSHER_APP_KEY / REVERB_APP_KEY) and the server',
  4003: 'application disabled',
  4004: 'application is over its connection quota',
  4005: 'path not found',
  4006: 'invalid version string format',
  4007: 'unsupported protocol version',
  4008: 'no protocol version supplied',
  4009: 'connection is unauthorized',
  4100: 'over capacity',
  4200: 'the server asks to reconnect',
  4201: 'pong reply not received',
  4202: 'closed after inactivity',
};

/** `4001 application does not exist: … ("App key x does not exist.")` */
export function describePusherError(e: PusherError): string {
  const meaning = e.code === undefined ? undefined : MEANINGS[e.code];
  const message = e.message?.trim();
  if (e.code === undefined) return message ? `pusher:error "${message}"` : 'pusher:error';
  const head = `${e.code} ${meaning ?? (e.code >= 4000 ? 'Pusher protocol error' : 'WebSocket closed')}`;
  return message && message.toLowerCase() !== meaning?.toLowerCase() ? `${head} ("${message}")` : head;
}

/** The `{code, message}` of a pusher:error (data as object or JSON string) or of a close event. */
export function readPusherError(value: unknown): PusherError | undefined {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return { code: undefined, message: v as string };
    }
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const rec = v as Record<string, unknown>;
  const code = typeof rec.code === 'number'
    ? rec.code
    : typeof rec.code === 'string' && /^\d+$/.test(rec.code) ? Number(rec.code) : undefined;
  const message = typeof rec.message === 'string'
    ? rec.message
    : typeof rec.reason === 'string' && rec.reason !== '' ? rec.reason : undefined;
  if (code === undefined && message === undefined) return undefined;
  return { code, message };
}
