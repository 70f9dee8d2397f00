// A tiny element builder: the console is plain DOM, no framework, to stay small and fast.
type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value as EventListener);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let uid = 0;
/** A label + control pair with matching ids: every control of the console is labelled. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f${++uid}`;
  control.id = id;
  let hintEl: HTMLElement | null = null;
  if (hint) { hintEl = h('small', { id: `${id}-hint`, class: 'hint' }, hint); control.setAttribute('aria-describedby', hintEl.id); }
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

export function options(items: { value: string; label: string }[], selected?: string, empty?: string): HTMLOptionElement[] {
  const list = items.map((o) => h('option', { value: o.value, selected: o.value === selected }, o.label));
  return empty !== undefined ? [h('option', { value: '' }, empty), ...list] : list;
}
