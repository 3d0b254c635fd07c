import { el, setAttr } from '../dom.js';

export interface VirtualListOptions {
  /** Accessible name of the list. */
  readonly label: string;
  /** Every row has this height in CSS pixels (the stylesheet agrees). */
  readonly rowHeight: number;
  /** Prefix of the rows' element ids (aria-activedescendant). */
  readonly idPrefix: string;
  /** Fill `row` for `index`; called whenever the row is on screen and the list repaints. */
  renderRow(row: HTMLElement, index: number): void;
  /** The rows first..last (inclusive, overscan included) are on screen. */
  visibleRange(first: number, last: number): void;
  /** Enter, Space or a click on a row. */
  activate(index: number): void;
  /** The keyboard moved the active row. */
  moved?(index: number): void;
  /** Right (true) or Left (false) on the active row: whether it expanded or folded something. */
  expand?(index: number, open: boolean): boolean;
  /** The active row changed (keyboard, click, a new filter). */
  activeChanged?(index: number): void;
}

/** Chromium cannot lay out elements much taller than 2^25 px: beyond this, scrolling is scaled. */
const MAX_CANVAS_PX = 8_000_000;
const OVERSCAN = 6;

/**
 * A listbox that only creates the rows on screen: the canvas is as tall as all rows together and
 * the visible ones are placed on it, so 50,000 entries are a few dozen elements. Keyboard:
 * arrows, Page Up/Down, Home/End move the active row (aria-activedescendant), Enter/Space
 * activate it. Very long lists scale the scroll position so the canvas stays within limits.
 */
export class VirtualList {
  readonly element: HTMLDivElement;
  private readonly canvas: HTMLDivElement;
  private readonly rows = new Map<number, HTMLElement>();
  private count = 0;
  private active = -1;
  private frame = 0;
  private reportedActive = -1;

  constructor(private readonly opts: VirtualListOptions) {
    this.canvas = el('div', { className: 'vlist-canvas' });
    this.element = el('div', { className: 'vlist', attrs: { role: 'listbox', tabindex: 0, 'aria-label': opts.label } }, this.canvas);
    this.element.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('click', (event) => this.onClick(event));
    this.element.addEventListener('focus', () => {
      if (this.count > 0 && (this.active < 0 || !this.isOnScreen(this.active))) this.setActive(this.firstOnScreen());
    });
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  get size(): number {
    return this.count;
  }

  get activeIndex(): number {
    return this.active;
  }

  setSize(count: number): void {
    this.count = count;
    if (this.active >= count) this.active = count - 1;
    this.render();
  }

  /** Repaint the rows on screen (their data changed). */
  refresh(): void {
    this.schedule();
  }

  /** `rows` entries were inserted in front (now `count` in all): the same entries stay in view. */
  shiftBy(rows: number, count: number): void {
    const moved = [...this.rows].map(([index, row]) => [index + rows, row] as const);
    this.rows.clear();
    for (const [index, row] of moved) this.rows.set(index, row);
    if (this.active >= 0) this.active += rows;
    this.count = count;
    const top = this.element.scrollTop;
    this.updateCanvas();
    if (top > 0 || this.element === document.activeElement) {
      this.element.scrollTop = this.scrollTopFor(this.virtualTop(top) + rows * this.opts.rowHeight);
    }
    this.render();
  }

  setActive(index: number): void {
    if (this.count === 0) {
      this.active = -1;
      setAttr(this.element, 'aria-activedescendant', null);
      return;
    }
    this.active = Math.max(0, Math.min(this.count - 1, index));
    this.scrollIntoView(this.active);
    this.render();
  }

  clearActive(): void {
    this.active = -1;
    this.render();
  }

  /** Scrolls so that row `index` is fully visible. */
  scrollIntoView(index: number): void {
    const h = this.opts.rowHeight;
    const view = this.element.clientHeight;
    const top = this.virtualTop(this.element.scrollTop);
    const rowTop = index * h;
    let next = top;
    if (rowTop < top) next = rowTop;
    else if (rowTop + h > top + view) next = rowTop + h - view;
    if (next !== top) {
      this.updateCanvas();
      this.element.scrollTop = this.scrollTopFor(next);
    }
  }

  scrollToTop(): void {
    this.element.scrollTop = 0;
    this.render();
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private fullHeight(): number {
    return this.count * this.opts.rowHeight;
  }

  private canvasHeight(): number {
    return Math.min(this.fullHeight(), MAX_CANVAS_PX);
  }

  private updateCanvas(): void {
    const px = `${this.canvasHeight()}px`;
    if (this.canvas.style.height !== px) this.canvas.style.height = px;
  }

  /** Where the viewport's top is in the (unscaled) list of all rows. */
  private virtualTop(scrollTop: number): number {
    const view = this.element.clientHeight;
    const full = this.fullHeight();
    const canvas = this.canvasHeight();
    if (full === canvas || canvas <= view) return scrollTop;
    return (scrollTop / (canvas - view)) * (full - view);
  }

  private scrollTopFor(virtualTop: number): number {
    const view = this.element.clientHeight;
    const full = this.fullHeight();
    const canvas = this.canvasHeight();
    if (full === canvas || canvas <= view) return virtualTop;
    return (virtualTop / (full - view)) * (canvas - view);
  }

  private firstOnScreen(): number {
    return Math.min(this.count - 1, Math.max(0, Math.ceil(this.virtualTop(this.element.scrollTop) / this.opts.rowHeight)));
  }

  private isOnScreen(index: number): boolean {
    const top = this.virtualTop(this.element.scrollTop);
    const rowTop = index * this.opts.rowHeight;
    return rowTop >= top && rowTop + this.opts.rowHeight <= top + this.element.clientHeight;
  }

  private render(): void {
    if (this.frame !== 0) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    this.updateCanvas();
    const h = this.opts.rowHeight;
    const scrollTop = this.element.scrollTop;
    const top = this.virtualTop(scrollTop);
    const view = this.element.clientHeight;
    const first = Math.max(0, Math.floor(top / h) - OVERSCAN);
    const last = Math.min(this.count - 1, Math.ceil((top + view) / h) + OVERSCAN);
    // (-1 = no active row: a row shifted to -1 by a fold must not be kept as if active.)
    const keep = (index: number): boolean => (index >= first && index <= last) || (index >= 0 && index === this.active);

    for (const [index, row] of this.rows) {
      if (!keep(index) || index >= this.count) {
        row.remove();
        this.rows.delete(index);
      }
    }
    const show = (index: number): void => {
      let row = this.rows.get(index);
      if (row === undefined) {
        row = el('div', { className: 'vrow', attrs: { role: 'option' } });
        this.rows.set(index, row);
        this.canvas.append(row);
      }
      // Scrolling keeps most rows where they are: touch only what changed (each attribute write
      // invalidates the row's style, dozens per frame).
      const placed = `${index}/${this.count}/${index === this.active ? 1 : 0}`;
      if (row.dataset.placed !== placed) {
        row.dataset.placed = placed;
        row.id = `${this.opts.idPrefix}-${index}`;
        row.dataset.index = String(index);
        setAttr(row, 'aria-posinset', index + 1);
        setAttr(row, 'aria-setsize', this.count);
        setAttr(row, 'aria-selected', index === this.active ? 'true' : 'false');
        row.classList.toggle('active', index === this.active);
      }
      const y = `translateY(${Math.round(scrollTop + index * h - top)}px)`;
      if (row.style.transform !== y) row.style.transform = y;
      this.opts.renderRow(row, index);
    };
    for (let index = first; index <= last; index++) show(index);
    if (this.active >= 0 && this.active < this.count && (this.active < first || this.active > last)) show(this.active);
    this.keepDomOrder();
    setAttr(
      this.element,
      'aria-activedescendant',
      this.active >= 0 && this.active < this.count ? `${this.opts.idPrefix}-${this.active}` : null,
    );
    if (this.active !== this.reportedActive) {
      this.reportedActive = this.active;
      this.opts.activeChanged?.(this.active);
    }
    if (this.count > 0) this.opts.visibleRange(first, last);
    else this.opts.visibleRange(0, 0);
  }

  /** Rows in the DOM in list order: screen readers' browse mode reads the DOM, not the layout. */
  private keepDomOrder(): void {
    const ordered = [...this.rows.keys()].sort((a, b) => a - b).map((index) => this.rows.get(index));
    let child = this.canvas.firstElementChild;
    let inOrder = true;
    for (const row of ordered) {
      if (row !== child) {
        inOrder = false;
        break;
      }
      child = child?.nextElementSibling ?? null;
    }
    if (!inOrder) this.canvas.append(...ordered.filter((row): row is HTMLElement => row !== undefined));
  }

  private pageRows(): number {
    return Math.max(1, Math.floor(this.element.clientHeight / this.opts.rowHeight) - 1);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const current = this.active < 0 ? this.firstOnScreen() - 1 : this.active;
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = current + 1;
        break;
      case 'ArrowUp':
        next = Math.max(0, current - 1);
        break;
      case 'PageDown':
        next = current + this.pageRows();
        break;
      case 'PageUp':
        next = current - this.pageRows();
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.count - 1;
        break;
      case 'ArrowRight':
      case 'ArrowLeft':
        if (this.active >= 0 && this.opts.expand?.(this.active, event.key === 'ArrowRight') === true) event.preventDefault();
        return;
      case 'Enter':
      case ' ':
        if (this.active >= 0) {
          event.preventDefault();
          this.opts.activate(this.active);
        }
        return;
      default:
        return;
    }
    event.preventDefault();
    this.setActive(next);
    if (this.active >= 0) this.opts.moved?.(this.active);
  }

  private onClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>('.vrow') : null;
    const index = Number(target?.dataset.index);
    if (target === null || !Number.isInteger(index)) return;
    this.active = index;
    this.render();
    this.opts.activate(index);
  }
}
