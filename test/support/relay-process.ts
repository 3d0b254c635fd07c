import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManagedServerBase } from './managed-server.js';
import { ProcessHandle, forgetTempDir, registerTempDir } from './process-handle.js';
import type { PusherApp, PusherServerFlavour } from './pusher-protocol-server.js';

/** Which test relay to run, and how. */
export type RelaySpec =
  | { readonly kind: 'pusher'; readonly app: PusherApp; readonly flavour: PusherServerFlavour }
  | { readonly kind: 'echo-v4'; readonly redisUrl: string; readonly keyPrefix?: string; readonly authHost: string }
  | { readonly kind: 'plain'; readonly redisUrl: string };

const MAIN = fileURLToPath(new URL('./relay-main.js', import.meta.url));
const READY = /^ready (\d+)$/;

/**
 * A test relay (Pusher-protocol server, socket.io v4 relay, the plain relay) in its own process.
 * The first start lets the kernel pick the port (no race for a "free" one); restarts reuse it.
 */
export class RelayProcess extends ManagedServerBase {
  private constructor(
    port: number,
    dir: string,
    proc: ProcessHandle,
    private readonly spec: RelaySpec,
  ) {
    super(port, `http://127.0.0.1:${port}`, dir, proc);
  }

  static async start(spec: RelaySpec): Promise<RelayProcess> {
    const dir = await mkdtemp(join(tmpdir(), `echo-tray-${spec.kind}-`));
    registerTempDir(dir);
    try {
      const { proc, port } = await launch(spec, 0, dir);
      return new RelayProcess(port, dir, proc, spec);
    } catch (err) {
      forgetTempDir(dir);
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  protected async relaunch(): Promise<ProcessHandle> {
    return (await launch(this.spec, this.port, this.dir)).proc;
  }
}

async function launch(spec: RelaySpec, port: number, dir: string): Promise<{ proc: ProcessHandle; port: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['NODE_TEST_CONTEXT'];
  delete env['NODE_OPTIONS'];
  const proc = ProcessHandle.spawn({
    name: `${spec.kind} relay${port ? ` :${port}` : ''}`,
    command: process.execPath,
    args: [MAIN, JSON.stringify({ ...spec, port })],
    cwd: dir,
    env,
  });
  try {
    const line = await proc.waitForOutput(READY, 10_000);
    return { proc, port: Number(READY.exec(line)?.[1]) };
  } catch (err) {
    await proc.kill9();
    throw err;
  }
}
