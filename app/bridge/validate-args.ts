import * as z from 'zod';
import type { InvokeArgs, InvokeChannel } from './contract.js';
import { INVOKE_ARGS } from './invoke-args.js';

/** Arguments from the window are untrusted: every handler gets them only through this check. */
export class BridgeArgError extends Error {
  constructor(channel: string, message: string) {
    super(`${channel}: ${message}`);
    this.name = 'BridgeArgError';
  }
}

/** The table seen per channel, so that a generic channel's schema yields exactly that channel's arguments. */
const ARG_SCHEMAS: { readonly [K in InvokeChannel]: z.ZodType<InvokeArgs<K>> & Pick<z.ZodTuple, 'def'> } = INVOKE_ARGS;

/** Checks a call's arguments against its channel's schema in the contract table. */
export function validateInvokeArgs<K extends InvokeChannel>(channel: K, args: readonly unknown[]): InvokeArgs<K> {
  const schema = ARG_SCHEMAS[channel];
  const items = schema.def.items;
  const arity = items.length;
  const required = items.filter((item) => !(item instanceof z.ZodOptional)).length;
  if (args.length < required || args.length > arity) {
    const expected = required === arity ? `${arity}` : `${required} to ${arity}`;
    throw new BridgeArgError(channel, `expected ${expected} argument(s), got ${args.length}`);
  }
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  throw new BridgeArgError(channel, parsed.error.issues[0]?.message ?? 'invalid arguments');
}
