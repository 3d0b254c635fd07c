import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it, mock } from 'node:test';
import { tempDirForSuite } from '../support/temp-dir.js';
import { FileLogger } from '../../main/file-logger.js';

const messagesIn = async (path: string): Promise<string[]> =>
  (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { message: string }).message);

describe('FileLogger: the terminal echo, and each log file its own', () => {
  const tmp = tempDirForSuite('echo-tray-filelog-echo-');

  /** What reached stdout and stderr while `fn` ran (electron-log's console transport would write to stdout). */
  function captured(fn: () => void): { stdout: string; stderr: string } {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = mock.method(process.stdout, 'write', (chunk: string | Uint8Array) => out.push(String(chunk)) > 0);
    const stderr = mock.method(process.stderr, 'write', (chunk: string | Uint8Array) => err.push(String(chunk)) > 0);
    const log = mock.method(console, 'log', (...args: unknown[]) => out.push(args.join(' ')));
    const info = mock.method(console, 'info', (...args: unknown[]) => out.push(args.join(' ')));
    try {
      fn();
    } finally {
      stdout.mock.restore();
      stderr.mock.restore();
      log.mock.restore();
      info.mock.restore();
    }
    return { stdout: out.join(''), stderr: err.join('') };
  }

  it('with echo, each line also goes to stderr as "echo-tray: level: message", control characters made visible', async () => {
    const path = join(tmp.path, 'echo', 'main.log');
    const { stdout, stderr } = captured(() => {
      const logger = new FileLogger(path, { echo: true });
      logger.log('warn', 'relay down\u001B[2J');
      logger.log('debug', 'detail');
    });
    assert.match(stderr, /^echo-tray: warn: relay down\S*\[2J\necho-tray: debug: detail\n$/);
    assert.ok(!stderr.includes('\u001B'), 'the escape is not passed to the terminal');
    assert.equal(stdout, '', 'nothing on stdout (the CLI keeps it for data)');
    assert.deepEqual(await messagesIn(path), ['relay down\u001B[2J', 'detail']);
  });

  it('without echo nothing reaches the terminal', () => {
    const { stdout, stderr } = captured(() => new FileLogger(join(tmp.path, 'quiet', 'main.log'), { echo: false }).log('error', 'boom'));
    assert.deepEqual([stdout, stderr], ['', '']);
  });

  it('echo follows the terminal by default: on when stderr is a TTY', () => {
    const isTTY = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
    for (const tty of [true, false]) {
      Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
      try {
        const { stderr } = captured(() => new FileLogger(join(tmp.path, `tty-${tty}`, 'main.log')).log('info', 'hello'));
        assert.equal(stderr, tty ? 'echo-tray: info: hello\n' : '', `isTTY ${tty}`);
      } finally {
        if (isTTY) Object.defineProperty(process.stderr, 'isTTY', isTTY);
        else delete (process.stderr as { isTTY?: boolean }).isTTY;
      }
    }
  });

  it('two loggers write to their own files', async () => {
    const a = new FileLogger(join(tmp.path, 'a', 'main.log'), { echo: false });
    const b = new FileLogger(join(tmp.path, 'b', 'main.log'), { echo: false });
    a.log('info', 'to a');
    b.log('info', 'to b');
    assert.deepEqual(await messagesIn(join(tmp.path, 'a', 'main.log')), ['to a']);
    assert.deepEqual(await messagesIn(join(tmp.path, 'b', 'main.log')), ['to b']);
  });
});
