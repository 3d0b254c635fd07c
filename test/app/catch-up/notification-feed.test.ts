import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { LaravelClient } from '../../../app/auth/laravel-client.js';
import { NotificationCatchUp } from '../../../app/catch-up/catch-up.js';
import { parseFeedPage, type StoredNotification } from '../../../app/catch-up/notification-feed.js';
import { MemoryLogger } from '../../../app/log.js';
import { ALICE, fakeLaravelForSuite } from '../../support/stack.js';

const PAGINATOR_KEYS = [
  'current_page', 'data', 'first_page_url', 'from', 'last_page', 'last_page_url', 'links',
  'next_page_url', 'path', 'per_page', 'prev_page_url', 'to', 'total',
];
const ROW_KEYS = ['id', 'type', 'notifiable_type', 'notifiable_id', 'data', 'read_at', 'created_at', 'updated_at'];

describe('laravel.notifications: the shapes Laravel answers (fake Laravel 8)', () => {
  const laravel = fakeLaravelForSuite({ users: [ALICE] });
  let client: LaravelClient;
  let token: string;
  before(() => {
    const settings = { url: laravel.url, login: '/api/login', me: '/api/user', authEndpoint: '/broadcasting/auth' };
    client = new LaravelClient({ ...settings, notifications: '/api/notifications' });
    token = laravel.issueToken(ALICE.id);
    for (let i = 1; i <= 5; i++) {
      const data = { title: `Task ${i}`, url: `/tasks/${i}` };
      laravel.storeNotification(ALICE.id, 'App\\Notifications\\TaskAssigned', data, { read: i === 2 });
    }
    laravel.notificationsPerPage = 2;
  });

  it('the paginator: LengthAwarePaginator::toArray keys in order, rows as DatabaseNotification serializes them', async () => {
    const answer = await client.bearerJson('GET', '/api/notifications', token);
    assert.ok(answer.ok);
    const body = answer.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), PAGINATOR_KEYS);
    assert.equal(body.next_page_url, `${laravel.url}/api/notifications?page=2`);
    assert.deepEqual((body.links as { label: string }[]).map((l) => l.label), ['&laquo; Previous', '1', '2', '3', 'Next &raquo;']);
    const rows = body.data as Record<string, unknown>[];
    assert.deepEqual(Object.keys(rows[0] ?? {}), ROW_KEYS);
    assert.match(String(rows[0]?.created_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$/);

    const page = parseFeedPage(answer.body);
    assert.ok(page.ok);
    assert.equal(page.shape, 'paginator');
    assert.equal(page.total, 5);
    assert.deepEqual(page.items.map((n) => n.data.title), ['Task 5', 'Task 4'], 'newest first');
  });

  it('a resource collection and a plain array are understood too; anything else is a clear error', async (t) => {
    t.after(() => {
      laravel.notificationsRoute = 'paginator';
    });
    laravel.notificationsRoute = 'resource';
    const answer = await client.bearerJson('GET', '/api/notifications', token);
    assert.ok(answer.ok);
    const resource = parseFeedPage(answer.body);
    assert.ok(resource.ok);
    assert.equal(resource.shape, 'resource collection');
    assert.equal(resource.next, `${laravel.url}/api/notifications?page=2`);
    laravel.notificationsRoute = 'array';
    const array = await client.bearerJson('GET', '/api/notifications', token);
    const all = parseFeedPage(array.ok ? array.body : undefined);
    assert.ok(all.ok);
    assert.equal(all.items.length, 5);
    assert.equal(all.items.find((n) => n.data.title === 'Task 2')?.readAt instanceof Date, true);
    const html = parseFeedPage('<!DOCTYPE html><html>');
    assert.equal(html.ok, false);
    assert.match(html.ok ? '' : html.reason, /expected a list of notifications/);
    const damaged = parseFeedPage([{ id: 'x', data: 'not json' }, { data: {} }, { id: 'y', data: [] }]);
    assert.ok(damaged.ok);
    assert.deepEqual(damaged.items.map((n) => n.id), ['y']);
    assert.equal(damaged.skipped, 2);
  });

  it('the catch-up pages back to a known id, within its bounds, one run at a time', async () => {
    const delivered: StoredNotification[][] = [];
    const known = new Set<string>();
    const catchUp = (maxPages?: number): NotificationCatchUp =>
      new NotificationCatchUp({
        client,
        path: '/api/notifications',
        token: () => token,
        logger: new MemoryLogger(),
        isKnown: (id) => known.has(id),
        deliver: (items) => delivered.push([...items]),
        ...(maxPages ? { maxPages } : {}),
      });

    const bounded = await catchUp(2).run(undefined);
    assert.deepEqual(bounded, { missed: 4, pages: 2, stop: 'bounds' });
    assert.deepEqual(delivered[0]?.map((n) => n.data.title), ['Task 2', 'Task 3', 'Task 4', 'Task 5'], 'oldest first');

    const oldest = laravel.notificationRows[0];
    assert.ok(oldest);
    known.add(oldest.id);
    const mark = laravel.requests.length;
    const runner = catchUp();
    const [first, second, third] = await Promise.all([runner.run(undefined), runner.run(undefined), runner.run(undefined)]);
    assert.deepEqual(first, { missed: 4, pages: 3, stop: 'known' });
    assert.deepEqual(second, third, 'requests during a run are folded into one more run');
    const pagesAsked = laravel.requests.slice(mark).filter((r) => r.path === '/api/notifications').length;
    assert.equal(pagesAsked, 6, 'two runs of three pages, never two at once');
  });
});
