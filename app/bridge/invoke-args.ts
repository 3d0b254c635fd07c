/**
 * The argument half of the contract table: per invoke channel, the schema its arguments (from a web
 * page, so untrusted) must pass. `satisfies` ties it to contract.ts's channels: a channel missing
 * here, or one the contract does not have, fails to compile.
 */
import * as z from 'zod';
import { SettingsPatchSchema } from '../schema/settings-schema.js';
import type { InvokeChannel } from './contract.js';

const text = (what: string, max: number) => z.string({ error: `${what} must be text` }).max(max, { error: `${what} is too long` });
const flag = (what: string) => z.boolean({ error: `${what} must be true or false` });

/** A schema's own `error` also words its checks' issues (zod 4), so int/min/max need none of their own. */
function whole(what: string, max: number) {
  return z.number({ error: `${what} must be a whole number from 0 to ${max}` }).int().min(0).max(max);
}

const HistoryQuerySchema = z.object(
  {
    offset: whole('offset', 10_000_000).optional(),
    limit: whole('limit', 1000).optional(),
    search: text('search', 200).optional(),
    channel: text('channel', 300).optional(),
    unreadOnly: flag('unreadOnly').optional(),
  },
  { error: 'query must be an object' },
);

const LOGOUT_ERROR = 'the logout options are {forget: boolean}';
/** `forget`: "forget this computer", the user's history on this computer is deleted too. */
export const LogoutOptionsSchema = z.strictObject({ forget: z.boolean({ error: LOGOUT_ERROR }).optional() }, { error: LOGOUT_ERROR });
export type LogoutOptions = z.output<typeof LogoutOptionsSchema>;

/** What "Mark these read" marks: the filter without paging. */
const MarkQuerySchema = HistoryQuerySchema.pick({ search: true, channel: true, unreadOnly: true });

const idsError = 'ids must be a list of at most 10,000';
const ids = z.array(text('id', 200), { error: idsError }).max(10_000);

export const INVOKE_ARGS = {
  'app:state': z.tuple([]),
  'session:login': z.tuple([text('email', 320), text('password', 1000)]),
  'session:logout': z.tuple([LogoutOptionsSchema.optional()]),
  'history:list': z.tuple([HistoryQuerySchema]),
  'history:mark-read': z.tuple([ids]),
  'history:mark-all-read': z.tuple([]),
  'history:mark-matching': z.tuple([MarkQuerySchema]),
  'history:mark-unread': z.tuple([ids]),
  'history:open': z.tuple([text('id', 200)]),
  'channels:add': z.tuple([text('channel name', 300)]),
  'channels:remove': z.tuple([text('channel name', 300)]),
  'channels:mute': z.tuple([text('channel name', 300), flag('muted')]),
  'channels:hide': z.tuple([text('channel name', 300), flag('hidden')]),
  'settings:update': z.tuple([SettingsPatchSchema]),
  'connection:retry': z.tuple([]),
} as const satisfies { readonly [K in InvokeChannel]: z.ZodTuple };
