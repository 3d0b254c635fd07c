import { httpText, pollingUrl } from '../transport/engine-io-probe.js';
import { fail, pass, type DoctorCheck } from './check.js';
import { errorReason } from '../util/error-reason.js';

/** What one engine.io polling handshake answered. */
export type Handshake =
  | {
    readonly kind: 'open';
    readonly eio: 3 | 4;
    readonly sid: string | undefined;
    readonly pingInterval: number | undefined;
    readonly pingTimeout: number | undefined;
  }
  | { readonly kind: 'refused'; readonly status: number; readonly body: string }
  | { readonly kind: 'unreachable'; readonly reason: string };

/**
 * Reads an engine.io open packet. engine.io 4 (socket.io 3/4) answers `0{"sid"…}`; engine.io 3
 * (socket.io 2, laravel-echo-server) frames the same packet as `<length>:0{"sid"…}`, whatever EIO
 * the request asked for. A v4 server refuses EIO=3 with 400 unless it was started with allowEIO3.
 */
export function readHandshake(status: number, body: string): Handshake {
  if (status === 200) {
    const framed = /^(\d+):0(\{.*)/s.exec(body);
    const json = body.startsWith('0{') ? body.slice(1) : framed?.[2] !== undefined ? framed[2].slice(0, Number(framed[1]) - 1) : undefined;
    if (json !== undefined) {
      const open = parseObject(json);
      return {
        kind: 'open',
        eio: body.startsWith('0{') ? 4 : 3,
        sid: typeof open?.sid === 'string' ? open.sid : undefined,
        pingInterval: typeof open?.pingInterval === 'number' ? open.pingInterval : undefined,
        pingTimeout: typeof open?.pingTimeout === 'number' ? open.pingTimeout : undefined,
      };
    }
  }
  return { kind: 'refused', status, body: body.length > 120 ? `${body.slice(0, 120)}…` : body };
}

function parseObject(json: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function handshake(host: string, path: string, eio: 3 | 4, timeoutMs: number): Promise<Handshake> {
  const url = pollingUrl(host, path);
  url.searchParams.set('EIO', String(eio));
  url.searchParams.set('transport', 'polling');
  let answer: Handshake;
  try {
    const res = await httpText(url, 'GET', undefined, timeoutMs);
    answer = readHandshake(res.status, res.body);
  } catch (err) {
    return { kind: 'unreachable', reason: errorReason(err, timeoutMs) };
  }
  if (answer.kind === 'open' && answer.sid !== undefined) {
    // Close the probe's session at once (engine.io close packet "1"), so it does not linger until its ping timeout.
    url.searchParams.set('sid', answer.sid);
    await httpText(url, 'POST', answer.eio === 4 ? '1' : '1:1', timeoutMs).catch(() => undefined);
  }
  return answer;
}

export interface SocketIoRelay {
  readonly host: string;
  readonly path: string;
  /** The client major the profile asks for. */
  readonly socketio: 2 | 4 | 'auto';
}

/** Is a socket.io relay listening, which protocol does it speak, and does the profile's client match it? */
export async function checkSocketIoRelay(relay: SocketIoRelay, timeoutMs: number): Promise<DoctorCheck> {
  const [v3, v4] = await Promise.all([handshake(relay.host, relay.path, 3, timeoutMs), handshake(relay.host, relay.path, 4, timeoutMs)]);
  const where = pollingUrl(relay.host, relay.path).toString();
  if (v3.kind === 'unreachable' && v4.kind === 'unreachable') {
    return fail(
      'relay',
      `cannot reach the relay at ${relay.host}: ${v4.reason}`,
      'start the relay (laravel-echo-server start), or correct connection.host (scheme, host, port) and check that the firewall lets '
        + 'this machine in',
    );
  }
  const speaks2 = v3.kind === 'open' && v3.eio === 3;
  const speaks4 = v4.kind === 'open' && v4.eio === 4;
  if (!speaks2 && !speaks4) {
    const answer = v4.kind === 'refused'
      ? `HTTP ${v4.status}: ${v4.body || '(empty)'}`
      : v3.kind === 'refused' ? `HTTP ${v3.status}: ${v3.body || '(empty)'}` : 'no engine.io handshake';
    return fail(
      'relay',
      `${where} does not answer as socket.io (${answer})`,
      `check connection.host and connection.path (laravel-echo-server serves ${'/socket.io'}); something else listens there`,
    );
  }
  const open = speaks4 && v4.kind === 'open' ? v4 : v3.kind === 'open' ? v3 : undefined;
  const pings = open?.pingInterval !== undefined && open.pingTimeout !== undefined
    ? `; pings every ${open.pingInterval / 1000} s, a silent relay is noticed within ${(open.pingInterval + open.pingTimeout) / 1000} s`
    : '';
  const protocol = speaks2 && speaks4
    ? 'socket.io v3/v4 with allowEIO3 (engine.io 4 and 3)'
    : speaks2 ? 'socket.io v2 (engine.io 3), as laravel-echo-server 1.x' : 'socket.io v3/v4 (engine.io 4)';
  const wanted = relay.socketio;
  if (wanted === 4 && !speaks4) {
    return fail(
      'relay',
      `${relay.host} speaks ${protocol}, but the profile asks for socket.io client 4, which cannot connect to it`,
      'set connection.socketio to 2 in the profile',
    );
  }
  if (wanted === 2 && !speaks2) {
    return fail(
      'relay',
      `${relay.host} speaks ${protocol}, but the profile asks for socket.io client 2, which cannot connect to it`,
      'set connection.socketio to 4 in the profile',
    );
  }
  return pass(
    'relay',
    `${relay.host} speaks ${protocol}; the profile's client (${wanted === 'auto' ? 'auto' : `v${wanted}`}) fits${pings}`,
  );
}
