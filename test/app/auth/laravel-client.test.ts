// Issue 12.10: the Laravel client speaks node:http, so an app on one of fetch's "bad ports" (6000,
// 6665-6669, 10080…) is reachable; timeouts and the refusal to follow redirects stay as they were.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { LaravelClient, LoginError } from '../../../app/auth/laravel-client.js';
import { openSession } from '../../../app/auth/session.js';
import { parseProfile } from '../../../app/profile/profile.js';
import { FakeLaravel } from '../../support/fake-laravel.js';
import { ALICE } from '../../support/stack.js';

/** Ports undici's fetch refuses (fetch spec "bad ports"), any of which a Laravel app may use. */
const BAD_PORTS = [6000, 6665, 6666, 6667, 6668, 6669, 6697, 10080, 6566, 5060, 5061, 4190];

async function startOnBadPort(laravel: FakeLaravel): Promise<number> {
  for (const port of BAD_PORTS) {
    try {
      await laravel.start(port);
      return port;
    } catch {
      // taken on this machine: the next one
    }
  }
  throw new Error(`none of the fetch bad ports ${BAD_PORTS.join(', ')} is free`);
}

function clientFor(url: string, timeoutMs?: number): LaravelClient {
  const { profile } = parseProfile({ name: 'T', laravel: { url }, connection: { broadcaster: 'socket.io', host: 'http://127.0.0.1:1' },
    channels: ['c'] });
  return new LaravelClient(profile.laravel, timeoutMs === undefined ? {} : { timeoutMs });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1',
    () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe('Laravel client over node:http (issue 12.10)', () => {
  const laravel = new FakeLaravel({ users: [ALICE] });
  let port: number;
  before(async () => {
    port = await startOnBadPort(laravel);
  });
  after(async () => laravel.stop());

  it(`logs in, reads the user and authorizes a channel on a fetch "bad port"`, async () => {
    const client = clientFor(`http://127.0.0.1:${port}`);
    const session = await openSession(client, { email: ALICE.email, password: ALICE.password });
    assert.equal(session.userId, String(ALICE.id));
    assert.equal((await client.me(session.token)).email, ALICE.email);
    const auth = await client.authorizeChannel(session.token, `private-App.Models.User.${ALICE.id}`);
    assert.equal(auth.ok, true);
    const refused = await client.authorizeChannel(session.token, 'private-App.Models.User.1');
    assert.deepEqual([refused.ok, refused.status], [false, 403]);
  });

  it('one request function: method, path, headers, body, timeout → status, headers, parsed body', async () => {
    const client = clientFor(`http://127.0.0.1:${port}`);
    const answer = await client.request({ method: 'POST', path: '/api/login', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: ALICE.email, password: 'wrong' }) });
    assert.equal(answer.status, 401);
    assert.match(String(answer.headers['content-type']), /application\/json/);
    assert.deepEqual(answer.body, { error: 'Unauthorized' });
  });

  it('refuses to follow a redirect and times out a silent app', async (t) => {
    const silent: Server[] = [];
    const redirecting = createServer((_req, res) => {
      res.writeHead(302, { Location: 'http://127.0.0.1:1/login' });
      res.end();
    });
    const hanging = createServer(() => undefined);
    silent.push(redirecting, hanging);
    t.after(() => {
      for (const s of silent) {
        s.closeAllConnections();
        s.close();
      }
    });
    await assert.rejects(clientFor(await listen(redirecting)).login(ALICE.email, ALICE.password), (err: unknown) => {
      assert.ok(err instanceof LoginError);
      assert.equal(err.status, 302);
      assert.match(err.message, /redirect \(302 to http:\/\/127\.0\.0\.1:1\/login\)/);
      return true;
    });
    await assert.rejects(clientFor(await listen(hanging), 200).me('t'), (err: unknown) => {
      assert.ok(err instanceof LoginError);
      assert.equal(err.kind, 'unreachable');
      assert.match(err.message, /no answer/);
      return true;
    });
  });
});
