/** DOM helpers shared by the pages. Text goes in with `textContent`, never as markup. */

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** The page's side of VS Code's webview API, typed by the messages the page sends. */
export interface PageApi<Message> {
  postMessage(message: Message): void;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): PageApi<unknown>;

/** VS Code's API for this page; a page asks for it once. */
export function pageApi<Message>(): PageApi<Message> {
  return acquireVsCodeApi() as PageApi<Message>;
}

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

export function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  return node;
}

/** A section named by its heading, for screen readers' landmarks. */
export function titledSection(className: string, title: string, id: string): HTMLElement {
  const container = element('section', className);
  container.setAttribute('aria-labelledby', id);
  const heading = element('h2', undefined, title);
  heading.id = id;
  container.appendChild(heading);
  return container;
}

function renderMissing(root: HTMLElement, heading: string, message: string): void {
  const fragment = document.createDocumentFragment();
  fragment.appendChild(element('h1', undefined, heading));
  fragment.appendChild(element('p', 'notice', message));
  root.replaceChildren(fragment);
}

/** How the focused element is found again after a redraw: its id, or its run's key and tag. */
function focusSelector(focused: Element): string | undefined {
  if (focused.id) {
    return `#${CSS.escape(focused.id)}`;
  }
  const key = focused.getAttribute('data-key');
  return key !== null ? `${focused.tagName.toLowerCase()}[data-key="${CSS.escape(key)}"]` : undefined;
}

/**
 * Runs a redraw of `root` and gives focus back to the element that had it, so that a live update
 * does not throw a keyboard user back to the top of the page.
 */
export function keepFocus(root: HTMLElement, redraw: () => void): void {
  const focused = document.activeElement;
  const selector = focused && root.contains(focused) ? focusSelector(focused) : undefined;
  redraw();
  if (selector) {
    (root.querySelector(selector) as HTMLElement | SVGElement | null)?.focus();
  }
}

/** What a page receives: its model to draw, or why there is none; with the state to keep. */
type PageMessage<Render extends string, Model> =
  | { readonly type: Render; readonly model: Model; readonly state: unknown }
  | { readonly type: 'missing'; readonly heading: string; readonly message: string; readonly state: unknown };

/**
 * Starts a page: draws each model it is sent, says why when there is none, keeps the state VS Code
 * hands back after a reload (from which the serializer finds what the page showed), and tells the
 * extension it is ready.
 */
export function startPage<Render extends string, Model>(
  api: { postMessage(message: { type: 'ready' }): void; setState(state: unknown): void },
  root: HTMLElement,
  renderType: Render,
  render: (model: Model) => void,
): void {
  window.addEventListener('message', (event: MessageEvent<PageMessage<Render, Model> | undefined>) => {
    const message = event.data;
    if (message?.type === renderType) {
      render((message as { model: Model }).model);
    } else if (message?.type === 'missing') {
      const missing = message as { heading: string; message: string };
      renderMissing(root, missing.heading, missing.message);
    } else {
      return;
    }
    api.setState(message.state);
  });
  api.postMessage({ type: 'ready' });
}
