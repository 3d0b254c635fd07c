/** Event name Laravel gives a Notification sent `via(['broadcast'])`. */
export const BROADCAST_NOTIFICATION_EVENT = 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated';

/** laravel-echo prepends this to `.listen('X')` unless the name starts with a dot. */
export const DEFAULT_EVENT_NAMESPACE = 'App\\Events\\';

export function isLaravelNotification(event: string): boolean {
  return event === BROADCAST_NOTIFICATION_EVENT || event === `.${BROADCAST_NOTIFICATION_EVENT}`;
}

/** `TodoEventUpdated` → `Todo event updated`, `backend_poster` → `Backend poster`. */
export function readableName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s._\-:]+/)
    .filter((w) => w !== '');
  if (words.length === 0) return name;
  const sentence = words.map((w, i) => (i === 0 ? w : /^[A-Z0-9]+$/.test(w) && w.length > 1 ? w : w.toLowerCase())).join(' ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
