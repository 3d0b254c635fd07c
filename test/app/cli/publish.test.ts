import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { once } from '../../support/events.js';
import { runCli } from '../../support/cli.js';
import { laravelPayload } from '../../support/laravel-broadcast.js';
import { stackForSuite } from '../../support/stack.js';

describe('echo-tray publish and profile errors', () => {
  const s = stackForSuite({ echo: false });

  it('PUBLISHes exactly what Laravel\'s RedisBroadcaster publishes, to the prefixed channel', async (t) => {
    const { stack } = s();
    const config = await stack.writeProfile('socket.io');
    const sub = new Redis(stack.redis.url);
    t.after(() => {
      sub.disconnect();
    });
    await sub.psubscribe('*');
    const got = once<[string, string, string]>(sub, 'pmessage', { timeoutMs: 5000 });
    const data = { msg: 'hi', url: 'https://app.acme.test/posters/7' };
    const r = await runCli([
      'publish',
      '--config',
      config,
      '--channel',
      'poster_room',
      '--event',
      'backend_poster',
      '--data',
      JSON.stringify(data),
    ]);
    assert.equal(r.code, 0, r.stderr.join('\n'));
    const [, channel, message] = await got;
    assert.equal(channel, 'laravel_database_poster_room');
    assert.equal(message, laravelPayload('backend_poster', data), 'byte for byte the payload Laravel builds');
    assert.deepEqual(JSON.parse(message), { event: 'backend_poster', data: { ...data, socket: null }, socket: null });
  });

  it('honours an empty prefix and several channels in one broadcast', async (t) => {
    const { stack } = s();
    const sub = new Redis(stack.redis.url);
    t.after(() => {
      sub.disconnect();
    });
    await sub.psubscribe('*');
    const seen: string[] = [];
    const two = new Promise<void>((resolve) => sub.on('pmessage', (_p: string, ch: string) => {
      seen.push(ch);
      if (seen.length === 2) resolve();
    }));
    const config = await stack.writeProfile(
      'redis',
      { connection: { broadcaster: 'redis', url: stack.redis.url, prefix: '' }, redis: undefined },
    );
    const r = await runCli(['publish', '--config', config, '--channel', 'a', '--channel', 'private-b', '--event', 'X']);
    assert.equal(r.code, 0, r.stderr.join('\n'));
    await two;
    assert.deepEqual(seen, ['a', 'private-b']);
  });

  it('refuses bad --data and a dead Redis with a clear message', async () => {
    const { stack } = s();
    const config = await stack.writeProfile('socket.io');
    const bad = await runCli(['publish', '--config', config, '--channel', 'a', '--event', 'X', '--data', '{oops']);
    assert.equal(bad.code, 2);
    assert.ok(bad.stderr.some((l) => l.includes('--data is not valid JSON')), bad.stderr.join('\n'));
    const dead = await runCli(['publish', '--config', config, '--channel', 'a', '--event', 'X', '--redis', 'redis://127.0.0.1:9']);
    assert.equal(dead.code, 1);
    assert.ok(dead.stderr.some((l) => l.includes('cannot reach Redis redis://127.0.0.1:9')), dead.stderr.join('\n'));
  });

  it('a bad profile exits 2 naming the file, the key and what is wrong', async () => {
    const { stack } = s();
    const path = join(stack.dir, 'bad.json');
    await writeFile(path, JSON.stringify({ laravel: { url: 'not a url' }, connection: { broadcaster: 'socket.io' }, channels: [] }));
    const r = await runCli(['listen', '--config', path, '--email', 'a@b.c'], { ECHO_TRAY_PASSWORD: 'x' });
    assert.equal(r.code, 2);
    const text = r.stderr.join('\n');
    assert.match(text, /invalid profile .*bad\.json/);
    assert.match(text, /laravel\.url: not a valid URL: "not a url"/);
    assert.match(text, /connection\.host: missing \(required\)/);
    const missing = await runCli(['listen', '--config', join(stack.dir, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr.join('\n'), /nope\.json:\n {2}- file not found/);
  });

  it('usage errors exit 2 and point at --help', async () => {
    const r = await runCli(['listen', '--bogus']);
    assert.equal(r.code, 2);
    assert.match(r.stderr.join('\n'), /Unknown option '--bogus'.*echo-tray --help/);
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.ok(help.stdout.some((l) => l.includes('echo-tray listen')));
  });
});
