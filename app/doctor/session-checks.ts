import { LoginError, type LaravelClient } from '../auth/laravel-client.js';
import type { Session } from '../auth/session.js';
import { refreshedExpiry } from '../auth/session-refresher.js';
import { parseFeedPage } from '../catch-up/notification-feed.js';
import { fail, pass, type DoctorCheck } from './check.js';
import { errorMessage } from '../util/error-reason.js';

/**
 * `refresh` hop (laravel.refresh set): the token is refreshed once, as the notifier does before it
 * expires. The old token is then blacklisted by jwt-auth, so the doctor goes on with the new one.
 */
export async function checkRefresh(client: LaravelClient, session: Session, now: Date): Promise<{ check: DoctorCheck; session: Session }> {
  const path = client.settings.refresh ?? '';
  try {
    const answer = await client.refresh(session.token);
    const expiresAt = refreshedExpiry(answer, now.getTime());
    const expiry =
      expiresAt === undefined
        ? 'the new token does not say when it expires (it is never refreshed on a timer)'
        : `the new token expires ${expiresAt.toISOString()}`;
    return { check: pass('refresh', `refreshed at ${path}: ${expiry}`), session: { ...session, token: answer.token, expiresAt } };
  } catch (err) {
    const message = errorMessage(err);
    const refused = err instanceof LoginError && err.kind === 'wrong-credentials';
    const fix = refused
      ? 'the app refused to refresh a token it had just accepted: check that laravel.refresh is the route of auth()->refresh() ' +
        'behind the api guard (tymon/jwt-auth), or remove the key'
      : REFRESH_FIX;
    return { check: fail('refresh', message, fix), session };
  }
}

const REFRESH_FIX = 'check laravel.refresh: it must be the POST route answering {"access_token", "expires_in"} ' +
  'like tymon/jwt-auth\'s AuthController::refresh';

/**
 * `refresh` hop with a given token ($ECHO_TRAY_TOKEN): refreshing it would blacklist it (jwt-auth), logging out
 * whoever else holds it, a running desktop or a browser. Only the route is checked: asked without a token,
 * `auth()->refresh()` behind auth:api answers 401; a wrong path 404; the web guard a redirect.
 */
export async function checkRefreshRoute(client: LaravelClient): Promise<DoctorCheck> {
  const path = client.settings.refresh ?? '';
  let status: number;
  try {
    status = (await client.request({ method: 'POST', path })).status;
  } catch (err) {
    return fail('refresh', `cannot reach ${path}: ${errorMessage(err)}`, REFRESH_FIX);
  }
  if (status === 401) {
    return pass('refresh', `${path} is there, behind the api guard (HTTP 401 without a token); not refreshed, so the given ` +
      'token stays valid for whoever else uses it (run the doctor with --email to try a real refresh)');
  }
  if (status >= 300 && status < 400) {
    return fail('refresh', `${path} redirected: it is behind the web (session) guard, not the api guard`, REFRESH_FIX);
  }
  const why = status >= 200 && status < 300 ? ' without a token: it must be behind auth:api' : '';
  return fail('refresh', `${path} answered HTTP ${status}${why}`, REFRESH_FIX);
}

/** `notifications` hop (laravel.notifications set): reachable, a shape the catch-up understands, how many. */
export async function checkNotifications(client: LaravelClient, session: Session): Promise<DoctorCheck> {
  const path = client.settings.notifications ?? '';
  const answer = await client.bearerJson('GET', path, session.token);
  const fix =
    'laravel.notifications must be a GET route (api guard) answering the user\'s notifications, ' +
    'e.g. return $request->user()->notifications()->paginate();';
  if (!answer.ok) return fail('notifications', `${path}: ${answer.reason}`, fix);
  const page = parseFeedPage(answer.body);
  if (!page.ok) return fail('notifications', `${path}: ${page.reason}`, fix);
  const unread = page.items.filter((n) => n.readAt === undefined).length;
  const first = `${page.items.length} on the first page`;
  const count = page.total === undefined ? first : `${page.total} in all, ${first}`;
  const skipped = page.skipped > 0 ? `; ${page.skipped} rows are not notifications (no id or data) and would be skipped` : '';
  const more = page.next === undefined ? '' : ', more pages follow';
  return pass('notifications', `${path} answers a ${page.shape}: ${count} (${unread} unread)${more}${skipped}`);
}
