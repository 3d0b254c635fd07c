import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI_PATH } from '../test/support/cli.js';
import { LineReader } from '../test/support/events.js';
import { ALICE, type Stack } from '../test/support/stack.js';
import { againstFloor, median, type Measure } from './measures.js';

const FLOOR_PATH = fileURLToPath(new URL('./startup-floor.js', import.meta.url));
const CHANNELS = [`private-todoevent.updated.${ALICE.id}`, `private-App.Models.User.${ALICE.id}`, 'poster_room'];

/** ms from spawn until `count` lines matching `re` (the process is killed then). */
function timeToLines(
  args: readonly string[], env: NodeJS.ProcessEnv, stream: 'stdout' | 'stderr', re: RegExp, count: number,
): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const source = child[stream];
  if (!source) throw new Error('no stream');
  let seen = 0;
  return new LineReader(source)
    .nextLine((l) => re.test(l) && ++seen >= count, 30_000)
    .then(() => performance.now() - t0)
    .finally(() => child.kill('SIGKILL'));
}

/**
 * Process start → every channel subscribed: `echo-tray listen` (Redis mode, two private channels and
 * a public one) next to a bare client that authorizes and subscribes the same channels. Alternating
 * runs; the median of each.
 */
export async function startupBench(stack: Stack, runs: number): Promise<Measure[]> {
  const config = await stack.writeProfile('redis', { channels: CHANNELS });
  const token = stack.laravel.issueToken(ALICE.id, { expiresInSeconds: 3600 });
  const env = { ...process.env, ECHO_TRAY_TOKEN: token };
  const core: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(await timeToLines([FLOOR_PATH, stack.redis.url, stack.laravel.url, token, ...CHANNELS], env, 'stdout', /^ready$/, 1));
    const listen = [CLI_PATH, 'listen', '--config', config, '--no-history'];
    core.push(await timeToLines(listen, env, 'stderr', /^echo-tray: subscribed /, CHANNELS.length));
  }
  const name = `startup to subscribed (CLI, redis, ${CHANNELS.length} channels, median of ${runs})`;
  return [againstFloor(name, median(core), median(floor), 'ms', 1.5)];
}
