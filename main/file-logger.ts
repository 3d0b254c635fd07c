import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { LogFields, Logger, LogLevel } from '../app/log.js';
import { safeJson, visibleText } from '../app/util/visible-text.js';

/** JSON lines in `<logs>/main.log` (and stderr when started from a terminal). */
export class FileLogger implements Logger {
  private readonly stream: WriteStream;

  constructor(
    path: string,
    private readonly echo: boolean = process.stderr.isTTY === true,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
    this.stream.on('error', () => undefined);
  }

  log(level: LogLevel, message: string, fields: LogFields = {}): void {
    const line = safeJson({ time: new Date().toISOString(), level, message, ...fields });
    this.stream.write(`${line}\n`);
    if (this.echo) process.stderr.write(`echo-tray: ${level}: ${visibleText(message)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
