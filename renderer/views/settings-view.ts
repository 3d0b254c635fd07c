import type { LanguageSetting, Settings, SettingsPatch, Theme } from '../../app/bridge/contract.js';
import { LANGUAGE_NAMES, LOCALES } from '../../app/i18n/index.js';
import type { AppStore } from '../app-store.js';
import { errorText } from '../bridge.js';
import { el, field, setAttr, setText, uniqueId } from '../dom.js';
import { t } from '../i18n.js';

const THEMES: readonly { value: Theme; label: () => string }[] = [
  { value: 'system', label: () => t('settings.themeSystem') },
  { value: 'light', label: () => t('settings.themeLight') },
  { value: 'dark', label: () => t('settings.themeDark') },
];

/** Each language by its own name (with its `lang`, so screen readers say it right). */
const LANGUAGES: readonly { value: LanguageSetting; label: () => string; lang: string | undefined }[] = [
  { value: 'system', label: () => t('settings.languageSystem'), lang: undefined },
  ...LOCALES.map((locale) => ({ value: locale, label: () => LANGUAGE_NAMES[locale], lang: locale })),
];

function checkbox(id: string, label: string): { input: HTMLInputElement; wrapper: HTMLElement } {
  const input = el('input', { attrs: { type: 'checkbox', id } });
  return { input, wrapper: el('div', { className: 'check' }, input, el('label', { text: label, attrs: { for: id } })) };
}

/** A card of radio buttons, one per choice; `chosen` runs when the user picks one. */
function radioGroup<V extends string>(
  name: string,
  legend: string,
  choices: readonly { value: V; label: () => string; lang?: string | undefined }[],
  chosen: (value: V) => void,
): { fieldset: HTMLElement; inputs: HTMLInputElement[] } {
  const rows = choices.map(({ value, label, lang }) => {
    const input = el('input', { attrs: { type: 'radio', name, value, id: `${name}-${value}` } });
    input.addEventListener('change', () => input.checked && chosen(value));
    return { input, row: el('div', { className: 'check' }, input, el('label', { text: label(), attrs: { for: input.id, lang } })) };
  });
  const fieldset = el(
    'fieldset',
    { className: 'card' },
    el('legend', { className: 'card-title', text: legend }),
    el('div', { className: 'radio-row' }, ...rows.map((r) => r.row)),
  );
  return { fieldset, inputs: rows.map((r) => r.input) };
}

/** The settings tab: every control saves on change through settings:update. */
export class SettingsView {
  readonly element: HTMLElement;
  private readonly themeInputs: HTMLInputElement[];
  private readonly languageInputs: HTMLInputElement[];
  private readonly quietEnabled: HTMLInputElement;
  private readonly quietStart: HTMLInputElement;
  private readonly quietEnd: HTMLInputElement;
  private readonly quietUrgent: HTMLInputElement;
  private readonly coalesceEnabled: HTMLInputElement;
  private readonly coalesceThreshold: HTMLInputElement;
  private readonly coalesceWindow: HTMLInputElement;
  private readonly autoStart: HTMLInputElement;
  /** Every card's messages: "Saved." and what was refused, beside the control that caused them. */
  private readonly cards: { readonly status: HTMLElement; readonly error: HTMLElement }[] = [];
  private readonly server: HTMLElement;

  constructor(private readonly store: AppStore) {
    const themes = radioGroup('theme', t('settings.theme'), THEMES, (value) => void this.save({ theme: value }, this.themeInputs[0]));
    this.themeInputs = themes.inputs;
    const languages = radioGroup('language', t('settings.language'), LANGUAGES, (value) => {
      void this.save({ language: value }, this.languageInputs[0]);
    });
    this.languageInputs = languages.inputs;

    const quiet = checkbox('quiet-enabled', t('settings.quietEnable'));
    this.quietEnabled = quiet.input;
    this.quietStart = el('input', { className: 'input time', attrs: { type: 'time', required: true } });
    this.quietEnd = el('input', { className: 'input time', attrs: { type: 'time', required: true } });
    const urgent = checkbox('quiet-urgent', t('settings.quietUrgent'));
    this.quietUrgent = urgent.input;
    this.saveOnChange(this.quietEnabled, () => ({ quietHours: { enabled: this.quietEnabled.checked } }));
    this.saveOnChange(this.quietUrgent, () => ({ quietHours: { allowUrgent: this.quietUrgent.checked } }));
    this.saveOnChange(this.quietStart, () => (this.quietStart.value === '' ? undefined : { quietHours: { start: this.quietStart.value } }));
    this.saveOnChange(this.quietEnd, () => (this.quietEnd.value === '' ? undefined : { quietHours: { end: this.quietEnd.value } }));
    const quietCard = el(
      'fieldset',
      { className: 'card' },
      el('legend', { className: 'card-title', text: t('settings.quietHours') }),
      quiet.wrapper,
      el('div', { className: 'form-row' }, field(t('settings.quietFrom'), this.quietStart), field(t('settings.quietUntil'), this.quietEnd)),
      urgent.wrapper,
      el('p', { className: 'hint', text: t('settings.quietHint') }),
    );

    const coalesce = checkbox('coalesce-enabled', t('settings.coalesceEnable'));
    this.coalesceEnabled = coalesce.input;
    this.coalesceThreshold = el(
      'input',
      { className: 'input number', attrs: { type: 'number', min: 1, max: 1000, step: 1, required: true } },
    );
    this.coalesceWindow = el('input', { className: 'input number', attrs: { type: 'number', min: 1, max: 600, step: 1, required: true } });
    this.saveOnChange(this.coalesceEnabled, () => ({ coalesce: { enabled: this.coalesceEnabled.checked } }));
    this.coalesceThreshold.addEventListener('change', () => {
      const n = this.coalesceThreshold.valueAsNumber;
      if (Number.isInteger(n)) void this.save({ coalesce: { threshold: n } }, this.coalesceThreshold);
      else this.showError(t('settings.wholeCount'), this.coalesceThreshold);
    });
    this.coalesceWindow.addEventListener('change', () => {
      const s = this.coalesceWindow.valueAsNumber;
      if (Number.isInteger(s)) void this.save({ coalesce: { windowMs: s * 1000 } }, this.coalesceWindow);
      else this.showError(t('settings.wholeSeconds'), this.coalesceWindow);
    });
    const coalesceCard = el(
      'fieldset',
      { className: 'card' },
      el('legend', { className: 'card-title', text: t('settings.bursts') }),
      coalesce.wrapper,
      el(
        'div',
        { className: 'form-row' },
        field(t('settings.coalesceThreshold'), this.coalesceThreshold),
        field(t('settings.coalesceWindow'), this.coalesceWindow),
      ),
    );

    const auto = checkbox('auto-start', t('settings.autoStart'));
    this.autoStart = auto.input;
    this.autoStart.addEventListener('change', () => void this.save({ autoStart: this.autoStart.checked }, this.autoStart));
    const startCard = el(
      'fieldset',
      { className: 'card' },
      el('legend', { className: 'card-title', text: t('settings.startup') }),
      auto.wrapper,
    );

    this.server = el('dl', { className: 'facts' });
    const serverCard = el(
      'section',
      { className: 'card', attrs: { 'aria-labelledby': 'server-title' } },
      el('h2', { className: 'card-title', text: t('settings.server'), attrs: { id: 'server-title' } }),
      this.server,
    );

    for (const card of [languages.fieldset, themes.fieldset, quietCard, coalesceCard, startCard]) {
      const messages = {
        status: el('p', { className: 'card-status', attrs: { role: 'status' } }),
        error: el('p', { className: 'form-error', attrs: { role: 'alert', id: uniqueId('settings-error') } }),
      };
      card.append(messages.status, messages.error);
      this.cards.push(messages);
    }
    this.element = el(
      'form',
      { className: 'settings', attrs: { 'aria-label': t('settings.label'), novalidate: true } },
      el('div', { className: 'settings-grid' }, languages.fieldset, themes.fieldset, quietCard, coalesceCard, startCard, serverCard),
    );
    this.element.addEventListener('submit', (event) => event.preventDefault());

    store.subscribe((state, previous) => {
      if (state.settings !== previous.settings) this.show(state.settings);
      if (state.profile !== previous.profile || state.session !== previous.session) this.showServer();
    });
    this.show(store.state.settings);
    this.showServer();
  }

  private show(settings: Settings, force = false): void {
    // A field being typed in keeps what the user typed: its own change event saves it.
    const put = (input: HTMLInputElement, value: string): void => {
      if (force || document.activeElement !== input) input.value = value;
    };
    for (const input of this.themeInputs) input.checked = input.value === settings.theme;
    for (const input of this.languageInputs) input.checked = input.value === settings.language;
    this.quietEnabled.checked = settings.quietHours.enabled;
    put(this.quietStart, settings.quietHours.start);
    put(this.quietEnd, settings.quietHours.end);
    this.quietUrgent.checked = settings.quietHours.allowUrgent;
    this.quietStart.disabled = this.quietEnd.disabled = this.quietUrgent.disabled = !settings.quietHours.enabled;
    this.coalesceEnabled.checked = settings.coalesce.enabled;
    put(this.coalesceThreshold, String(settings.coalesce.threshold));
    put(this.coalesceWindow, String(Math.round(settings.coalesce.windowMs / 1000)));
    this.coalesceThreshold.disabled = this.coalesceWindow.disabled = !settings.coalesce.enabled;
    this.autoStart.checked = settings.autoStart;
  }

  private showServer(): void {
    const { profile, session } = this.store.state;
    const storage = t(
      session.tokenStorage === 'encrypted'
        ? 'settings.tokenEncrypted'
        : session.tokenStorage === 'weak' ? 'settings.tokenWeak' : 'settings.tokenMemory',
    );
    const facts: [string, string][] = [
      [t('settings.profile'), profile.name],
      [t('settings.laravelApp'), profile.laravelUrl],
      [t('settings.broadcaster'), profile.broadcaster],
      [t('settings.serverAddress'), profile.server],
      [t('settings.token'), storage],
    ];
    this.server.replaceChildren(...facts.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value })]));
    if (profile.locked) this.server.append(el('dt', { text: t('settings.managed') }), el('dd', { text: t('settings.managedText') }));
  }

  /** Saves what `patch` reads from `input` when it changes (nothing when it gives nothing). */
  private saveOnChange(input: HTMLInputElement, patch: () => SettingsPatch | undefined): void {
    input.addEventListener('change', () => {
      const change = patch();
      if (change !== undefined) void this.save(change, input);
    });
  }

  /** Messages answer the last change: the next one (or another view) clears them. */
  clearMessages(): void {
    for (const { status, error } of this.cards) {
      setText(status, '');
      setText(error, '');
    }
    for (const input of this.element.querySelectorAll('[aria-invalid]')) {
      setAttr(input, 'aria-invalid', null);
      setAttr(input, 'aria-errormessage', null);
    }
  }

  private messagesFor(control: HTMLElement): { readonly status: HTMLElement; readonly error: HTMLElement } | undefined {
    const card = control.closest('fieldset');
    return this.cards.find((m) => m.status.parentElement === card);
  }

  /**
   * Beside the control: what was refused, and that the saved value is back (the control shows it
   * again, even when focused). The control comes into view with the focus on it.
   */
  private showError(message: string, control: HTMLInputElement): void {
    this.clearMessages();
    this.show(this.store.state.settings, true);
    const messages = this.messagesFor(control);
    if (messages === undefined) return;
    const hasValue = control.type !== 'checkbox' && control.type !== 'radio' && control.value !== '';
    const back = hasValue ? t('settings.valueBack', { message: message.replace(/[.。]$/, ''), value: control.value }) : message;
    setText(messages.error, back);
    setAttr(control, 'aria-invalid', 'true');
    setAttr(control, 'aria-errormessage', messages.error.id);
    // The message comes into view with its field (it stands just below it).
    control.focus({ preventScroll: true });
    messages.error.scrollIntoView({ block: 'nearest' });
    control.scrollIntoView({ block: 'nearest' });
  }

  private async save(patch: SettingsPatch, control: HTMLInputElement | undefined): Promise<void> {
    this.clearMessages();
    if (control === undefined) return;
    try {
      const settings = await this.store.api.invoke('settings:update', patch);
      this.store.patch({ settings });
      const messages = this.messagesFor(control);
      if (messages) setText(messages.status, t('settings.saved'));
    } catch (err) {
      this.showError(t('settings.notSaved', { reason: errorText(err) }), control);
    }
  }
}
