import { parseProfile, type Profile } from '../../../app/profile/profile.js';
import { startPreview, type Preview, type PreviewOptions } from '../../../app/preview/start-preview.js';
import type { ChannelView } from '../../../app/bridge/contract.js';
import { LaravelPublisher } from '../../support/laravel-broadcast.js';
import { startStack, type Stack } from '../../support/stack.js';

/** A real redis-server, the fake Laravel app, and the preview in Redis mode in front of them. */
export interface PreviewStack {
  readonly stack: Stack;
  readonly profile: Profile;
  readonly preview: Preview;
  readonly publisher: LaravelPublisher;
  /** Lines the preview printed (notifications, link opens). */
  readonly printed: string[];
  stop(): Promise<void>;
}

export async function startPreviewStack(
  overrides: Record<string, unknown> = {},
  options: Partial<PreviewOptions> & { login?: number } = {},
): Promise<PreviewStack> {
  const stack = await startStack({ echo: false });
  const printed: string[] = [];
  try {
    const { profile } = parseProfile(stack.profileJson('redis', overrides));
    const { login, ...rest } = options;
    const preview = await startPreview({
      profile,
      print: (line) => printed.push(line),
      ...(login !== undefined ? { bearerToken: stack.laravel.issueToken(login) } : {}),
      ...rest,
    });
    const publisher = new LaravelPublisher(stack.redis.url);
    return {
      stack,
      profile,
      preview,
      publisher,
      printed,
      async stop() {
        await publisher.close();
        await preview.stop();
        await stack.stop();
      },
    };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

/** Resolves once every named channel is in `state` in the controller (event-driven, no polling). */
export function channelsIn(preview: Preview, names: readonly string[], state: ChannelView['state'], timeoutMs = 10_000): Promise<void> {
  const done = (channels: readonly ChannelView[]): boolean => names.every((n) => channels.some((c) => c.channel === n
    && c.state === state));
  if (done(preview.controller.state().channels)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(
          `channels ${names.join(', ')} not ${state} within ${timeoutMs} ms: `
            + `${JSON.stringify(preview.controller.state().channels.map((c) => [c.channel, c.state]))}`,
        ),
      );
    }, timeoutMs);
    const off = preview.controller.on('push:channels', (channels) => {
      if (!done(channels)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
