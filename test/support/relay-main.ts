// A test relay in its own process (so that a test can kill -9 it): `node relay-main.js '<RelaySpec JSON>'`.
// Prints "ready <port>" once it listens (and, for the Redis-fed ones, once PSUBSCRIBE succeeded).
import { startEchoProtocolRelay } from './echo-protocol-relay.js';
import { PusherProtocolServer } from './pusher-protocol-server.js';
import type { RelaySpec } from './relay-process.js';
import { startPlainRelay } from './plain-relay.js';
import { errorDetail } from '../../app/util/error-reason.js';

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as RelaySpec & { port: number };
  let port: number;
  switch (spec.kind) {
    case 'pusher':
      port = (await PusherProtocolServer.start({ app: spec.app, flavour: spec.flavour, port: spec.port })).port;
      break;
    case 'echo-v4':
      port = (await startEchoProtocolRelay({ ...spec })).port;
      break;
    case 'plain':
      port = (await startPlainRelay({ port: spec.port, redisUrl: spec.redisUrl })).port;
      break;
  }
  console.log(`ready ${port}`);
}

main().catch((err: unknown) => {
  console.error(errorDetail(err));
  process.exit(1);
});
