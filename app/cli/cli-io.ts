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

/**
 * One status message. A message of several lines (a profile's problems, a stack) keeps its line
 * breaks, but every line after the first is indented: no text can print a line that looks like
 * another `echo-tray:` status. Any other control character is made visible.
 */
export function status(io: CliIo, message: string): void {
  const lines = message.split('\n').map((line, i) => (i === 0 || /^\s/.test(line) ? visibleText(line) : `  ${visibleText(line)}`));
  io.stderr.write(`echo-tray: ${lines.join('\n')}\n`);
}
