// A separate process that publishes a burst of Laravel broadcasts as fast as Redis takes them
// (pipelined EVALs of Laravel's own broadcast script), so the notifier under test does not share
// its event loop with the publisher. Usage: node burst-publisher.js REDIS_URL CHANNEL COUNT BYTES [PREFIX]
import { Redis } from 'ioredis';
import { BROADCAST_MULTIPLE_CHANNELS_SCRIPT, laravelPayload } from '../support/laravel-broadcast.js';

const [url, channel, countText, bytesText, prefix = 'laravel_database_'] = process.argv.slice(2);
if (url === undefined || channel === undefined) throw new Error('usage: burst-publisher REDIS_URL CHANNEL COUNT BYTES [PREFIX]');
const count = Number(countText);
const bytes = Number(bytesText);
const redis = new Redis(url);
const filler = 'x'.repeat(Math.max(0, bytes - laravelPayload('App\\Events\\Burst', { seq: count, message: '' }).length));
const sha = (await redis.script('LOAD', BROADCAST_MULTIPLE_CHANNELS_SCRIPT)) as string;
const started = process.hrtime.bigint();
const BATCH = 500;
for (let i = 0; i < count; i += BATCH) {
  const pipeline = redis.pipeline();
  for (let seq = i; seq < Math.min(count, i + BATCH); seq++) pipeline.evalsha(sha, 0, laravelPayload('App\\Events\\Burst', { seq, message: filler }), prefix + channel);
  await pipeline.exec();
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ published: count, ms })}\n`);
redis.disconnect();
