import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDirForSuite } from '../support/temp-dir.js';
import { FileLogger } from '../../main/file-logger.js';

interface Line {
  readonly time: string;
  readonly level: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

async function linesOf(path: string): Promise<Line[]> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line);
}

describe('main.log (FileLogger on electron-log, without Electron)', () => {
  const tmp = tempDirForSuite('echo-tray-filelog-');

  it('writes one JSON object per line with time, level, message and the fields', async () => {
    const path = join(tmp.path, 'fields', 'main.log');
    const logger = new FileLogger(path, { echo: false });
    logger.log('info', 'connected', { url: 'redis://127.0.0.1:6379', attempt: 2, fresh: true, missing: undefined });
    logger.log('error', 'token refresh failed — 令牌已过期', { error: 'HTTP 401' });
    logger.log('debug', 'plain');
    await logger.close();
    const lines = await linesOf(path);
    assert.equal(lines.length, 3);
    assert.deepEqual(Object.keys(lines[0] ?? {}), ['time', 'level', 'message', 'url', 'attempt', 'fresh']);
    assert.deepEqual({ ...lines[0], time: undefined }, {
      time: undefined, level: 'info', message: 'connected', url: 'redis://127.0.0.1:6379', attempt: 2, fresh: true,
    });
    assert.ok(!Number.isNaN(Date.parse(lines[0]?.time ?? '')), 'time is an ISO date');
    assert.deepEqual(lines.slice(1).map((l) => [l.level, l.message]), [['error', 'token refresh failed — 令牌已过期'], ['debug', 'plain']]);
    assert.equal(lines[1]?.error, 'HTTP 401');
    if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o600, 'only the user can read the log');
  });

  it('rotates at the size limit into main.old.log, keeping every line whole and JSON', async () => {
    const path = join(tmp.path, 'rotate', 'main.log');
    const old = join(tmp.path, 'rotate', 'main.old.log');
    const maxBytes = 2_000;
    const logger = new FileLogger(path, { echo: false, maxBytes });
    let written = 0;
    while (!existsSync(old)) {
      logger.log('info', 'event delivered', { channel: 'orders', n: written });
      written += 1;
      assert.ok(written < 1_000, 'the log rotated');
    }
    for (let i = 0; i < 3; i++, written++) logger.log('info', 'event delivered', { channel: 'orders', n: written });
    const archived = await linesOf(old);
    const current = await linesOf(path);
    assert.ok(statSync(old).size > maxBytes, 'rotation happens once the file passes the limit, not before');
    assert.ok(statSync(path).size <= maxBytes);
    assert.deepEqual([...archived, ...current].map((l) => l.n), Array.from({ length: written }, (_, i) => i), 'no line lost');
  });

  it('keeps two files at most however much is logged, and counts what an earlier run left', async () => {
    const path = join(tmp.path, 'bounded', 'main.log');
    const maxBytes = 1_000;
    await mkdir(join(tmp.path, 'bounded'), { recursive: true });
    const earlier = { time: new Date().toISOString(), level: 'info', message: 'earlier run', pad: 'x'.repeat(maxBytes) };
    await writeFile(path, `${JSON.stringify(earlier)}\n`);
    const logger = new FileLogger(path, { echo: false, maxBytes });
    logger.log('info', 'after restart', { n: 0 });
    assert.deepEqual((await linesOf(path)).map((l) => l.message), ['after restart'], 'the oversized file was archived first');
    assert.deepEqual((await linesOf(join(tmp.path, 'bounded', 'main.old.log'))).map((l) => l.message), ['earlier run']);
    for (let n = 1; n < 300; n++) logger.log('info', 'event delivered', { channel: 'orders', n });
    const total = statSync(path).size + statSync(join(tmp.path, 'bounded', 'main.old.log')).size;
    assert.ok(total < 2 * (maxBytes + 200), `two files of about ${maxBytes} bytes, not ${total}`);
    assert.equal((await linesOf(path)).at(-1)?.n, 299);
  });
  // Issue 12.3: a field that carries terminal control sequences, C1 controls or bidi overrides is
  // written escaped (still valid JSON), so `tail main.log` cannot be driven by it.
  it('escapes every control and bidi character in every field, and reads back as sent', async () => {
    const path = join(tmp.path, 'escapes', 'main.log');
    const logger = new FileLogger(path, { echo: false });
    const fields = { sample: '\u001B]0;owned\u0007\u001B[2J', reason: 'a\u009Bb\u2028c', channel: '\u202Eevil' };
    logger.log('warn', 'malformed\u0085 event dropped', fields);
    await logger.close();
    const text = await readFile(path, 'utf8');
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    assert.ok(!/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/.test(text), JSON.stringify(text));
    const [line] = await linesOf(path);
    assert.deepEqual({ ...line, time: 'x' }, { time: 'x', level: 'warn', message: 'malformed\u0085 event dropped', ...fields });
  });
});
