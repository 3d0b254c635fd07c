import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOpenableUrl } from '../../../app/desktop/url-policy.js';

const allowed = ['https://app.acme.test', 'https://docs.acme.test/some/path'];

describe('URL policy', () => {
  it('opens http(s) links on the Laravel app\'s origin or an allowed one', () => {
    assert.deepEqual(
      checkOpenableUrl('https://app.acme.test/todos/5?x=1#c', allowed),
      { ok: true, url: 'https://app.acme.test/todos/5?x=1#c' },
    );
    assert.equal(checkOpenableUrl(' https://docs.acme.test/a ', allowed).ok, true);
  });

  it('refuses other schemes, other hosts, look-alikes, ports and credentials', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'http://app.acme.test/todos',
      'https://app.acme.test.evil.example/',
      'https://app.acme.test:8443/',
      'https://user:pw@app.acme.test/',
      'https://evil.example/?https://app.acme.test',
      '/relative/path',
      '',
    ]) {
      assert.equal(checkOpenableUrl(url, allowed).ok, false, url);
    }
  });
});

describe('URL policy: why a link is refused (the staff\'s message and the log say it)', () => {
  const refusal = (raw: string) => {
    const verdict = checkOpenableUrl(raw, allowed);
    return verdict.ok ? verdict : { refusal: verdict.refusal, reason: verdict.reason };
  };

  it('no link: empty or blank', () => {
    for (const raw of ['', '   ', '\n\t']) {
      assert.deepEqual(refusal(raw), { refusal: { kind: 'no-link' }, reason: 'this notification has no link' }, JSON.stringify(raw));
    }
  });

  it('not a URL at all', () => {
    for (const raw of ['/relative/path', 'app.acme.test/todos', 'https://']) {
      assert.deepEqual(refusal(raw), { refusal: { kind: 'invalid' }, reason: 'the link is not a valid URL' }, raw);
    }
  });

  it('a scheme other than http(s), named', () => {
    assert.deepEqual(refusal('JaVaScRiPt:alert(1)'), {
      refusal: { kind: 'scheme', scheme: 'javascript:' },
      reason: 'links of type "javascript:" are never opened',
    });
    assert.deepEqual(refusal('file:///etc/passwd'), {
      refusal: { kind: 'scheme', scheme: 'file:' },
      reason: 'links of type "file:" are never opened',
    });
  });

  it('a user name or a password in the link, even on the app\'s own address', () => {
    for (const raw of ['https://user:pw@app.acme.test/', 'https://user@app.acme.test/', 'https://:pw@app.acme.test/']) {
      assert.deepEqual(
        refusal(raw),
        { refusal: { kind: 'credentials' }, reason: 'links that carry a user name or password are not opened' },
        raw,
      );
    }
  });

  it('another site, named by its origin; an allowed origin that is not a URL allows nothing', () => {
    assert.deepEqual(refusal('https://app.acme.test.evil.example/x'), {
      refusal: { kind: 'other-site', origin: 'https://app.acme.test.evil.example' },
      reason: 'https://app.acme.test.evil.example is not the Laravel app\'s address',
    });
    const verdict = checkOpenableUrl('https://app.acme.test/', ['not a url', 'https://other.acme.test']);
    assert.equal(verdict.ok, false);
  });
});
