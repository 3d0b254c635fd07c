// electron-log's main entry requires 'electron'; its node entry is the same logger and file transport without it,
// so this module also runs under plain Node in the tests.
import electronLog from 'electron-log/node';
import type { LogFields, Logger, LogLevel } from '../app/log.js';
import { safeJson, visibleText } from '../app/util/visible-text.js';

/** main.log rotates past this size: the full file becomes main.old.log (replacing the previous one). */
export const MAIN_LOG_MAX_BYTES = 1024 * 1024;

export interface FileLoggerOptions {
  /** Also print `level: message` to stderr (default: when started from a terminal). */
  readonly echo?: boolean;
  readonly maxBytes?: number;
}

let instances = 0;

/** JSON lines in `<logs>/main.log` (and stderr when started from a terminal), rotated by electron-log. */
export class FileLogger implements Logger {
  private readonly sink: typeof electronLog;
  private readonly echo: boolean;

  constructor(path: string, options: FileLoggerOptions = {}) {
    this.echo = options.echo ?? process.stderr.isTTY === true;
    instances += 1;
    this.sink = electronLog.create({ logId: `echo-tray-file-${instances}` });
    const { file, console, ipc, remote } = this.sink.transports;
    for (const other of [console, ipc, remote]) if (other) other.level = false;
    file.level = 'debug';
    file.resolvePathFn = () => path;
    file.maxSize = options.maxBytes ?? MAIN_LOG_MAX_BYTES;
    file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
    // The line is already formatted (one JSON object): no date prefix, no util.inspect.
    file.transforms = [({ data }) => String(data[0])];
  }

  log(level: LogLevel, message: string, fields: LogFields = {}): void {
    const line = safeJson({ time: new Date().toISOString(), level, message, ...fields });
    this.sink[level](line);
    if (this.echo) process.stderr.write(`echo-tray: ${level}: ${visibleText(message)}\n`);
  }

  /** Writes are synchronous (electron-log's default), so nothing is pending. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
