import { readFile } from 'node:fs/promises';
import { parseProfile, ProfileError, type ParsedProfile } from './profile.js';

/** Reads and validates a profile file; every failure is a ProfileError naming the file. */
export async function loadProfile(path: string): Promise<ParsedProfile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT'
      ? 'file not found'
      : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String(err);
    throw new ProfileError(path, [why]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ProfileError(path, [`not valid JSON: ${(err as Error).message}`]);
  }
  return parseProfile(json, path);
}
