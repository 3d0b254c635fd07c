// A catch-up runs once the notification channel is subscribed again, not as soon as the connection
// is up: a notification Laravel creates between the fetch and the relay's join of the channel would
// otherwise be neither in the fetched page nor received live.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { JsonAnswer, LaravelClient } from '../../../app/auth/laravel-client.js';
import { watchMissedNotifications } from '../../../app/catch-up/missed-notifications.js';
import type { Delivery, EchoCore } from '../../../app/core/echo-core.js';
import type { ChannelStatus, ConnectionStatus } from '../../../app/transport/transport.js';
import { MemoryLogger } from '../../../app/log.js';

const NOTIFY = 'private-App.Models.User.8164';

/** Only what the catch-up reads of the core: its connection, its channels and their events. */
class CoreStandIn extends EventEmitter {
  connection: ConnectionStatus = { state: 'connecting', transport: 'socket.io' };
  statuses: ChannelStatus[] = [{ channel: NOTIFY, state: 'pending' }];
  readonly userId = '8164';
  readonly token = 'token';
  channels(): ChannelStatus[] {
    return this.statuses;
  }
  knowsNotification(): boolean {
    return false;
  }
  deliverMissed(): Delivery[] {
    return [];
  }
  setChannel(state: ChannelStatus['state']): void {
    this.statuses = [{ channel: NOTIFY, state }];
    this.emit('channel', this.statuses[0]);
  }
  setConnection(state: ConnectionStatus['state']): void {
    this.connection = { state, transport: 'socket.io' };
    this.emit('connection', this.connection);
  }
}

describe('catch-up timing', () => {
  it('fetches after a reconnection only once the notification channel is subscribed again', async (t) => {
    const core = new CoreStandIn();
    const fetched: string[] = [];
    const client = {
      bearerJson: (_method: string, path: string): Promise<JsonAnswer> => {
        fetched.push(path);
        return Promise.resolve({ ok: true, status: 200, body: [] });
      },
    } as unknown as LaravelClient;
    const watcher = watchMissedNotifications({
      core: core as unknown as EchoCore,
      client,
      logger: new MemoryLogger(),
      path: '/api/notifications',
      startSince: new Date('2026-12-01T08:00:00Z'),
      onMissed: () => undefined,
    });
    t.after(() => {
      watcher.stop();
    });
    core.setConnection('connected');
    assert.deepEqual(fetched, [], 'connected, the channel still pending: nothing fetched yet');
    core.setChannel('subscribed');
    assert.equal(fetched.length, 1, 'start-up catch-up once the channel is subscribed');
    await watcher.lastRun;

    core.setChannel('pending');
    core.setConnection('reconnecting');
    core.setConnection('connected');
    assert.equal(fetched.length, 1, 'back, but the channel is not joined yet');
    core.setChannel('subscribed');
    assert.equal(fetched.length, 2, 'the outage\'s catch-up once it is');
    await watcher.lastRun;
  });
});
