import { sendHttp } from '../util/http-request.js';
import { errorWithCause } from '../util/error-reason.js';

/**
 * What a relay's engine.io handshake says about its socket.io major:
 * engine.io 4 (socket.io 3/4) opens with `0{"sid"…}`, engine.io 3 (socket.io 1/2, laravel-echo-server)
 * frames the same packet as `<length>:0{"sid"…}`.
 */
export type SocketIoDetection =
  | { readonly kind: 'detected'; readonly major: 2 | 4; readonly sid: string | undefined }
  | { readonly kind: 'inconclusive'; readonly reason: string }
  | { readonly kind: 'unreachable'; readonly reason: string };

export type SocketIoDetector = (host: string, path: string, timeoutMs: number) => Promise<SocketIoDetection>;

export function classifyHandshake(status: number, body: string): SocketIoDetection {
  if (status === 200) {
    if (body.startsWith('0{')) return { kind: 'detected', major: 4, sid: sidOf(body.slice(1)) };
    const framed = /^(\d+):0(\{.*)/s.exec(body);
    if (framed?.[2] !== undefined) return { kind: 'detected', major: 2, sid: sidOf(framed[2].slice(0, Number(framed[1]) - 1)) };
  }
  const short = body.length > 120 ? `${body.slice(0, 120)}…` : body;
  return { kind: 'inconclusive', reason: `the polling handshake answered HTTP ${status}: ${short || '(empty)'}` };
}

function sidOf(json: string): string | undefined {
  try {
    const open: unknown = JSON.parse(json);
    if (typeof open === 'object' && open !== null && typeof (open as Record<string, unknown>).sid === 'string') {
      return (open as Record<string, string>).sid;
    }
  } catch {
    // an open packet we cannot read still tells the framing
  }
  return undefined;
}

/** `ws://h:6001` + `/socket.io` → `http://h:6001/socket.io/` (the engine.io endpoint, whatever namespace). */
export function pollingUrl(host: string, path: string): URL {
  const base = new URL(host);
  const scheme = base.protocol === 'wss:' || base.protocol === 'https:' ? 'https:' : 'http:';
  return new URL(`${scheme}//${base.host}${path.replace(/\/+$/, '')}/`);
}

/**
 * One engine.io polling handshake asking for protocol 4: a v4 server answers in its own framing,
 * an engine.io 3 server (which does not check the version) in its older one. The probe's session is
 * closed right away so the relay does not keep a half-open client for its ping timeout.
 */
export const detectSocketIoMajor: SocketIoDetector = async (host, path, timeoutMs) => {
  const url = pollingUrl(host, path);
  url.searchParams.set('EIO', '4');
  url.searchParams.set('transport', 'polling');
  url.searchParams.set('t', Date.now().toString(36));
  let answer: { status: number; body: string };
  try {
    answer = await httpText(url, 'GET', undefined, timeoutMs);
  } catch (err) {
    return { kind: 'unreachable', reason: `${url.origin}: ${errorWithCause(err)}` };
  }
  const found = classifyHandshake(answer.status, answer.body);
  if (found.kind === 'detected' && found.sid !== undefined) {
    url.searchParams.set('sid', found.sid);
    // engine.io close packet: "1", framed as "1:1" by engine.io 3.
    void httpText(url, 'POST', found.major === 4 ? '1' : '1:1', timeoutMs).catch(() => undefined);
  }
  return found;
};

/** The handshake's text (first 64 KB), over node:http: fetch refuses "bad ports" (6000, 6665…) a relay may use. */
export async function httpText(
  url: URL,
  method: 'GET' | 'POST',
  body: string | undefined,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'text/plain;charset=UTF-8' };
  const answer = await sendHttp({ method, url, headers, body, timeoutMs, maxBytes: 64 * 1024, overflow: 'truncate' });
  return { status: answer.status, body: answer.text };
}
