// The one way the panel creates elements: text always goes in as textContent, so a log field
// holding markup (a user agent like `<img src=x onerror=...>`) is shown, never parsed.
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string; text?: string; title?: string; attributes?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title !== undefined) node.title = options.title;
  for (const [name, value] of Object.entries(options.attributes ?? {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`panel: #${id} is missing from the page`);
  return node as T;
}

/** Replaces a select's options, keeping the chosen value when it still exists. */
export function setOptions(select: HTMLSelectElement, options: { value: string; label: string }[], chosen: string): string {
  const value = options.some((option) => option.value === chosen) ? chosen : '';
  select.replaceChildren(...options.map((option) => element('option', { text: option.label, attributes: { value: option.value } })));
  select.value = value;
  return value;
}
