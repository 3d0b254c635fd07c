import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { DemoLaravel } from '../../../app/demo/demo-laravel.js';

const USER = { id: 7, name: 'Dana', email: 'dana@demo.invalid', password: 'secret' };

/** A browser-like form post (no JSON Accept): Laravel answers a login that fails validation with a redirect back. */
function formLogin(url: string, referer: string): Promise<{ status: number; location: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Referer: referer },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end('email=dana%40demo.invalid&password=');
  });
}

describe('the demo Laravel stand-in', () => {
  let laravel: DemoLaravel;
  before(async () => {
    laravel = new DemoLaravel({ users: [USER] });
    await laravel.start();
  });
  after(() => laravel.stop());

  it('escapes the redirect target in its HTML page, as Symfony\'s RedirectResponse does (a Referer is not markup)', async () => {
    const referer = 'http://127.0.0.1/"><script>alert(1)</script>';
    const answer = await formLogin(laravel.url, referer);
    assert.equal(answer.status, 302);
    assert.equal(answer.location, referer, 'the Location header carries the URL as is');
    assert.ok(!answer.body.includes('<script>'), answer.body);
    assert.ok(answer.body.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'), answer.body);
  });
});
