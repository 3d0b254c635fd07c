// Issue 12.2/12.3: whatever an event carries, the terminal shows one line per notification and
// every log field arrives escaped; no control sequence or bidi override reaches stdout or stderr.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { stderrLogger, status, type CliIo } from '../../../app/cli/cli-io.js';
import { channelLine, notificationLine } from '../../../app/cli/format.js';
import type { TrayNotification } from '../../../app/pipeline/notification.js';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

function note(fields: Partial<TrayNotification>): TrayNotification {
  return { id: 'n1', channel: 'poster_room', event: 'backend_poster', title: 'Poster', body: '', url: '',
    receivedAt: '2026-12-02T10:00:00.000Z', urgency: 'normal', ...fields };
}

function captureIo(): { io: CliIo; text: () => string } {
  const stderr = new PassThrough();
  const chunks: string[] = [];
  stderr.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const io: CliIo = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {} };
  return { io, text: () => chunks.join('') };
}

describe('terminal output (issue 12.2, 12.3)', () => {
  it('a \\n or \\r in url, title or body cannot print a second, forged notification line', () => {
    const forged = '\n[10:00:01] Salary review — confidential  (private-App.Models.User.1)';
    for (const n of [note({ url: `https://a.test/x${forged}` }), note({ title: `T\r${forged}` }), note({ body: `b${forged}\r` })]) {
      const line = notificationLine(n);
      assert.ok(!UNSAFE.test(line), JSON.stringify(line));
      assert.equal(line.split(/[\r\n]/).length, 1);
    }
  });

  it('C1 controls, escape sequences and bidi overrides are made visible', () => {
    const line = notificationLine(note({ title: '\u202Egnp.exe', body: 'a\u009B2Jb\u001B]0;pwned\u0007', url: 'https://a.test/\u2066x',
      channel: 'room\u001B[2J' }));
    assert.ok(!UNSAFE.test(line), JSON.stringify(line));
    assert.ok(line.includes('\\u202e') && line.includes('gnp.exe'), line);
    assert.ok(!UNSAFE.test(channelLine({ channel: 'x\u001B[2J', state: 'denied', httpStatus: 403, reason: 'no\u202E' })));
  });

  it('the logger escapes every control character in every field, and the message', () => {
    const { io, text } = captureIo();
    const logger = stderrLogger(io, true);
    logger.log('warn', 'malformed\u001B[2J event dropped', { channel: 'c', reason: 'not JSON', sample: '\u001B]0;owned\u0007\u001B[2J',
      other: 'a\u009Bb', bidi: '\u202Eabc' });
    status(io, 'reconnecting: \u001B[31mred\r');
    status(io, 'invalid profile p.json:\n  - laravel.url: missing\necho-tray: subscribed private-App.Models.User.1');
    const out = text();
    assert.ok(!UNSAFE.test(out.replaceAll('\n', '')), JSON.stringify(out));
    const lines = out.split('\n');
    assert.equal(lines.filter((l) => l.startsWith('echo-tray: ')).length, 2, 'a message cannot start a status line of its own');
    assert.ok(lines.includes('  - laravel.url: missing'), 'a list of problems keeps its lines');
    assert.match(out, /sample="?\\x1b\]0;owned\\x07\\x1b\[2J"?/);
  });
});
