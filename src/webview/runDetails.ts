import type { RunDisplayState } from '../shared/pageProtocol';
import type { LabelledValue, PageMessage, RunDetailsModel } from '../shared/runPanelProtocol';
import { element, pageApi, startPage, SVG_NS, titledSection } from './dom';

/**
 * The run details page. It receives preformatted text from the extension and puts it in with
 * `textContent` only: error messages and labels come from the API and must never become markup.
 * It re-renders in place on each update, so scroll position and open sections survive.
 */

const vscode = pageApi<PageMessage>();
const root = document.getElementById('root')!;

/** Simple status glyphs drawn on a 16×16 grid, coloured by the theme through CSS. */
const GLYPHS: Record<RunDisplayState, string[]> = {
  success: ['M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 1.2a5.8 5.8 0 1 1 0 11.6A5.8 5.8 0 0 1 8 2.2z', 'M6.9 10.6 4.3 8l.85-.85 1.75 1.75 3.95-3.95.85.85z'],
  failed: ['M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 1.2a5.8 5.8 0 1 1 0 11.6A5.8 5.8 0 0 1 8 2.2z', 'm5.4 4.55 2.6 2.6 2.6-2.6.85.85L8.85 8l2.6 2.6-.85.85L8 8.85l-2.6 2.6-.85-.85L7.15 8l-2.6-2.6z'],
  running: ['M8 2.2A5.8 5.8 0 0 0 2.2 8H1a7 7 0 0 1 12.1-4.8V1.5h1.2v4H10.3V4.3h2.1A5.8 5.8 0 0 0 8 2.2zm5.8 5.8H15a7 7 0 0 1-12.1 4.8v1.7H1.7v-4h4v1.2H3.6A5.8 5.8 0 0 0 13.8 8z'],
  queued: ['M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 1.2a5.8 5.8 0 1 1 0 11.6A5.8 5.8 0 0 1 8 2.2z', 'M7.4 4h1.2v3.75l2.45 1.45-.6 1.03L7.4 8.45z'],
  paused: ['M4.5 3h2.2v10H4.5zm4.8 0h2.2v10H9.3z'],
  'paused-source': ['M4.5 3h2.2v10H4.5zm4.8 0h2.2v10H9.3z'],
  cancelled: ['M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 1.2a5.8 5.8 0 0 1 4.55 9.4L4.4 3.45A5.77 5.77 0 0 1 8 2.2zM3.45 4.4l8.15 8.15A5.8 5.8 0 0 1 3.45 4.4z'],
  unknown: ['M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 1.2a5.8 5.8 0 1 1 0 11.6A5.8 5.8 0 0 1 8 2.2z', 'M7.3 10.3h1.4v1.4H7.3zM8 4.2c1.3 0 2.3.9 2.3 2.1 0 .9-.5 1.4-1.1 1.8-.4.3-.5.5-.5.9v.4H7.4v-.5c0-.8.3-1.2.9-1.6.4-.3.7-.5.7-1 0-.5-.4-.9-1-.9s-1 .4-1.1 1H5.7c.1-1.3 1-2.2 2.3-2.2z'],
  'no-runs': ['M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 1.2a5.8 5.8 0 1 1 0 11.6A5.8 5.8 0 0 1 8 2.2z'],
};

function glyph(state: RunDisplayState): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('glyph', `state-${state}`);
  for (const d of GLYPHS[state]) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    path.setAttribute('fill-rule', 'evenodd');
    svg.appendChild(path);
  }
  return svg;
}

function definitionList(rows: readonly LabelledValue[]): HTMLDListElement {
  const list = element('dl', 'facts');
  for (const row of rows) {
    list.appendChild(element('dt', undefined, row.label));
    const value = element('dd', undefined, row.value);
    if (row.title) {
      value.title = row.title;
    }
    list.appendChild(value);
  }
  return list;
}

/** A button that asks the extension to copy something, and says so for a moment. */
function copyButton(id: string, label: string, type: 'copyError' | 'copySummary' | 'copyJson', copied: string): HTMLButtonElement {
  const button = element('button', 'secondary', label);
  button.id = id;
  button.type = 'button';
  button.addEventListener('click', () => {
    vscode.postMessage({ type });
    button.textContent = copied;
    window.setTimeout(() => { button.textContent = label; }, 1500);
  });
  return button;
}

function renderError(model: RunDetailsModel): HTMLElement | undefined {
  if (!model.error) {
    return undefined;
  }
  const box = element('section', 'error');
  box.setAttribute('role', 'alert');
  box.setAttribute('aria-labelledby', 'error-title');
  const header = element('div', 'error-header');
  const title = element('h2', undefined, model.labels.error);
  title.id = 'error-title';
  header.appendChild(title);
  header.appendChild(copyButton('copy-error', model.labels.copy, 'copyError', model.labels.copied));
  box.appendChild(header);
  const message = element('p', 'error-message', model.error.message);
  message.id = 'error-message';
  box.appendChild(message);
  if (model.error.code) {
    const code = element('p', 'error-code');
    code.appendChild(element('span', 'muted', `${model.labels.code}: `));
    code.appendChild(element('code', undefined, model.error.code));
    box.appendChild(code);
  }
  if (model.error.hint) {
    const hint = element('div', 'hint');
    hint.appendChild(element('h3', undefined, model.labels.hint));
    hint.appendChild(element('p', undefined, model.error.hint));
    box.appendChild(hint);
  }
  return box;
}

function render(model: RunDetailsModel): void {
  // Which <details> were open, so that an update does not fold what the user unfolded.
  const rawOpen = (document.getElementById('raw') as HTMLDetailsElement | null)?.open ?? false;
  const fragment = document.createDocumentFragment();

  if (model.notice) {
    fragment.appendChild(element('p', 'notice', model.notice));
  }

  const header = element('header', 'header');
  const titles = element('div', 'titles');
  titles.appendChild(element('h1', undefined, model.heading));
  titles.appendChild(element('p', 'muted', model.subheading));
  header.appendChild(titles);
  const actions = element('div', 'actions');
  actions.appendChild(copyButton('copy-summary', model.labels.copySummary, 'copySummary', model.labels.copied));
  actions.appendChild(copyButton('copy-json', model.labels.copyJson, 'copyJson', model.labels.copied));
  const open = element('button', 'secondary', model.labels.openInMixpanel);
  open.id = 'open-in-mixpanel';
  open.type = 'button';
  open.addEventListener('click', () => vscode.postMessage({ type: 'openInMixpanel' }));
  actions.appendChild(open);
  header.appendChild(actions);
  fragment.appendChild(header);

  const status = element('div', `status state-${model.state}`);
  status.id = 'status';
  status.setAttribute('role', 'status');
  status.appendChild(glyph(model.state));
  status.appendChild(element('span', 'status-text', model.stateText));
  fragment.appendChild(status);

  if (model.progress) {
    const progress = element('div', 'progress');
    const bar = element('progress');
    bar.max = 1;
    bar.value = model.progress.fraction;
    bar.setAttribute('aria-label', model.labels.progress);
    progress.appendChild(bar);
    progress.appendChild(element('span', 'progress-text', model.progress.text));
    fragment.appendChild(progress);
  }

  const error = renderError(model);
  if (error) {
    fragment.appendChild(error);
  }
  if (model.note) {
    const note = element('p', 'notice', model.note);
    note.id = 'run-note';
    fragment.appendChild(note);
  }

  const grid = element('div', 'grid');
  const times = titledSection('section', model.labels.times, 'times-title');
  times.appendChild(definitionList(model.times));
  grid.appendChild(times);
  const counters = titledSection('section', model.labels.counters, 'counters-title');
  counters.appendChild(model.counters.length > 0 ? definitionList(model.counters) : element('p', 'muted', model.labels.noCounters));
  grid.appendChild(counters);
  const source = titledSection('section', model.labels.source, 'source-title');
  source.appendChild(definitionList(model.source));
  grid.appendChild(source);
  fragment.appendChild(grid);

  const raw = element('details', 'raw');
  raw.id = 'raw';
  raw.open = rawOpen;
  raw.appendChild(element('summary', undefined, model.labels.rawJson));
  raw.appendChild(element('pre', undefined, model.rawJson));
  fragment.appendChild(raw);

  root.replaceChildren(fragment);
  document.title = model.heading;
}

startPage(vscode, root, 'render', render);
