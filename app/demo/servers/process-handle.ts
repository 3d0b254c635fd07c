import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/** How a child ended. `error` is set when it could not be started at all (e.g. ENOENT). */
export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
}

export interface SpawnOptions {
  /** Name used in error messages ("redis-server", "laravel-echo-server"). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** How many output lines to keep for error messages (default 200). */
  readonly maxLines?: number;
}

export interface WaitForOutputOptions {
  /**
   * Absolute line number (see {@link ProcessHandle.lineCount}) from which to look. Default 0: lines
   * already captured count too, so a "ready" line printed before the call is not missed. Take
   * `const mark = handle.lineCount()` before triggering something to wait for a fresh line only.
   */
  readonly since?: number;
}

// ---------------------------------------------------------------------------------------------
// Registry: children we started and temp dirs we made are cleaned up when this process exits.
// ---------------------------------------------------------------------------------------------

const liveChildren = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let hooksInstalled = false;

function cleanupEverything(): void {
  for (const child of liveChildren) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  liveChildren.clear();
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  }
  tempDirs.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', cleanupEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanupEverything();
      // Keep the default meaning of the signal (terminate) unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** Removed (recursively) when this process exits, unless {@link forgetTempDir} was called. */
export function registerTempDir(dir: string): void {
  installExitHooks();
  tempDirs.add(dir);
}

export function forgetTempDir(dir: string): void {
  tempDirs.delete(dir);
}

/** Number of children started through this module that are still running (for leak checks). */
export function liveChildCount(): number {
  let n = 0;
  for (const child of liveChildren) if (child.exitCode === null && child.signalCode === null) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

type LineListener = (line: string, index: number) => void;

/**
 * One child process with its stdout/stderr captured line by line (ANSI colours stripped, the last
 * `maxLines` kept for error messages). Every wait has a timeout and fails with the captured output.
 */
export class ProcessHandle {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves once the child has exited (or failed to start). Never rejects. */
  readonly exited: Promise<ExitInfo>;

  private readonly maxLines: number;
  private readonly lines: string[] = [];
  private totalLines = 0;
  private readonly partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  private readonly lineListeners = new Set<LineListener>();
  private exitInfo: ExitInfo | null = null;
  private paused = false;

  static spawn(opts: SpawnOptions): ProcessHandle {
    return new ProcessHandle(opts);
  }

  private constructor(opts: SpawnOptions) {
    installExitHooks();
    this.name = opts.name;
    this.maxLines = opts.maxLines ?? 200;
    this.child = spawn(opts.command, [...opts.args], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    liveChildren.add(this.child);

    this.exited = new Promise<ExitInfo>((resolve) => {
      const finish = (info: ExitInfo): void => {
        if (this.exitInfo) return;
        this.flushPartial('stdout');
        this.flushPartial('stderr');
        this.exitInfo = info;
        liveChildren.delete(this.child);
        resolve(info);
      };
      this.child.once('exit', (code, signal) => finish({ code, signal }));
      this.child.once('error', (error) => {
        // 'error' also fires when a signal cannot be delivered to a live child; only a spawn
        // failure (no pid) means the child never existed.
        if (this.child.pid === undefined) finish({ code: null, signal: null, error });
        else this.pushLine(`[${this.name}] child process error: ${error.message}`);
      });
    });

    this.child.stdout?.setEncoding('utf8');
    this.child.stderr?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => this.onData('stdout', chunk));
    this.child.stderr?.on('data', (chunk: string) => this.onData('stderr', chunk));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True once the child has exited. */
  get hasExited(): boolean {
    return this.exitInfo !== null;
  }

  get exitStatus(): ExitInfo | null {
    return this.exitInfo;
  }

  /** The retained output lines (both streams, in arrival order, ANSI stripped). */
  output(): string[] {
    return [...this.lines];
  }

  /** Total number of lines seen so far (absolute, not capped by maxLines). */
  lineCount(): number {
    return this.totalLines;
  }

  /** "name (pid N, exited with …)" plus the captured output, for error messages. */
  describe(): string {
    const state = this.exitInfo
      ? `exited: ${this.exitInfo.error
        ? `spawn error ${this.exitInfo.error.message}`
        : `code ${this.exitInfo.code}, signal ${this.exitInfo.signal}`}`
      : this.paused
        ? 'paused'
        : 'running';
    const out = this.lines.length ? this.lines.map((l) => `  | ${l}`).join('\n') : '  | (no output)';
    return `${this.name} (pid ${this.child.pid ?? '?'}, ${state}); last output:\n${out}`;
  }

  /** Subscribe to every new line; returns the unsubscribe function. */
  onLine(listener: LineListener): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /**
   * Resolve with the first line matching `pattern` (see {@link WaitForOutputOptions.since}).
   * Rejects if the child exits first or after `timeoutMs`, with the captured output in the message.
   */
  waitForOutput(pattern: RegExp, timeoutMs = 10_000, opts: WaitForOutputOptions = {}): Promise<string> {
    const since = opts.since ?? 0;
    const firstRetained = this.totalLines - this.lines.length;
    for (let i = Math.max(0, since - firstRetained); i < this.lines.length; i++) {
      const line = this.lines[i];
      if (line !== undefined && testRegex(pattern, line)) return Promise.resolve(line);
    }
    if (this.exitInfo) {
      return Promise.reject(new Error(`${this.name} exited before printing ${pattern}. ${this.describe()}`));
    }
    return new Promise<string>((resolve, reject) => {
      let done = false;
      const cleanup = (): void => {
        done = true;
        clearTimeout(timer);
        unsubscribe();
      };
      const timer = setTimeout(() => {
        if (done) return;
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${this.name} to print ${pattern}. ${this.describe()}`));
      }, timeoutMs);
      const unsubscribe = this.onLine((line, index) => {
        if (done || index < since || !testRegex(pattern, line)) return;
        cleanup();
        resolve(line);
      });
      void this.exited.then(() => {
        if (done) return;
        cleanup();
        reject(new Error(`${this.name} exited before printing ${pattern}. ${this.describe()}`));
      });
    });
  }

  /** Wait for the child to exit on its own. */
  async waitForExit(timeoutMs = 10_000): Promise<ExitInfo> {
    return withTimeout(this.exited, timeoutMs,
      () => `timed out after ${timeoutMs} ms waiting for ${this.name} to exit. ${this.describe()}`);
  }

  /** SIGTERM, then SIGKILL if it is still alive after `graceMs`. Resolves on exit. */
  async stop(graceMs = 5_000): Promise<ExitInfo> {
    if (this.exitInfo) return this.exitInfo;
    this.signal('SIGTERM');
    // A stopped (SIGSTOP) process keeps SIGTERM pending until it is continued.
    if (this.paused) this.resume();
    const timer = new Promise<null>((resolve) => {
      const t = setTimeout(() => resolve(null), graceMs);
      void this.exited.then(() => clearTimeout(t));
    });
    const first = await Promise.race([this.exited, timer]);
    if (first) return first;
    this.pushLine(`[harness] ${this.name} ignored SIGTERM for ${graceMs} ms: sending SIGKILL`);
    return this.kill9();
  }

  /** SIGKILL. Resolves on exit. */
  async kill9(): Promise<ExitInfo> {
    if (this.exitInfo) return this.exitInfo;
    this.signal('SIGKILL');
    this.paused = false;
    return withTimeout(this.exited, 10_000, () => `${this.name} did not exit 10 s after SIGKILL. ${this.describe()}`);
  }

  /** SIGSTOP: the process freezes (its sockets stay open but nothing is answered). */
  pause(): void {
    if (this.exitInfo) throw new Error(`cannot pause ${this.name}: ${this.describe()}`);
    this.signal('SIGSTOP');
    this.paused = true;
  }

  /** SIGCONT. */
  resume(): void {
    if (this.exitInfo) return;
    this.signal('SIGCONT');
    this.paused = false;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private signal(sig: NodeJS.Signals): void {
    if (this.exitInfo) return;
    try {
      this.child.kill(sig);
    } catch {
      // raced with exit
    }
  }

  private onData(stream: 'stdout' | 'stderr', chunk: string): void {
    const text = this.partial[stream] + chunk;
    const parts = text.split(/\r?\n/);
    this.partial[stream] = parts.pop() ?? '';
    for (const part of parts) this.pushLine(part);
  }

  private flushPartial(stream: 'stdout' | 'stderr'): void {
    const rest = this.partial[stream];
    this.partial[stream] = '';
    if (rest) this.pushLine(rest);
  }

  private pushLine(raw: string): void {
    const line = raw.replace(ANSI, '');
    const index = this.totalLines++;
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.lines.shift();
    for (const listener of [...this.lineListeners]) listener(line, index);
  }
}

function testRegex(pattern: RegExp, line: string): boolean {
  pattern.lastIndex = 0; // harmless for non-global regexes, needed for /g and /y ones
  return pattern.test(line);
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message())), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
