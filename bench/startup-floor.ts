// The start-up floor: a bare Node client doing what `echo-tray listen` does in Redis mode, nothing
// more: ask /broadcasting/auth for each private channel (as the redis broadcaster wants), SUBSCRIBE
// them all, print "ready". Run by bench/startup-bench.ts.
import { Redis } from 'ioredis';

const [redisUrl, laravelUrl, token, ...channels] = process.argv.slice(2);
if (redisUrl === undefined || laravelUrl === undefined || token === undefined) {
  throw new Error('usage: startup-floor REDIS_URL LARAVEL_URL TOKEN CHANNEL…');
}
const sub = new Redis(redisUrl);
await Promise.all(
  channels
    .filter((c) => c.startsWith('private-') || c.startsWith('presence-'))
    .map(async (channel) => {
      const res = await fetch(`${laravelUrl}/broadcasting/auth`, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'X-Requested-With': 'XMLHttpRequest',
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ channel_name: channel }).toString(),
      });
      if (!res.ok) throw new Error(`auth ${channel}: HTTP ${res.status}`);
      await res.text();
    }),
);
await sub.subscribe(...channels.map((c) => `laravel_database_${c}`));
process.stdout.write('ready\n');
sub.disconnect();
process.exit(0);
