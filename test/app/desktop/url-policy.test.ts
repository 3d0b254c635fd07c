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
