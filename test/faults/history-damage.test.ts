// Fault: the history file is damaged: cut short in the middle of its last line (a crash while
// writing), or with garbage in the middle (a disk error, another program). End to end through the
// CLI: only the damaged entries are lost, the user is told on stderr, and new events are still
// recorded (on a line of their own).
import assert from 'node:assert/strict';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatNote } from '../../app/history/history-record.js';
import { HistoryStore } from '../../app/history/history-store.js';
import type { TrayNotification } from '../../app/pipeline/notification.js';
import { startCli, stopAtEnd } from '../support/cli.js';
import { ALICE, stackForSuite } from '../support/stack.js';

/** Enough that the damage near the start is found by the background load, after the first page is shown. */
const ENTRIES = 3000;

function note(i: number): TrayNotification {
  return {
    id: `old-${i}`,
    channel: 'poster_room',
    event: 'backend_poster',
    title: `Old ${i}`,
    body: `entry ${i} ☆`,
    url: '',
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    urgency: 'normal',
  };
}

describe('fault: a damaged history file (through echo-tray listen)', () => {
  const s = stackForSuite({ echo: false });

  const damages: { name: string; damaged: number; lost: string[]; damage: (lines: string[], path: string) => Promise<void> }[] = [
    {
      name: 'cut short in the middle of the last line',
      damaged: 1,
      lost: [`old-${ENTRIES - 1}`],
      damage: async (lines, path) => {
        await writeFile(path, lines.join(''));
        const last = lines.at(-1) ?? '';
        await truncate(path, Buffer.byteLength(lines.join('')) - Math.floor(Buffer.byteLength(last) / 2));
      },
    },
    {
      name: 'garbage in the middle (binary junk, and a line corrupted inside)',
      damaged: 3,
      lost: ['old-120'],
      damage: async (lines, path) => {
        const copy = [...lines];
        const corrupted = copy[120] ?? '';
        copy[120] = `${corrupted.slice(0, 40)}\u0000\u0000#!${corrupted.slice(60)}`;
        const junk = Buffer.from([0x00, 0x00, 0xff, 0xfe, 0x7b, 0x22, 0x0a, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x0a]);
        await writeFile(path, Buffer.concat([Buffer.from(copy.slice(0, 50).join('')), junk, Buffer.from(copy.slice(50).join(''))]));
      },
    },
  ];

  for (const { name, damaged, lost: expectedLost, damage } of damages) {
    it(`${name}: only the damaged entries are lost, the user is told, new events are recorded`, async (t) => {
      const { stack, publisher } = s();
      const path = join(stack.dir, `history-${damaged}.jsonl`);
      const lines = Array.from({ length: ENTRIES }, (_, i) => formatNote(note(i), false));
      await damage(lines, path);
      const config = await stack.writeProfile('redis', { channels: ['poster_room'] });
      const cli = startCli(
        ['listen', '--config', config, '--email', ALICE.email, '--json', '--history', path],
        { ECHO_TRAY_PASSWORD: ALICE.password },
      );
      stopAtEnd(t, cli);
      // The damage report comes when the background load ends: before or after the subscription.
      let told = false;
      let subscribed = false;
      await cli.stderr.nextLine((l) => {
        told ||= /damaged/.test(l);
        subscribed ||= l === 'echo-tray: subscribed poster_room';
        return told && subscribed;
      }, 10_000);
      const report = cli.stderr.lines.find((l) => /damaged/.test(l)) ?? '';
      assert.match(report, new RegExp(`^warn: history: ${damaged} damaged entries skipped in ${path.replaceAll('.', '\\.')}`));
      await publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'recorded after the damage' } });
      await cli.stdout.nextLine((l) => l.includes('recorded after the damage'), 5_000);
      cli.child.kill('SIGINT');
      assert.equal(await cli.exited, 0);
      assert.equal(cli.stderr.lines.filter((l) => /damaged/.test(l)).length, 1, `told once:\n${cli.stderr.lines.join('\n')}`);

      const text = await readFile(path, 'utf8');
      assert.ok(
        text.split('\n').some((l) => l.startsWith('{"k":"note"') && l.includes('recorded after the damage')),
        'the new event is on a line of its own',
      );
      const store = await HistoryStore.open(path, { cap: 10_000 });
      await store.ready;
      const ids = new Set(store.list({ limit: ENTRIES + 1 }).items.map((e) => e.id));
      await store.close();
      const lost = Array.from({ length: ENTRIES }, (_, i) => `old-${i}`).filter((id) => !ids.has(id));
      assert.deepEqual(lost, expectedLost, 'only the damaged entries are lost');
      assert.equal(ids.size, ENTRIES - lost.length + 1);
    });
  }
});
