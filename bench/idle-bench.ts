import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CLI_PATH } from '../test/support/cli.js';
import { LineReader } from '../test/support/events.js';
import { ALICE, type Stack } from '../test/support/stack.js';
import { againstFloor, absolute, median, type Measure } from './measures.js';

const FLOOR_PATH = fileURLToPath(new URL('./idle-floor.js', import.meta.url));
const CLOCK_TICKS = 100;

/** CPU time of a process in ms: /proc/<pid>/schedstat (ns), finer than the 10 ms ticks of /proc/<pid>/stat. */
async function cpuMs(pid: number): Promise<number> {
  try {
    const [ns] = (await readFile(`/proc/${pid}/schedstat`, 'utf8')).split(' ');
    // A kernel with schedstats off reports 0 here: fall back to clock ticks then.
    if (ns !== undefined && /^\d+$/.test(ns) && Number(ns) > 0) return Number(ns) / 1e6;
  } catch {
    // no schedstat: clock ticks
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1000;
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

function waitForLine(child: ChildProcess, stream: 'stdout' | 'stderr', re: RegExp, count: number): Promise<void> {
  const source = child[stream];
  if (!source) throw new Error('no stream');
  const reader = new LineReader(source);
  let seen = 0;
  return reader.nextLine((l) => re.test(l) && ++seen >= count, 20_000).then(() => undefined);
}

/** The headless core idle but connected (the CLI in Redis mode) against the bare floor process, side by side. */
export async function idleBench(stack: Stack, seconds: number): Promise<Measure[]> {
  const config = await stack.writeProfile('redis');
  const channels = ['private-todoevent.updated.8164', 'private-App.Models.User.8164', 'poster_room'];
  const core = spawn(process.execPath, [CLI_PATH, 'listen', '--config', config, '--no-history'], {
    env: { ...process.env, ECHO_TRAY_TOKEN: stack.laravel.issueToken(ALICE.id, { expiresInSeconds: 3600 }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const floor = spawn(process.execPath, [FLOOR_PATH, stack.redis.url, ...channels], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await Promise.all([
      waitForLine(core, 'stderr', /^echo-tray: subscribed /, channels.length),
      waitForLine(floor, 'stdout', /^ready$/, 1),
    ]);
    const pids = [core.pid, floor.pid];
    if (pids.some((p) => p === undefined)) throw new Error('idle bench: a child did not start');
    const [corePid, floorPid] = pids as [number, number];
    // Start-up is not idleness: let both finish their lazy work (JIT, first GCs) before sampling.
    await new Promise((r) => setTimeout(r, Math.min(5, seconds) * 1000));
    const before = await Promise.all([cpuMs(corePid), cpuMs(floorPid)]);
    // RSS moves with every GC: the median of one sample a second says more than the last one.
    const rss: [number[], number[]] = [[], []];
    for (let s = 0; s < seconds; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      const [c, f] = await Promise.all([rssMb(corePid), rssMb(floorPid)]);
      rss[0].push(c);
      rss[1].push(f);
    }
    const after = await Promise.all([cpuMs(corePid), cpuMs(floorPid)]);
    const cpu = (i: 0 | 1): number => (((after[i] ?? 0) - (before[i] ?? 0)) / 1000 / seconds) * 100;
    const [coreRss, floorRss] = [median(rss[0]), median(rss[1])];
    return [
      againstFloor(`idle RSS over ${seconds} s (median)`, coreRss, floorRss, 'MB', 1.15),
      absolute(`idle CPU over ${seconds} s (floor ${cpu(1).toFixed(3)} %)`, cpu(0), '%', '< 0.1 %', cpu(0) < 0.1),
    ];
  } finally {
    core.kill('SIGTERM');
    floor.kill('SIGTERM');
  }
}
