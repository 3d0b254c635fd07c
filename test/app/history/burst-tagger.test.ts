import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BurstTagger } from '../../../app/history/burst-tagger.js';
import type { TrayNotification } from '../../../app/pipeline/notification.js';

const t0 = Date.UTC(2026, 0, 1, 9);

function note(id: string, channel: string, secondsAfter: number): TrayNotification {
  const receivedAt = new Date(t0 + secondsAfter * 1000).toISOString();
  return { id, channel, event: 'e', title: id, body: '', url: '', receivedAt, urgency: 'normal' };
}

describe('BurstTagger: one group key per burst, per channel', () => {
  it('entries of one channel within the coalescing window of the previous share the first one\'s id', () => {
    const tagger = new BurstTagger(() => ({ enabled: true, windowMs: 10_000, threshold: 3 }));
    const tags = [
      note('a', 'todos', 0),
      note('b', 'todos', 4),
      note('x', 'chat', 5),
      note('c', 'todos', 13),
      note('d', 'todos', 24),
      note('y', 'chat', 30),
    ].map((n) => [n.id, tagger.tag(n).burst]);
    assert.deepEqual(tags, [['a', 'a'], ['b', 'a'], ['x', 'x'], ['c', 'a'], ['d', 'd'], ['y', 'y']]);
  });

  it('with coalescing off every entry is its own group', () => {
    const tagger = new BurstTagger(() => ({ enabled: false, windowMs: 10_000, threshold: 3 }));
    assert.deepEqual([note('a', 'c', 0), note('b', 'c', 1)].map((n) => tagger.tag(n).burst), ['a', 'b']);
  });

  it('an entry that arrives out of order or with a bad time starts a new group', () => {
    const tagger = new BurstTagger(() => ({ enabled: true, windowMs: 10_000, threshold: 3 }));
    tagger.tag(note('a', 'c', 5));
    assert.equal(tagger.tag(note('b', 'c', 1)).burst, 'b');
    assert.equal(tagger.tag({ ...note('z', 'c', 2), receivedAt: 'nonsense' }).burst, 'z');
  });
});
