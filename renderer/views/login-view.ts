import type { AppState, LoginResult } from '../../app/bridge/contract.js';
import type { AppStore } from '../app-store.js';
import { errorText } from '../bridge.js';
import { el, field, replaceContent, setText } from '../dom.js';
import { t } from '../i18n.js';

type LoginFailure = Extract<LoginResult, { ok: false }>;

/** A failed login in the user's words: a headline, then the server's detail. */
function failureText(failure: LoginFailure, server: string): { headline: string; detail: string } {
  switch (failure.kind) {
    case 'wrong-credentials':
      return { headline: t('login.wrongCredentials'), detail: failure.message };
    case 'unreachable':
      return { headline: t('login.unreachable', { server }), detail: failure.message };
    case 'invalid-input':
      return { headline: t('login.enterBoth'), detail: '' };
    case 'rejected':
      return { headline: t('login.rejected'), detail: failure.message };
    case 'no-token':
    case 'server-error':
      return { headline: t('login.serverError', { server }), detail: failure.message };
  }
}

/** Login: the profile's server, email, password, and what went wrong in words. */
export class LoginView {
  readonly element: HTMLElement;
  private readonly serverName: HTMLElement;
  private readonly serverUrl: HTMLElement;
  private readonly email: HTMLInputElement;
  private readonly password: HTMLInputElement;
  private readonly submit: HTMLButtonElement;
  private readonly alert: HTMLElement;
  private readonly note: HTMLElement;
  private busy = false;

  constructor(private readonly store: AppStore) {
    this.serverName = el('h1', { className: 'login-title', attrs: { id: 'login-title' } });
    this.serverUrl = el('p', { className: 'login-server' });
    this.email = el(
      'input',
      { className: 'input', attrs: { type: 'email', name: 'email', autocomplete: 'username', required: true, spellcheck: 'false' } },
    );
    this.password = el(
      'input',
      { className: 'input', attrs: { type: 'password', name: 'password', autocomplete: 'current-password', required: true } },
    );
    this.submit = el('button', { className: 'button primary wide', text: t('login.submit'), attrs: { type: 'submit' } });
    this.alert = el('div', { className: 'login-alert', attrs: { role: 'alert' } });
    this.note = el('p', { className: 'login-note', attrs: { role: 'status' } });
    const form = el(
      'form',
      { className: 'login-form', attrs: { 'aria-labelledby': 'login-title', novalidate: true } },
      el('p', { className: 'brand', text: t('app.name') }),
      this.serverName,
      this.serverUrl,
      this.alert,
      this.note,
      field(t('login.email'), this.email),
      field(t('login.password'), this.password),
      this.submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.login();
    });
    this.element = el('main', { className: 'login' }, form);
    store.subscribe((state, previous) => {
      if (state.session !== previous.session || state.profile !== previous.profile) this.update(state);
    });
    this.update(store.state);
  }

  focus(): void {
    (this.email.value === '' ? this.email : this.password).focus();
  }

  private update(state: AppState): void {
    setText(this.serverName, t('login.title', { server: state.profile.name }));
    setText(this.serverUrl, t('login.serverAddress', { url: state.profile.laravelUrl }));
    const session = state.session;
    if (this.email.value === '' && session.email !== null) this.email.value = session.email;
    if (this.busy) return;
    if (session.state === 'logged-in') replaceContent(this.alert);
    if (session.state === 'expired') this.showAlert(t('login.expired'), session.message ?? '');
    setText(this.note, session.state === 'logging-in' && session.message !== null ? session.message : '');
  }

  private showAlert(headline: string, detail: string): void {
    replaceContent(
      this.alert,
      el('p', { className: 'alert-headline', text: headline }),
      detail === '' ? null : el('p', { className: 'alert-detail', text: detail }),
    );
  }

  private async login(): Promise<void> {
    if (this.busy) return;
    const email = this.email.value.trim();
    const password = this.password.value;
    if (email === '' || password === '') {
      this.showAlert(t('login.enterBoth'), '');
      (email === '' ? this.email : this.password).focus();
      return;
    }
    this.busy = true;
    this.submit.disabled = true;
    setText(this.submit, t('login.busy'));
    replaceContent(this.alert);
    try {
      const result = await this.store.api.invoke('session:login', email, password);
      if (result.ok) {
        this.password.value = '';
        this.store.patch({ session: result.session });
      } else {
        const text = failureText(result, this.store.state.profile.name);
        this.showAlert(text.headline, text.detail);
        if (result.kind === 'wrong-credentials') this.password.select();
        this.password.focus();
      }
    } catch (err) {
      this.showAlert(t('login.failed'), errorText(err));
    } finally {
      this.busy = false;
      this.submit.disabled = false;
      setText(this.submit, t('login.submit'));
    }
  }
}
