import type { LaravelClient } from '../auth/laravel-client.js';
import type { Logger } from '../log.js';
import type { TrayNotification } from '../pipeline/notification.js';
import { isLaravelNotification } from '../pipeline/laravel-names.js';

/** Laravel's notification ids are uuids: anything else is not put in a URL. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Tells Laravel (`POST laravel.markRead`) that the user read these notifications, so that the web
 * app's bell agrees. Only entries that came from a Laravel notification; failures are logged, never shown.
 */
export async function markReadInLaravel(
  client: LaravelClient,
  token: string,
  entries: readonly TrayNotification[],
  logger: Logger,
): Promise<void> {
  const template = client.settings.markRead;
  if (template === undefined) return;
  for (const entry of entries) {
    if (!isLaravelNotification(entry.event) || !UUID.test(entry.id)) continue;
    const answer = await client.bearerJson('POST', template.replaceAll('{id}', encodeURIComponent(entry.id)), token);
    if (!answer.ok) {
      logger.log('warn', `notifications: could not mark ${entry.id} read in Laravel (${answer.reason})`, { status: answer.status });
    }
  }
}
