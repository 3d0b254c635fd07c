// `npm run bench [-- --json] [-- --quick] [-- --only latency,fleet]`: figures next to their floors,
// measured in the same run. Not a test: it prints, it never fails on a time.
import { parseArgs } from 'node:util';
import { startStack } from '../test/support/stack.js';
import { burstBench } from './burst-bench.js';
import { fleetBench } from './fleet-bench.js';
import { historyBench } from './history-bench.js';
import { idleBench } from './idle-bench.js';
import { latencyBench } from './latency-bench.js';
import { table, type Measure } from './measures.js';
import { startupBench } from './startup-bench.js';
import { windowBench } from './window-bench.js';

const GROUPS = ['latency', 'burst', 'history', 'idle', 'startup', 'window', 'fleet'] as const;

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const quick = values.quick ?? false;
const only = new Set(values.only === undefined ? GROUPS : values.only.split(',').map((s) => s.trim()));
const say = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
const wanted = (group: (typeof GROUPS)[number]): boolean => only.has(group);

const measures: Measure[] = [];
// The relay logs nothing per event: its debug lines would be read and parsed by this process, a
// cost charged to whichever side (core or floor) is busy, not to the product.
const stack = await startStack({ echoDevMode: false });
try {
  if (wanted('latency')) {
    say('latency (publish → notification)…');
    measures.push(...(await latencyBench(stack, quick ? 400 : 4000)));
  }
  if (wanted('burst')) {
    say('burst…');
    measures.push(...(await burstBench(stack, quick ? 10_000 : 50_000)));
  }
  if (wanted('history')) {
    say('history…');
    measures.push(...(await historyBench(quick ? 20_000 : 100_000)));
  }
  if (wanted('idle')) {
    say('idle…');
    measures.push(...(await idleBench(stack, quick ? 5 : 30)));
  }
  if (wanted('startup')) {
    say('startup…');
    measures.push(...(await startupBench(stack, quick ? 3 : 9)));
  }
} finally {
  await stack.stop();
}
if (wanted('window')) {
  say('window (headless Chromium)…');
  measures.push(...(await windowBench(50_000, quick ? 2 : 7)));
}
if (wanted('fleet')) {
  const size = quick ? 100 : 1000;
  say(`fleet of ${size} through laravel-echo-server…`);
  measures.push(...(await fleetBench(size, 'socket.io', say)));
  say(`fleet of ${size} on Redis (direct)…`);
  measures.push(...(await fleetBench(size, 'redis', say)));
}
if (values.json) process.stdout.write(`${JSON.stringify({ measures })}\n`);
else process.stdout.write(`${table(measures)}\n`);
process.exit(0);
