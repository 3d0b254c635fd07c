// `npm run bench [-- --json] [-- --quick]`: figures next to their floors, measured in the same run.
// Not a test: it prints, it never fails on a time.
import { parseArgs } from 'node:util';
import { startStack } from '../test/support/stack.js';
import { burstBench } from './burst-bench.js';
import { historyBench } from './history-bench.js';
import { idleBench } from './idle-bench.js';
import { latencyBench } from './latency-bench.js';
import { table, type Measure } from './measures.js';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false } } });
const quick = values.quick ?? false;
const say = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

const measures: Measure[] = [];
const stack = await startStack();
try {
  say('latency (publish → notification)…');
  measures.push(...(await latencyBench(stack, quick ? 400 : 4000)));
  say('burst…');
  measures.push(...(await burstBench(stack, quick ? 10_000 : 50_000)));
  say('history…');
  measures.push(...(await historyBench(quick ? 20_000 : 100_000)));
  say('idle…');
  measures.push(...(await idleBench(stack, quick ? 5 : 30)));
} finally {
  await stack.stop();
}
if (values.json) process.stdout.write(`${JSON.stringify({ measures })}\n`);
else process.stdout.write(`${table(measures)}\n`);
process.exit(0);
