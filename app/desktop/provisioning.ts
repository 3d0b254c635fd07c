import { readFile } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import { parseProfile, ProfileError, type Profile } from '../profile/profile.js';

/**
 * Where the server profile comes from. IT provisions it in one of two places, and may lock it:
 * - machine: a documented per-OS path, for a file dropped by IT tooling after install
 *   (Linux `/etc/echo-tray/profile.json`, Windows `%ProgramData%\Echo Tray\profile.json`,
 *   macOS `/Library/Application Support/Echo Tray/profile.json`);
 * - installer: `<resources>/provisioning/profile.json`, shipped by electron-builder's extraResources.
 * A user (or developer) profile is `ECHO_TRAY_PROFILE` or `<userData>/profile.json`; it is used
 * only when IT's profile is not locked.
 */
export type ProfileSource = 'machine' | 'installer' | 'env' | 'user';

export interface ProfileLocation {
  readonly source: ProfileSource;
  readonly path: string;
}

export const PROVISIONING_DIR = 'provisioning';
export const PROFILE_FILE = 'profile.json';
export const PROFILE_ENV = 'ECHO_TRAY_PROFILE';

export interface LocationFacts {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** process.resourcesPath of the packaged app; null when running unpackaged. */
  readonly resourcesPath: string | null;
  readonly userDataDir: string;
}

export function machineProfilePath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Echo Tray', PROFILE_FILE);
  if (platform === 'darwin') return posix.join('/Library/Application Support/Echo Tray', PROFILE_FILE);
  return posix.join('/etc/echo-tray', PROFILE_FILE);
}

/** Every place a profile may be, IT's first. */
export function profileLocations(facts: LocationFacts): ProfileLocation[] {
  const path = facts.platform === 'win32' ? win32 : posix;
  const list: ProfileLocation[] = [{ source: 'machine', path: machineProfilePath(facts.platform, facts.env) }];
  if (facts.resourcesPath !== null) {
    list.push({ source: 'installer', path: path.join(facts.resourcesPath, PROVISIONING_DIR, PROFILE_FILE) });
  }
  const fromEnv = facts.env[PROFILE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') list.push({ source: 'env', path: fromEnv });
  list.push({ source: 'user', path: path.join(facts.userDataDir, PROFILE_FILE) });
  return list;
}

export interface ProvisionedProfile {
  readonly profile: Profile;
  readonly source: ProfileSource;
  readonly path: string;
  /** IT locked the server settings: user profiles are ignored and the window shows them read-only. */
  readonly locked: boolean;
  readonly warnings: readonly string[];
}

export class ProvisioningError extends Error {
  constructor(message: string, readonly tried: readonly ProfileLocation[]) {
    super(message);
    this.name = 'ProvisioningError';
  }
}

export type ReadText = (path: string) => Promise<string>;

const isIt = (source: ProfileSource): boolean => source === 'machine' || source === 'installer';

async function readIfPresent(location: ProfileLocation, read: ReadText): Promise<string | undefined> {
  try {
    return await read(location.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A missing ECHO_TRAY_PROFILE is a mistake worth saying; a missing default file is not.
    if ((code === 'ENOENT' || code === 'ENOTDIR') && location.source !== 'env') return undefined;
    const why = code === 'ENOENT'
      ? 'file not found'
      : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String(err);
    throw new ProfileError(location.path, [why]);
  }
}

function parseLocated(location: ProfileLocation, text: string): ProvisionedProfile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ProfileError(location.path, [`not valid JSON: ${(err as Error).message}`]);
  }
  const warnings: string[] = [];
  let locked = false;
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && 'locked' in json) {
    const { locked: flag, ...rest } = json as Record<string, unknown>;
    if (typeof flag !== 'boolean') throw new ProfileError(location.path, [`locked: expected true or false, got ${JSON.stringify(flag)}`]);
    if (isIt(location.source)) locked = flag;
    else if (flag) warnings.push(`locked: only a profile IT provisions can be locked; ignored in ${location.path}`);
    json = rest;
  }
  const parsed = parseProfile(json, location.path);
  return { profile: parsed.profile, source: location.source, path: location.path, locked, warnings: [...warnings, ...parsed.warnings] };
}

/**
 * Finds the profile: IT's (machine path, then installer) if it is locked; else the user's
 * (ECHO_TRAY_PROFILE, then userData); else IT's unlocked one as the default. Throws ProfileError
 * for a file that exists but is invalid, ProvisioningError when there is no profile at all.
 */
export async function loadProvisionedProfile(
  locations: readonly ProfileLocation[],
  read: ReadText = (p) => readFile(p, 'utf8'),
): Promise<ProvisionedProfile> {
  let itProfile: ProvisionedProfile | undefined;
  for (const location of locations.filter((l) => isIt(l.source))) {
    const text = await readIfPresent(location, read);
    if (text === undefined) continue;
    itProfile = parseLocated(location, text);
    break;
  }
  if (itProfile?.locked) return itProfile;
  for (const location of locations.filter((l) => !isIt(l.source))) {
    const text = await readIfPresent(location, read);
    if (text !== undefined) return parseLocated(location, text);
  }
  if (itProfile) return itProfile;
  const list = locations.map((l) => `  ${l.path} (${l.source})`).join('\n');
  throw new ProvisioningError(`No server profile found. Ask IT for the Echo Tray profile, or put one at one of:\n${list}`, locations);
}
