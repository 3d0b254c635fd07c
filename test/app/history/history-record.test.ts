import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatNote, noteLineStart } from '../../../app/history/history-record.js';
import type { TrayNotification } from '../../../app/pipeline/notification.js';
import { PIECES, prng } from '../../faults/fuzz-payloads.js';

/** What formatNote promises to write: the record object through JSON.stringify, field for field. */
function stringified(n: TrayNotification, read: boolean): string {
  const { id, channel, event, title, body, url, receivedAt, urgency, type, offlineFrom, burst } = n;
  const record = { k: 'note', id, channel, event, title, body, url, receivedAt, urgency, type, offlineFrom, burst };
  return `${JSON.stringify(read ? { ...record, read } : record)}\n`;
}

describe('formatNote', () => {
  it('writes the record as JSON.stringify does for any text (quotes, backslashes, controls, surrogates), as noteLineStart begins', () => {
    const random = prng(20261202);
    const text = (): string => {
      let out = '';
      for (let i = Math.floor(random() * 6); i > 0; i--) out += PIECES[Math.floor(random() * PIECES.length)] ?? '';
      return out;
    };
    for (let i = 0; i < 3_000; i++) {
      const n: TrayNotification = {
        id: text() || 'id',
        channel: text(),
        event: text(),
        title: text(),
        body: text(),
        url: text(),
        receivedAt: text(),
        urgency: 'normal',
        ...(random() < 0.5 ? { type: text() } : {}),
        ...(random() < 0.2 ? { offlineFrom: text() } : {}),
        ...(random() < 0.3 ? { burst: text() } : {}),
      };
      const read = random() < 0.5;
      const line = formatNote(n, read);
      assert.equal(line, stringified(n, read), JSON.stringify(n));
      assert.ok(line.startsWith(noteLineStart(n.id)), 'a compaction finds the line by how it starts');
    }
  });

  it('escapes what JSON needs escaped, and only that', () => {
    const n: TrayNotification = {
      id: 'a"b', channel: 'c\\d', event: 'e\u0001f', title: '中文\u2028', body: '\ud83d\ude00 \ud800',
      url: '', receivedAt: '', urgency: 'low',
    };
    const line = formatNote(n, false);
    assert.ok(line.includes(String.raw`"id":"a\"b","channel":"c\\d","event":"e\u0001f","title":"中文` + '\u2028"'), line);
    assert.ok(line.includes(String.raw`"body":"` + '\ud83d\ude00' + String.raw` \ud800"`), line);
    assert.deepEqual(JSON.parse(line), { k: 'note', ...n });
  });
});
