// The idle floor: a bare Node process with one Redis subscriber on the same channels, doing nothing
// else. (It used to load socket.io-client and pusher-js too, as the core did; the core now loads a
// transport's library only when the profile asks for it, so neither side carries them in Redis mode.)
// Run by bench/idle-bench.ts.
import { Redis } from 'ioredis';

const [url, ...channels] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: idle-floor REDIS_URL CHANNEL…');
const sub = new Redis(url);
void sub.subscribe(...channels.map((c) => `laravel_database_${c}`)).then(() => process.stdout.write('ready\n'));
process.on('SIGTERM', () => {
  sub.disconnect();
  process.exit(0);
});
