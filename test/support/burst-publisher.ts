// A separate process that publishes a burst of Laravel broadcasts as fast as Redis takes them
// (pipelined EVALs of Laravel's own broadcast script), so the notifier under test does not share
// its event loop with the publisher. Usage: node burst-publisher.js REDIS_URL CHANNEL COUNT BYTES [PREFIX]
import { Redis } from 'ioredis';
import { BROADCAST_MULTIPLE_CHANNELS_SCRIPT, laravelPayload } from './laravel-broadcast.js';

const [url, channel, countText, bytesText, prefix = 'laravel_database_'] = process.argv.slice(2);
if (url === undefined || channel === undefined) throw new Error('usage: burst-publisher REDIS_URL CHANNEL COUNT BYTES [PREFIX]');
const count = Number(countText);
const bytes = Number(bytesText);
const redis = new Redis(url);
/** A todo update as an app would broadcast it, its message padded so the envelope is about BYTES long. */
const data = (seq: number, message: string): Record<string, unknown> => ({
  seq,
  todo: { id: seq, title: `Todo ${seq}` },
  message,
  url: `https://app.acme.test/todos/${seq}`,
});
const filler = 'x'.repeat(Math.max(0, bytes - laravelPayload('App\\Events\\TodoEventUpdated', data(count, '')).length));
const sha = (await redis.script('LOAD', BROADCAST_MULTIPLE_CHANNELS_SCRIPT)) as string;
const started = process.hrtime.bigint();
const BATCH = 500;
for (let i = 0; i < count; i += BATCH) {
  const pipeline = redis.pipeline();
  for (let seq = i; seq < Math.min(count, i + BATCH); seq++) {
    pipeline.evalsha(sha, 0, laravelPayload('App\\Events\\TodoEventUpdated', data(seq, filler)), prefix + channel);
  }
  await pipeline.exec();
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ published: count, ms })}\n`);
redis.disconnect();
