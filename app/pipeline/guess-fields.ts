/**
 * Default titles and bodies, for events no profile rule describes: the payload's own fields when it
 * has them, the sender for chat-like events, else the event's name made readable.
 */
import { asText } from './template.js';

type Payload = Readonly<Record<string, unknown>>;

const TITLE_FIELDS = ['title', 'subject', 'heading'];
const BODY_FIELDS = ['message', 'msg', 'body', 'text', 'description', 'content'];
/** The chat message itself: a chat-like event has one of these and a sender. */
const MESSAGE_FIELDS = ['message', 'text', 'body'];
const SENDER_FIELDS = ['sender', 'from', 'user', 'author'];
const PERSON_NAME_FIELDS = ['name', 'display_name', 'displayName', 'username'];
/** What names the thing an event is about (`{ todo: { title } }`, `{ name }`). */
const THING_NAME_FIELDS = ['title', 'name', 'subject'];

export interface Guessed {
  readonly title: string;
  readonly body: string | undefined;
}

/**
 * A field of a payload object, if it is its own (never `constructor` from the prototype). The
 * guesses name fields, not paths: this is a template path of one segment, without its lookup.
 */
function own(data: Payload, field: string): unknown {
  return Object.hasOwn(data, field) ? data[field] : undefined;
}

export function firstText(data: Payload, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const text = asText(own(data, field));
    if (text !== undefined && text.trim() !== '') return text;
  }
  return undefined;
}

function nonBlankString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstName(data: Payload, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const name = nonBlankString(own(data, field));
    if (name !== undefined) return name;
  }
  return undefined;
}

/** Who sent a chat-like event: `sender`/`from`/`user`/`author`, as a name or an object with one. */
export function senderName(data: Payload): string | undefined {
  for (const field of SENDER_FIELDS) {
    const value = own(data, field);
    const name = isObject(value) ? firstName(value, PERSON_NAME_FIELDS) : nonBlankString(value);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** The name of what the event is about: a top-level `name`, else the title/name of the first model it carries. */
function thingName(data: Payload): string | undefined {
  const ownName = nonBlankString(own(data, 'name'));
  if (ownName !== undefined) return ownName;
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (!isObject(value)) continue;
    const name = firstName(value, THING_NAME_FIELDS);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** `eventName` is the event's readable name ("Todo event updated"), the last resort. */
export function guessTitleAndBody(data: Payload, eventName: string): Guessed {
  const body = firstText(data, BODY_FIELDS);
  const title = firstText(data, TITLE_FIELDS);
  if (title !== undefined) return { title, body };
  const sender = firstText(data, MESSAGE_FIELDS) === undefined ? undefined : senderName(data);
  if (sender !== undefined) return { title: `Message from ${sender}`, body };
  const thing = thingName(data);
  return { title: thing === undefined ? eventName : `${eventName}: ${thing}`, body };
}
