#!/usr/bin/env node
import { EXIT } from './cli-io.js';
import { main } from './cli-main.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort());
}
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }, controller.signal).then(
  (code) => {
    process.exitCode = code;
    // Sockets and timers of a finished command must not keep the process alive.
    setImmediate(() => process.exit(code)).unref();
  },
  (err: unknown) => {
    process.stderr.write(`echo-tray: unexpected error: ${String(err)}\n`);
    process.exit(EXIT.failure);
  },
);
