import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { TestContext } from 'node:test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineReader } from './events.js';

const ROOT = new URL('../../../', import.meta.url);

/** The built CLI, exactly what `npx echo-tray` runs: package.json's `bin` (the bundle, see build/bundle-cli.mjs). */
export const CLI_PATH = fileURLToPath(new URL(binOf(JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'))), ROOT));

function binOf(pkg: unknown): string {
  const bin = typeof pkg === 'object' && pkg !== null && 'bin' in pkg ? pkg.bin : undefined;
  const path = typeof bin === 'object' && bin !== null && 'echo-tray' in bin ? bin['echo-tray'] : undefined;
  if (typeof path !== 'string') throw new Error('package.json has no bin "echo-tray"');
  return path;
}

export interface CliRun {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: LineReader;
  readonly stderr: LineReader;
  /** Resolves with the exit code (signal-killed: null). */
  readonly exited: Promise<number | null>;
}

export function startCli(args: readonly string[], env: Record<string, string | undefined> = {}): CliRun {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['ECHO_TRAY_PASSWORD', 'ECHO_TRAY_TOKEN', 'ECHO_TRAY_EMAIL']) delete merged[key];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: merged, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: new LineReader(child.stdout), stderr: new LineReader(child.stderr), exited };
}

/** Runs a CLI command to its end. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; stdout: string[]; stderr: string[] }> {
  const run = startCli(args, env);
  run.child.stdin.end();
  const code = await run.exited;
  await new Promise<void>((resolve) => (run.child.stdout.readableEnded ? resolve() : run.child.stdout.once('close', () => resolve())));
  return { code, stdout: run.stdout.lines, stderr: run.stderr.lines };
}

/**
 * Whatever happens in test `t`, the CLI gets `signal` when the test ends (nothing once it has exited): the test itself
 * sends the signal when it wants to check how the CLI stops.
 */
export function stopAtEnd(t: TestContext, run: { readonly child: ChildProcess }, signal: NodeJS.Signals = 'SIGINT'): void {
  t.after(() => {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill(signal);
  });
}
