import type { Readable, Writable } from 'node:stream';
import type { LogFields, Logger, LogLevel } from '../log.js';
import { logFieldValue, visibleText } from '../util/visible-text.js';

export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => void };
  readonly env: NodeJS.ProcessEnv;
}

/** Exit codes: 0 done, 1 unexpected failure, 2 something the user must fix (profile, login, usage). */
export const EXIT = { ok: 0, failure: 1, userError: 2 } as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Status and log lines go to stderr, so stdout carries only notifications. */
export function stderrLogger(io: CliIo, verbose: boolean): Logger {
  return {
    log(level: LogLevel, message: string, fields?: LogFields): void {
      if (!verbose && (level === 'debug' || level === 'info')) return;
      const field = ([k, v]: [string, LogFields[string]]): string => (v === undefined ? '' : ` ${visibleText(k)}=${logFieldValue(v)}`);
      const extra = fields ? Object.entries(fields).map(field).join('') : '';
      io.stderr.write(`${level}: ${visibleText(message)}${extra}\n`);
    },
  };
}

export function status(io: CliIo, line: string): void {
  io.stderr.write(`echo-tray: ${visibleText(line)}\n`);
}
