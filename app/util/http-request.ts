import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpCall {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** For the whole exchange, connect to last byte (as fetch's AbortSignal.timeout was). */
  readonly timeoutMs: number;
  /** Bytes of answer kept at most; more is an error when `overflow` is 'fail', else cut off. */
  readonly maxBytes: number;
  readonly overflow?: 'fail' | 'truncate';
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/**
 * One HTTP exchange over node:http/https. Not fetch: fetch refuses the browsers' "bad ports" (6000,
 * 6665-6669, 10080…) that a Laravel app or a relay may well listen on. Redirects are never followed:
 * the caller sees the 3xx and its Location. A timeout rejects with an Error named 'TimeoutError'.
 */
export function sendHttp(call: HttpCall): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const send = call.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { ...call.headers };
    if (call.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(call.body));
    let settled = false;
    const finish = (err: Error | undefined, answer?: HttpAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err !== undefined) reject(err);
      else if (answer !== undefined) resolve(answer);
    };
    const req = send(call.url, { method: call.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= call.maxBytes) chunks.push(chunk);
        else if (call.overflow === 'fail') req.destroy(new Error(`the answer is larger than ${call.maxBytes} bytes`));
      });
      res.on('end', () => {
        finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (err) => finish(err));
    });
    const timeout = Object.assign(new Error(`no answer within ${call.timeoutMs} ms`), { name: 'TimeoutError' });
    const timer = setTimeout(() => req.destroy(timeout), call.timeoutMs);
    req.on('error', (err) => finish(err));
    req.end(call.body);
  });
}
