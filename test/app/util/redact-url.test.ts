// Issue 12.7: a URL quoted in a message never carries its password, whether or not it parses.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseProfile, ProfileError } from '../../../app/profile/profile.js';
import { redactUrl } from '../../../app/util/redact-url.js';
import { runCli } from '../../support/cli.js';

const BAD = [
  'redis://:pass#word@host:6379',
  'redis://default:pass#word@host',
  'redis://:pass@word@host:abc',
  'https://admin:pass#word@app.acme.test:notaport/',
  'rediss://u:pass#word@[::1:6379/0',
];

function profileWith(connectionUrl: string, laravelUrl = 'https://app.acme.test'): unknown {
  return { name: 'Acme', laravel: { url: laravelUrl }, connection: { broadcaster: 'redis', url: connectionUrl },
    channels: ['poster_room'] };
}

function problems(input: unknown): string {
  try {
    parseProfile(input);
  } catch (err) {
    assert.ok(err instanceof ProfileError);
    return err.problems.join('\n');
  }
  assert.fail('expected a ProfileError');
}

describe('credentials in quoted URLs (issue 12.7)', () => {
  it('redactUrl hides the password of valid and invalid URLs, keeps what locates the server', () => {
    assert.equal(redactUrl('redis://:secret@10.0.0.5:6379/2'), 'redis://:***@10.0.0.5:6379/2');
    assert.equal(redactUrl('https://app.acme.test/x'), 'https://app.acme.test/x');
    for (const url of BAD) {
      const shown = redactUrl(url);
      assert.ok(!shown.includes('pass'), `${url} → ${shown}`);
      assert.ok(shown.includes('***'), shown);
    }
    assert.equal(redactUrl('redis://:pass#word@host:6379'), 'redis://:***@host:6379');
    assert.equal(redactUrl('https://u:p?w@app.acme.test/x?token=abc'), 'https://u:***@app.acme.test/x?token=***');
  });

  it('profile errors quote a bad connection.url or laravel.url without its password', () => {
    for (const url of BAD) {
      const text = problems(profileWith(url));
      assert.match(text, /connection\.url/);
      assert.ok(!text.includes('pass'), text);
      const laravel = problems(profileWith('redis://h', url));
      assert.match(laravel, /laravel\.url/);
      assert.ok(!laravel.includes('pass'), laravel);
    }
    const origins = problems({ ...(profileWith('redis://h') as object), allowedOrigins: ['ftp://u:pass#word@x'] });
    assert.ok(!origins.includes('pass'), origins);
  });

  it('the CLI\'s error names the profile problem without the password', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'echo-tray-redact-'));
    t.after(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const config = join(dir, 'profile.json');
    await writeFile(config, JSON.stringify(profileWith('redis://:pass#word@host:6379')));
    const run = await runCli(['listen', '--config', config, '--token-env', 'NOPE']);
    assert.equal(run.code, 2);
    const text = run.stderr.join('\n');
    assert.match(text, /connection\.url/);
    assert.ok(!text.includes('pass'), text);
  });
});
