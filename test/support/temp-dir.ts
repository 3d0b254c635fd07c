import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

/** A fresh temp folder for the enclosing describe(), removed after it; read `.path` inside its tests. */
export function tempDirForSuite(prefix: string): { readonly path: string } {
  let path: string | undefined;
  before(async () => {
    path = await mkdtemp(join(tmpdir(), prefix));
  });
  after(async () => {
    if (path !== undefined) await rm(path, { recursive: true, force: true });
  });
  return {
    get path(): string {
      if (path === undefined) throw new Error('tempDirForSuite: .path is read before the suite started');
      return path;
    },
  };
}
