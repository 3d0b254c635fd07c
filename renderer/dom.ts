/**
 * The only way the window builds elements: text always goes in through textContent or text
 * nodes, attributes through setAttribute with names checked here. No HTML strings, no inline
 * handlers, no inline styles: markup from an event can never run or render, and the strict CSP
 * holds.
 */
export type Child = Node | string | null | undefined | false;
export type AttrValue = string | number | boolean | null | undefined;

export interface ElOptions {
  readonly className?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, AttrValue>>;
}

const FORBIDDEN_ATTR = /^(on|style$|srcdoc$|formaction$)/i;

export function setAttr(element: Element, name: string, value: AttrValue): void {
  if (FORBIDDEN_ATTR.test(name)) throw new Error(`dom: attribute "${name}" is never set from code`);
  if (value === false || value === null || value === undefined) element.removeAttribute(name);
  else element.setAttribute(name, value === true ? '' : String(value));
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElOptions = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className !== undefined) element.className = options.className;
  if (options.attrs) for (const [name, value] of Object.entries(options.attrs)) setAttr(element, name, value);
  if (options.text !== undefined) element.textContent = options.text;
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces every child of `parent`. */
export function replaceContent(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Sets text only when it changed (keeps screen readers and selection quiet). */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Text that came from an event: bidi-isolated (`dir="auto"` + `.payload`'s `unicode-bidi: isolate`),
 * so right-to-left text or a stray formatting character cannot reorder what stands around it.
 */
export function payloadText<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text: string): HTMLElementTagNameMap[K] {
  return el(tag, { className: `${className} payload`, text, attrs: { dir: 'auto' } });
}

let nextId = 0;
/** A document-unique id for label/aria wiring. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A labelled form control: `<label for>` + the control, in a wrapper. */
export function field(labelText: string, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) control.id = uniqueId('field');
  const label = el('label', { text: labelText, attrs: { for: control.id } });
  const wrapper = el('div', { className: 'field' }, label, control);
  if (hint !== undefined) {
    const hintEl = el('p', { className: 'hint', text: hint, attrs: { id: `${control.id}-hint` } });
    setAttr(control, 'aria-describedby', hintEl.id);
    wrapper.append(hintEl);
  }
  return wrapper;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A 16×16 line icon from path data (ours, never from an event); hidden from screen readers, the caller names it. */
export function icon(className: string, ...paths: string[]): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', className);
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of paths) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
