import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadProfile } from '../../../app/profile/load-profile.js';
import { parseProfile, ProfileError } from '../../../app/profile/profile.js';

const issueExample = {
  name: 'Acme staging',
  laravel: { url: 'http://127.0.0.1:18000', login: '/api/login', me: '/api/user', authEndpoint: '/broadcasting/auth' },
  connection: { broadcaster: 'socket.io', host: 'http://127.0.0.1:6001' },
  channels: ['private-todoevent.updated.{userId}', 'private-App.Models.User.{userId}', 'poster_room'],
};

function problems(input: unknown): readonly string[] {
  try {
    parseProfile(input);
  } catch (err) {
    assert.ok(err instanceof ProfileError);
    return err.problems;
  }
  assert.fail('expected a ProfileError');
}

describe('profile', () => {
  it('accepts the documented example and fills laravel-echo-like defaults', () => {
    const { profile, warnings } = parseProfile(issueExample);
    assert.deepEqual(warnings, []);
    assert.equal(profile.name, 'Acme staging');
    assert.equal(profile.connection.broadcaster, 'socket.io');
    if (profile.connection.broadcaster !== 'socket.io') return;
    assert.equal(profile.connection.socketio, 2, 'laravel-echo-server speaks socket.io 2');
    assert.equal(profile.connection.path, '/socket.io');
    assert.deepEqual(profile.channels, issueExample.channels);
    assert.equal(profile.history.cap, 10_000);
    assert.equal(profile.redis, undefined);
  });

  it('laravel.refresh, laravel.notifications and laravel.markRead: optional paths, {id} required in markRead', () => {
    const { profile } = parseProfile(issueExample);
    assert.deepEqual([profile.laravel.refresh, profile.laravel.notifications, profile.laravel.markRead], [undefined, undefined, undefined]);
    const laravel = {
      ...issueExample.laravel,
      refresh: '/api/auth/refresh',
      notifications: 'https://api.acme.test/notifications',
      markRead: '/api/notifications/{id}/read',
    };
    const set = parseProfile({ ...issueExample, laravel }).profile.laravel;
    assert.deepEqual([set.refresh, set.notifications, set.markRead], [laravel.refresh, laravel.notifications, laravel.markRead]);
    const wrong = { ...issueExample.laravel, refresh: 'api/refresh', notifications: 7, markRead: '/api/notifications/read' };
    assert.deepEqual(problems({ ...issueExample, laravel: wrong }), [
      'laravel.refresh: expected a path starting with "/" or a full URL, got "api/refresh"',
      'laravel.notifications: expected a string, got number 7',
      'laravel.markRead: must contain "{id}" where the notification\'s id goes, e.g. "/api/notifications/{id}/read", ' +
        'got "/api/notifications/read"',
    ]);
  });

  it('redis mode defaults the prefix to Laravel\'s and keeps an explicit empty prefix', () => {
    const base = { ...issueExample, connection: { broadcaster: 'redis', url: 'redis://127.0.0.1:6379' } };
    const a = parseProfile(base).profile;
    assert.equal(a.connection.broadcaster === 'redis' && a.connection.prefix, 'laravel_database_');
    assert.deepEqual(a.redis, { url: 'redis://127.0.0.1:6379', prefix: 'laravel_database_' }, 'publish uses the same Redis');
    const b = parseProfile({ ...base, connection: { ...base.connection, prefix: '' } }).profile;
    assert.equal(b.connection.broadcaster === 'redis' && b.connection.prefix, '');
  });

  it('names the key and what is wrong, for every problem at once', () => {
    const found = problems({
      laravel: { url: 'ftp://x' },
      connection: { broadcaster: 'socket.io', host: 42 },
      channels: 'poster_room',
    });
    assert.ok(found.some((p) => p.startsWith('laravel.url: expected a http or https URL')), found.join('\n'));
    assert.ok(found.some((p) => p === 'connection.host: expected a string, got number 42'), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('channels: expected a list of strings')), found.join('\n'));
  });

  it('rejects an unknown broadcaster, missing sections and non-objects', () => {
    assert.ok(problems({
      ...issueExample,
      connection: { broadcaster: 'pusherr' },
    }).some((p) => p.includes('connection.broadcaster: must be')));
    assert.ok(problems({ channels: [] }).some((p) => p.startsWith('laravel: missing')));
    assert.ok(problems([1, 2]).some((p) => p.includes('expected an object')));
    assert.ok(problems({ ...issueExample, channels: ['ok', ''] }).some((p) => p.startsWith('channels[1]')));
  });

  it('takes channels as names or {name, label}, the label a text or a map by language', () => {
    const { profile } = parseProfile({
      ...issueExample,
      channels: [
        'poster_room',
        { name: 'private-App.Models.User.{userId}', label: 'My notifications' },
        { name: 'orders', label: { en: 'Orders', 'zh-CN': '订单' } },
        { name: 'plain' },
      ],
    });
    assert.deepEqual(profile.channels, ['poster_room', 'private-App.Models.User.{userId}', 'orders', 'plain']);
    assert.deepEqual(profile.channelLabels, {
      'private-App.Models.User.{userId}': 'My notifications',
      orders: { en: 'Orders', 'zh-CN': '订单' },
    });
  });

  it('says what is wrong with a channel entry or its label', () => {
    const channels = [
      42, { label: 'x' }, { name: 'a b' }, { name: 'c', label: 7 }, { name: 'd', label: {} }, { name: 'e', label: { en: '' } },
    ];
    const found = problems({ ...issueExample, channels });
    assert.ok(found.includes('channels[0]: expected a channel name or {"name": "…", "label": "…"}, got number 42'), found.join('\n'));
    assert.ok(found.includes('channels[1].name: missing (required)'), found.join('\n'));
    assert.ok(found.includes('channels[2]: channel names cannot contain spaces: "a b"'), found.join('\n'));
    assert.ok(found.includes('channels[3].label: expected a text or {"en": "…", "zh-CN": "…"}, got number 7'), found.join('\n'));
    assert.ok(found.includes('channels[4].label: give the label in at least one language: "en", "zh-CN"'), found.join('\n'));
    assert.ok(found.includes('channels[5].label.en: must not be empty'), found.join('\n'));
    const { warnings } = parseProfile({ ...issueExample, channels: [{ name: 'o', lable: 'x', label: { en: 'O', zh: '哦' } }] });
    assert.equal(warnings[0], 'channels[0].lable: unknown key, ignored (did you mean "label"?)');
    assert.match(warnings[1] ?? '', /^channels\[0\]\.label\.zh: unknown key, ignored/);
  });

  it('warns about unknown keys with a suggestion instead of silently ignoring a typo', () => {
    const { warnings } = parseProfile({ ...issueExample, connection: { broadcaster: 'redis', url: 'redis://x:1', prefx: '' } });
    assert.deepEqual(warnings, ['connection.prefx: unknown key, ignored (did you mean "prefix"?)']);
  });

  it('validates rules: needs a channel or an event, urgency from a fixed set', () => {
    const found = problems({ ...issueExample, rules: [{ title: 'x' }, { event: 'X', urgency: 'loud' }] });
    assert.ok(found.some((p) => p.startsWith('rules[0].channel: a rule needs')), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('rules[1].urgency: must be one of')), found.join('\n'));
  });

  it('loadProfile explains a missing file and broken JSON, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'echo-tray-profile-'));
    await assert.rejects(
      loadProfile(join(dir, 'nope.json')),
      (err: unknown) => err instanceof ProfileError && /nope\.json[\s\S]*file not found/.test(err.message),
    );
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"name": "x",');
    await assert.rejects(
      loadProfile(broken),
      (err: unknown) => err instanceof ProfileError && /broken\.json[\s\S]*not valid JSON/.test(err.message),
    );
    const good = join(dir, 'good.json');
    await writeFile(good, `\uFEFF${JSON.stringify(issueExample)}`);
    assert.equal((await loadProfile(good)).profile.name, 'Acme staging', 'a BOM written by Notepad is fine');
  });
});
