// The idle floor: a bare Node process with the same client libraries loaded, one Redis subscriber
// on the same channels, doing nothing else. Run by bench/idle-bench.ts.
import { Redis } from 'ioredis';
import 'socket.io-client';
import 'socket.io-client-v2';
import 'pusher-js';

const [url, ...channels] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: idle-floor REDIS_URL CHANNEL…');
const sub = new Redis(url);
void sub.subscribe(...channels.map((c) => `laravel_database_${c}`)).then(() => process.stdout.write('ready\n'));
process.on('SIGTERM', () => {
  sub.disconnect();
  process.exit(0);
});
