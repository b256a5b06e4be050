// The one DOM helper set of the webview UI (table viewer and item form). DOM is built without HTML strings: every
// text goes through textContent, so attribute names and values from a table are never interpreted as markup.

type Props = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | false;

/** An element with attributes (false/undefined omitted; true as an empty attribute) and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') el.textContent = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** A codicon, hidden from assistive technology (the control around it carries the name). */
export const icon = (name: string): HTMLElement => h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });

/** A number with thousands separators, as every count in the webviews is shown. */
export const fmt = (n: number): string => n.toLocaleString('en-US');

export type VscodeButton = HTMLElement & { disabled: boolean };

/** A VS Code toolkit button (vscode-button) with a codicon; its click is ignored while it is disabled. */
export function vscodeButton(id: string, label: string, iconName: string, onClick: () => void, opts: { secondary?: boolean; title?: string } = {}): VscodeButton {
  const b = h('vscode-button', { id, icon: iconName, secondary: opts.secondary, title: opts.title ?? label, text: label }) as VscodeButton;
  b.addEventListener('click', () => {
    if (!b.disabled) onClick();
  });
  return b;
}

/** A function that runs `work` in the next animation frame, once however often it is called until then. */
export function oncePerFrame(work: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      work();
    });
  };
}

/**
 * Links a stylesheet of media/ (e.g. 'controls.css') after the shell's webview.css, from the same folder, so it is
 * covered by the panel's Content-Security-Policy and localResourceRoots like webview.css itself.
 */
export function linkStylesheet(name: string): void {
  const base = document.querySelector<HTMLLinkElement>('link[href*="webview.css"]');
  if (!base) return;
  const last = [...document.querySelectorAll<HTMLLinkElement>('link[data-sheet]')].pop() ?? base;
  const link = h('link', { rel: 'stylesheet', 'data-sheet': name, href: base.href.replace(/webview\.css(?=$|[?#])/, name) });
  last.after(link);
}
