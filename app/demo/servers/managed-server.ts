import { rm } from 'node:fs/promises';
import { forgetTempDir, type ProcessHandle } from './process-handle.js';

/** A server process the tests started: stop, kill -9, restart on the same port, SIGSTOP/SIGCONT. */
export interface ManagedServer {
  readonly port: number;
  readonly url: string;
  /** The running (or last) process: output(), describe(), pid… */
  readonly process: ProcessHandle;
  /** Captured output lines of the current process. */
  output(): string[];
  /** SIGTERM (SIGKILL after 5 s) and remove the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL, keeping the temp dir so that {@link restart} can follow. */
  kill9(): Promise<void>;
  /** Start again on the same port (stopping the current process first if it still runs). */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: connections stay open but nothing is answered. */
  pause(): void;
  resume(): void;
}

export abstract class ManagedServerBase implements ManagedServer {
  protected stopped = false;

  constructor(
    readonly port: number,
    readonly url: string,
    protected dir: string,
    protected proc: ProcessHandle,
  ) {}

  get process(): ProcessHandle {
    return this.proc;
  }

  output(): string[] {
    return this.proc.output();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.proc.stop();
    forgetTempDir(this.dir);
    await rm(this.dir, { recursive: true, force: true });
  }

  async kill9(): Promise<void> {
    await this.proc.kill9();
  }

  async restart(): Promise<void> {
    if (!this.proc.hasExited) await this.proc.stop();
    this.proc = await this.relaunch();
  }

  pause(): void {
    this.proc.pause();
  }

  resume(): void {
    this.proc.resume();
  }

  /** Starts the process again in `this.dir` on `this.port`; waits until it is ready. */
  protected abstract relaunch(): Promise<ProcessHandle>;
}
