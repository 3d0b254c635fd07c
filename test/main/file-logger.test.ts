// Issue 12.3: main.log is JSON lines; a field that carries terminal control sequences, C1 controls
// or bidi overrides is written escaped (still valid JSON), so `tail main.log` cannot be driven by it.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileLogger } from '../../main/file-logger.js';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

describe('main.log (issue 12.3)', () => {
  it('escapes every control and bidi character in every field, and reads back as sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'echo-tray-log-'));
    try {
      const path = join(dir, 'main.log');
      const logger = new FileLogger(path, false);
      const fields = { sample: '\u001B]0;owned\u0007\u001B[2J', reason: 'a\u009Bb\u2028c', channel: '\u202Eevil' };
      logger.log('warn', 'malformed\u0085 event dropped', fields);
      await logger.close();
      const text = await readFile(path, 'utf8');
      assert.ok(!UNSAFE.test(text), JSON.stringify(text));
      const line: unknown = JSON.parse(text);
      assert.deepEqual({ ...(line as object), time: 'x' }, { time: 'x', level: 'warn', message: 'malformed\u0085 event dropped', ...fields });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
