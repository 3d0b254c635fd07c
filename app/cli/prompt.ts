import type { Readable, Writable } from 'node:stream';

/** Reads a password from a terminal without echoing it. */
export function promptHidden(
  question: string,
  input: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => void },
  output: Writable,
): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(question);
    let value = '';
    input.setRawMode?.(true);
    input.resume();
    const done = (err?: Error): void => {
      input.setRawMode?.(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}
