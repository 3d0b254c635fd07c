import { silentLogger } from '../log.js';
import type { Profile } from '../profile/profile.js';
import { createTransport } from '../transport/create-transport.js';
import type { ConnectionStatus, TransportListener } from '../transport/transport.js';
import { fail, pass, type DoctorCheck } from './check.js';

const KEY_FIX = 'set connection.key to the app key the server knows (PUSHER_APP_KEY in the app\'s .env, or REVERB_APP_KEY for Reverb)';

/**
 * Relays the doctor cannot probe by hand (Pusher, Reverb): the configured transport itself connects
 * once, and its first verdict (connected, or why not) is the answer. A refused app key says 4001.
 */
export async function checkRelayConnects(profile: Profile, host: string, timeoutMs: number): Promise<DoctorCheck> {
  let resolveVerdict: (s: ConnectionStatus | undefined) => void = () => undefined;
  const verdict = new Promise<ConnectionStatus | undefined>((resolve) => (resolveVerdict = resolve));
  const listener: TransportListener = {
    onConnection: (s) => {
      if (s.state === 'connected' || ((s.state === 'reconnecting' || s.state === 'offline') && s.reason !== undefined)) resolveVerdict(s);
    },
    onChannel: () => undefined,
    onMessage: () => undefined,
    onEnvelope: () => undefined,
    onPresence: () => undefined,
    onMalformed: () => undefined,
  };
  const transport = createTransport(profile, {
    authority: {
      token: () => '',
      authorize: () => Promise.resolve({ ok: false, status: 0, reason: 'the doctor subscribes nothing here' }),
    },
    listener,
    logger: silentLogger,
  });
  const timer = setTimeout(() => resolveVerdict(undefined), timeoutMs);
  transport.start();
  const s = await verdict;
  clearTimeout(timer);
  await transport.stop();
  const broadcaster: string = profile.connection.broadcaster;
  if (s === undefined) {
    return fail(
      'relay',
      `no answer from ${host} within ${Math.round(timeoutMs / 1000)} s`,
      'check connection.wsHost / wsPort (or cluster) and that the server runs',
    );
  }
  if (s.state === 'connected') {
    const key = 'key' in profile.connection ? ` accepted app key ${JSON.stringify(profile.connection.key)}` : ' accepted the connection';
    return pass('relay', `${host}${key}${s.protocol ? `, speaking ${s.protocol}` : ''}`);
  }
  const reason = s.reason ?? 'no reason given';
  if (/\b4001\b/.test(reason)) return fail('relay', `${host} refused the app key: ${reason}`, KEY_FIX);
  return fail(
    'relay',
    `cannot use the ${broadcaster} relay at ${host}: ${reason}`,
    'check connection.wsHost, wsPort, forceTLS and enabledTransports, and that the server runs',
  );
}
