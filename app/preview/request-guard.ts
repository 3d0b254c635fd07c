import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Who may talk to the preview. It runs a logged-in core on 127.0.0.1, where every other local
 * page and program can reach it, so every request must:
 *  - name this server in Host (127.0.0.1:<port> or localhost:<port>): a DNS-rebinding page
 *    has its own host name there;
 *  - come from this origin if it says where it comes from (Origin, Sec-Fetch-Site): another
 *    local page, even on another port of 127.0.0.1, is refused;
 *  - carry the per-run random token as its first path segment (`/<token>/…`), which only the
 *    terminal that started the preview has seen.
 */
export interface GuardConfig {
  readonly token: string;
  readonly port: number;
}

export interface GuardedRequest {
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

export type GuardVerdict =
  | { readonly ok: true; /** The path after `/<token>/`, without the query string. */ readonly path: string; readonly slash: boolean }
  | { readonly ok: false; readonly status: 403 | 404; readonly reason: string };

export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `requireOrigin`: WebSocket upgrades, which browsers always send with an Origin. */
export function checkRequest(req: GuardedRequest, config: GuardConfig, requireOrigin = false): GuardVerdict {
  const host = header(req.headers, 'host')?.toLowerCase();
  if (host === undefined || !allowedHosts(config.port).includes(host)) {
    return { ok: false, status: 403, reason: `unexpected Host ${JSON.stringify(host ?? null)}` };
  }
  const origin = header(req.headers, 'origin');
  if (origin === undefined ? requireOrigin : origin !== `http://${host}`) {
    return { ok: false, status: 403, reason: `cross-origin request from ${JSON.stringify(origin ?? null)}` };
  }
  const site = header(req.headers, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, status: 403, reason: `cross-site request (${site})` };
  }
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  const match = /^\/([^/]+)(\/(.*))?$/.exec(rawPath);
  if (match === null || !sameToken(match[1] ?? '', config.token)) {
    return { ok: false, status: 404, reason: 'no or wrong token in the path' };
  }
  return { ok: true, path: match[3] ?? '', slash: match[2] !== undefined };
}
