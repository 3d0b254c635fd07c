import { createRequire } from 'node:module';
import type ioV2Module from 'socket.io-client-v2';
import type { io as ioV4Function } from 'socket.io-client';
import { errorWithCause } from '../util/error-reason.js';

// Required on first use: a desktop on Redis or Pusher never loads either socket.io client, which
// is a good part of the CLI's start-up time.
const require = createRequire(import.meta.url);
const ioV2 = (...args: Parameters<typeof ioV2Module>): ReturnType<typeof ioV2Module> =>
  (require('socket.io-client-v2') as typeof ioV2Module)(...args);
const ioV4 = (...args: Parameters<typeof ioV4Function>): ReturnType<typeof ioV4Function> =>
  (require('socket.io-client') as { io: typeof ioV4Function }).io(...args);

/** The handful of socket.io client calls the transport needs, the same for client majors 2 and 4. */
export interface SocketIoClient {
  readonly id: () => string | undefined;
  onConnect(cb: () => void): void;
  onDisconnect(cb: (reason: string) => void): void;
  onConnectError(cb: (reason: string) => void): void;
  /** Every incoming event, whatever its name. */
  onAnyEvent(cb: (event: unknown, args: readonly unknown[]) => void): void;
  emit(event: string, payload: unknown): void;
  close(): void;
}

export interface SocketIoClientOptions {
  readonly host: string;
  readonly path: string;
  readonly connectTimeoutMs: number;
  /** Raw packets larger than this are dropped before they are decoded, and reported to `onOversized`. */
  readonly maxPacketBytes?: number;
  /** `head`: the packet's first 200 characters, e.g. `2["event","channel",{…`. */
  readonly onOversized?: (bytes: number, head: string) => void;
}

export type SocketIoMajor = 2 | 4;

export type SocketIoClientFactory = (major: SocketIoMajor, opts: SocketIoClientOptions) => SocketIoClient;

/** Each attempt gets a brand-new client with the library's own reconnection off: we own the backoff. */
export const createSocketIoClient: SocketIoClientFactory = (major, opts) => (major === 2 ? createV2(opts) : createV4(opts));

/** One fresh connection per attempt, websocket only (Node needs no polling fallback), no library retries. */
function connectOptions(opts: SocketIoClientOptions) {
  return { path: opts.path, forceNew: true, reconnection: false, timeout: opts.connectTimeoutMs, transports: ['websocket'] };
}

/** The manager's per-packet entry point (socket.io-client 2 and 4 alike), before any JSON parsing. */
interface PacketSink {
  ondata(data: unknown): void;
}

/**
 * Replaces the manager's `ondata` before its engine opens (both majors bind it on open), so that a
 * packet over the limit is measured as it came off the wire and never parsed.
 */
function guardPacketSize(manager: PacketSink, opts: SocketIoClientOptions): void {
  const max = opts.maxPacketBytes;
  if (max === undefined) return;
  const decode = manager.ondata.bind(manager);
  manager.ondata = (data: unknown): void => {
    const bytes = packetBytes(data, max);
    if (bytes <= max) {
      decode(data);
      return;
    }
    opts.onOversized?.(bytes, typeof data === 'string' ? data.slice(0, 200) : '(binary)');
  };
}

/** UTF-8 size of a text packet (counted only when it could be over `max`), or a binary one's length. */
function packetBytes(data: unknown, max: number): number {
  if (typeof data === 'string') return data.length * 3 <= max ? data.length : Buffer.byteLength(data, 'utf8');
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** The leading JSON strings of an event packet's head (`2["event","channel",…` → event, channel). */
export function packetStrings(head: string): string[] {
  const open = head.indexOf('[');
  if (open < 0) return [];
  const found: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*")\s*,?/y;
  re.lastIndex = open + 1;
  for (let m = re.exec(head); m !== null && found.length < 2; m = re.exec(head)) {
    try {
      found.push(JSON.parse(m[1] ?? '""') as string);
    } catch {
      break;
    }
  }
  return found;
}

function createV2(opts: SocketIoClientOptions): SocketIoClient {
  const socket = ioV2(opts.host, connectOptions(opts));
  guardPacketSize(socket.io, opts);
  return {
    id: () => socket.id,
    onConnect: (cb) => void socket.on('connect', () => cb()),
    onDisconnect: (cb) => void socket.on('disconnect', (reason) => cb(String(reason))),
    onConnectError: (cb) => {
      socket.on('connect_error', (err) => cb(errorWithCause(err)));
      socket.on('connect_timeout', () => cb(`no answer within ${opts.connectTimeoutMs} ms`));
      socket.on('error', (err) => cb(errorWithCause(err)));
    },
    onAnyEvent: (cb) => {
      // socket.io 2.x has no onAny(): every event packet passes through onevent().
      const original = socket.onevent.bind(socket);
      socket.onevent = (packet) => {
        const [event, ...args] = packet.data ?? [];
        cb(event, args);
        original(packet);
      };
    },
    emit: (event, payload) => void socket.emit(event, payload),
    close: () => {
      socket.removeAllListeners();
      socket.close();
    },
  };
}

function createV4(opts: SocketIoClientOptions): SocketIoClient {
  const socket = ioV4(opts.host, connectOptions(opts));
  // `ondata` is private in the v4 typings; it is the same entry point as in v2.
  guardPacketSize(socket.io as unknown as PacketSink, opts);
  return {
    id: () => socket.id,
    onConnect: (cb) => void socket.on('connect', () => cb()),
    onDisconnect: (cb) => void socket.on('disconnect', (reason) => cb(String(reason))),
    onConnectError: (cb) => void socket.on('connect_error', (err) => cb(errorWithCause(err))),
    onAnyEvent: (cb) => void socket.onAny((event: unknown, ...args: unknown[]) => cb(event, args)),
    emit: (event, payload) => void socket.emit(event, payload),
    close: () => {
      socket.removeAllListeners();
      socket.offAny();
      socket.close();
    },
  };
}
