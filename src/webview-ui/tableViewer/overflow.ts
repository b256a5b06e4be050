// A toolbar that stays on one line: the buttons that do not fit go, from the last, into a "More actions" menu
// (role menu, arrow keys, Escape), and come back when the panel is wide again.
import { h, oncePerFrame, vscodeButton, type VscodeButton } from '../shared/dom';

export class OverflowToolbar {
  readonly element: HTMLElement;
  private readonly moreButton: VscodeButton;
  private readonly menu: HTMLElement;

  /** `items` in order; those also in `movable` may go into the menu, the last first. */
  constructor(label: string, id: string, items: HTMLElement[], private readonly movable: VscodeButton[]) {
    this.moreButton = vscodeButton(`${id}-more`, '', 'ellipsis', () => this.toggleMenu(), { secondary: true, title: `More ${label.toLowerCase()} actions` });
    this.moreButton.setAttribute('aria-label', `More ${label.toLowerCase()} actions`);
    this.moreButton.setAttribute('aria-haspopup', 'menu');
    this.moreButton.setAttribute('aria-expanded', 'false');
    this.moreButton.hidden = true;
    this.menu = h('div', { class: 'overflow-menu', role: 'menu', id: `${id}-menu`, 'aria-label': `More ${label.toLowerCase()} actions`, hidden: true });
    this.moreButton.setAttribute('aria-controls', this.menu.id);
    this.element = h('div', { class: 'toolbar one-line', role: 'toolbar', 'aria-label': label, id }, ...items, this.moreButton, this.menu);
    this.menu.addEventListener('keydown', (e) => this.onMenuKey(e));
    document.addEventListener('mousedown', (e) => {
      if (!this.menu.hidden && !e.composedPath().includes(this.element)) this.closeMenu(false);
    });
  }

  /** Call once the toolbar is in the document: it refits whenever its width changes. */
  attach(): void {
    new ResizeObserver(() => this.queueFit()).observe(this.element);
    this.fit();
  }

  /** Something in the toolbar changed width (a label, a shown or hidden control). */
  readonly queueFit = oncePerFrame(() => this.fit());

  private fit(): void {
    for (const b of this.movable) b.classList.remove('overflowed');
    this.moreButton.hidden = true;
    if (!this.overflowing()) return;
    this.moreButton.hidden = false;
    for (let i = this.movable.length - 1; i >= 0 && this.overflowing(); i--) this.movable[i].classList.add('overflowed');
  }

  private overflowing(): boolean {
    return this.element.scrollWidth > this.element.clientWidth + 1;
  }

  private toggleMenu(): void {
    if (!this.menu.hidden) return this.closeMenu(true);
    const items = this.movable
      .filter((b) => b.classList.contains('overflowed') && !b.hidden)
      .map((b) => {
        const item = h('button', { type: 'button', role: 'menuitem', class: 'overflow-item', tabindex: -1, title: b.title, text: b.textContent?.trim() ?? '' });
        if (b.disabled) item.setAttribute('aria-disabled', 'true');
        item.addEventListener('click', () => {
          if (b.disabled) return;
          this.closeMenu(true);
          b.click();
        });
        return item;
      });
    this.menu.replaceChildren(...items);
    this.menu.hidden = false;
    this.moreButton.setAttribute('aria-expanded', 'true');
    items[0]?.focus();
  }

  private closeMenu(focusButton: boolean): void {
    this.menu.hidden = true;
    this.moreButton.setAttribute('aria-expanded', 'false');
    if (focusButton) this.moreButton.focus();
  }

  private onMenuKey(e: KeyboardEvent): void {
    const items = [...this.menu.querySelectorAll<HTMLElement>('[role=menuitem]')];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') this.closeMenu(true);
    else if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
  }
}
