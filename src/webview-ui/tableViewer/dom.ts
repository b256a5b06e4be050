// Building DOM without HTML strings: every text goes through textContent, so attribute names and values from a
// table are never interpreted as markup.

type Props = Record<string, string | number | boolean | undefined>;

/** An element with attributes (false/undefined omitted) and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: (Node | string | undefined | false)[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: (Node | string | undefined | false)[]): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: (Node | string | undefined | false)[]): HTMLElement {
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

export const fmt = (n: number): string => n.toLocaleString('en-US');
