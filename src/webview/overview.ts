import type { OverviewBar, OverviewModel, OverviewPageMessage } from '../shared/overviewProtocol';
import { element, keepFocus, pageApi, startPage, SVG_NS, svgElement, titledSection } from './dom';

/**
 * A source's overview page: a chart of its recent runs drawn as SVG, the figures beside it and the
 * same runs as a table. Text from the extension goes in with `textContent` only; numbers become
 * coordinates. Each update redraws in place and gives focus back to the bar or row that had it.
 */

const vscode = pageApi<OverviewPageMessage>();
const root = document.getElementById('root')!;
/** The run whose bar the pointer is on, so that a live update keeps its tooltip up. */
let hoveredKey: string | undefined;

/** The chart's drawing box, in SVG units; the SVG scales to the page's width. */
const WIDTH = 640;
const HEIGHT = 220;
const PLOT = { left: 64, right: 56, top: 12, bottom: 36 };
const PLOT_WIDTH = WIDTH - PLOT.left - PLOT.right;
const PLOT_HEIGHT = HEIGHT - PLOT.top - PLOT.bottom;
/** A bar of no duration (queued, or no times) still shows as a sliver that can be hovered. */
const MIN_BAR_HEIGHT = 3;
/** A narrow band (a steady source) still shows. */
const MIN_BAND_HEIGHT = 6;

function openRun(runKey: string): void {
  vscode.postMessage({ type: 'openRun', runKey });
}

/** Hatching for failed runs and dots for cancelled ones, so that state is told by more than colour. */
function patterns(): SVGDefsElement {
  const defs = svgElement('defs');
  const hatch = svgElement('pattern', { id: 'pattern-failed', width: '6', height: '6', patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  hatch.appendChild(svgElement('rect', { width: '6', height: '6', class: 'fill-failed' }));
  hatch.appendChild(svgElement('line', { x1: '0', y1: '0', x2: '0', y2: '6', class: 'hatch' }));
  defs.appendChild(hatch);
  const dots = svgElement('pattern', { id: 'pattern-cancelled', width: '5', height: '5', patternUnits: 'userSpaceOnUse' });
  dots.appendChild(svgElement('rect', { width: '5', height: '5', class: 'fill-cancelled' }));
  dots.appendChild(svgElement('circle', { cx: '2.5', cy: '2.5', r: '1', class: 'dot' }));
  defs.appendChild(dots);
  return defs;
}

function axisLabel(x: number, y: number, text: string, anchor: 'start' | 'middle' | 'end'): SVGTextElement {
  const label = svgElement('text', { x: String(x), y: String(y), 'text-anchor': anchor, class: 'axis-label' });
  label.textContent = text;
  return label;
}

function showTooltip(tooltip: HTMLElement, bar: OverviewBar, target: Element): void {
  tooltip.textContent = bar.description;
  tooltip.hidden = false;
  const box = target.getBoundingClientRect();
  const chart = tooltip.parentElement!.getBoundingClientRect();
  const left = Math.min(Math.max(0, box.left - chart.left + box.width / 2 - tooltip.offsetWidth / 2), chart.width - tooltip.offsetWidth);
  tooltip.style.left = `${left}px`;
  tooltip.style.top = `${Math.max(0, box.top - chart.top - tooltip.offsetHeight - 6)}px`;
}

function chart(model: OverviewModel): HTMLElement {
  const figure = element('figure', 'chart');
  const caption = element('figcaption', 'visually-hidden', model.labels.chartSummary);
  caption.id = 'chart-summary';
  figure.appendChild(caption);
  const svg = svgElement('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'group', 'aria-labelledby': 'chart-title', 'aria-describedby': 'chart-summary' });
  svg.appendChild(patterns());
  const tooltip = element('div', 'tooltip');
  tooltip.id = 'chart-tooltip';
  tooltip.setAttribute('role', 'tooltip');
  tooltip.hidden = true;

  const y = (ms: number): number => PLOT.top + PLOT_HEIGHT - (ms / model.durationAxis.max) * PLOT_HEIGHT;
  for (const tick of model.durationAxis.ticks) {
    svg.appendChild(svgElement('line', { x1: String(PLOT.left), x2: String(WIDTH - PLOT.right), y1: String(y(tick.value)), y2: String(y(tick.value)), class: 'grid-line' }));
    svg.appendChild(axisLabel(PLOT.left - 8, y(tick.value) + 4, tick.label, 'end'));
  }
  const eventsAxis = model.eventsAxis;
  const eventsY = (count: number): number => PLOT.top + PLOT_HEIGHT - (count / (eventsAxis?.max ?? 1)) * PLOT_HEIGHT;
  for (const tick of eventsAxis?.ticks ?? []) {
    svg.appendChild(axisLabel(WIDTH - PLOT.right + 8, eventsY(tick.value) + 4, tick.label, 'start'));
  }

  const slot = PLOT_WIDTH / Math.max(1, model.bars.length);
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const centre = (index: number): number => PLOT.left + slot * index + slot / 2;
  const points: string[] = [];
  model.bars.forEach((bar, index) => {
    const height = Math.max(MIN_BAR_HEIGHT, (bar.durationMs / model.durationAxis.max) * PLOT_HEIGHT);
    const group = svgElement('g', {
      class: `bar state-${bar.state}${bar.live ? ' live' : ''}${bar.flagged ? ' flagged' : ''}`,
      tabindex: '0',
      role: 'button',
      'aria-label': bar.description,
      'data-key': bar.runKey,
    });
    group.appendChild(svgElement('rect', {
      x: String(centre(index) - barWidth / 2),
      y: String(PLOT.top + PLOT_HEIGHT - height),
      width: String(barWidth),
      height: String(height),
      rx: '1.5',
    }));
    if (bar.flagged) {
      // A ring under the bar's foot: flagged runs are told by a shape, not a colour alone.
      group.appendChild(svgElement('circle', { cx: String(centre(index)), cy: String(PLOT.top + PLOT_HEIGHT + 8), r: '4', class: 'flag-marker' }));
    }
    if (bar.live) {
      // A running run's bar is still growing: a marker on its top says so.
      group.appendChild(svgElement('path', {
        d: `M${centre(index) - 4} ${PLOT.top + PLOT_HEIGHT - height - 3} l4 -6 l4 6 z`,
        class: 'live-marker',
      }));
    }
    group.addEventListener('click', () => openRun(bar.runKey));
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        openRun(bar.runKey);
      }
    });
    group.addEventListener('mouseenter', () => {
      hoveredKey = bar.runKey;
      showTooltip(tooltip, bar, group);
    });
    group.addEventListener('mouseleave', () => {
      hoveredKey = undefined;
      tooltip.hidden = true;
    });
    group.addEventListener('focus', () => showTooltip(tooltip, bar, group));
    group.addEventListener('blur', () => { tooltip.hidden = true; });
    svg.appendChild(group);
    if (bar.events !== undefined && eventsAxis) {
      points.push(`${centre(index)},${eventsY(bar.events)}`);
    }
  });
  if (model.eventsBand && eventsAxis) {
    // The usual events per run, over the bars and under the events line: a dot outside it was flagged.
    const top = eventsY(model.eventsBand.high);
    const height = Math.max(MIN_BAND_HEIGHT, eventsY(model.eventsBand.low) - top);
    svg.appendChild(svgElement('rect', {
      x: String(PLOT.left), width: String(PLOT_WIDTH), y: String(top - (height - (eventsY(model.eventsBand.low) - top)) / 2), height: String(height),
      class: 'events-band', 'aria-hidden': 'true',
    }));
  }
  if (points.length > 0) {
    const series = svgElement('g', { class: 'events', 'aria-hidden': 'true' });
    series.appendChild(svgElement('polyline', { points: points.join(' ') }));
    for (const point of points) {
      const [cx, cy] = point.split(',');
      series.appendChild(svgElement('circle', { cx, cy, r: '3' }));
    }
    svg.appendChild(series);
  }
  svg.appendChild(svgElement('line', { x1: String(PLOT.left), x2: String(WIDTH - PLOT.right), y1: String(PLOT.top + PLOT_HEIGHT), y2: String(PLOT.top + PLOT_HEIGHT), class: 'baseline' }));
  svg.appendChild(axisLabel(PLOT.left, HEIGHT - 8, model.timeLabels.first, 'start'));
  svg.appendChild(axisLabel(WIDTH - PLOT.right, HEIGHT - 8, model.timeLabels.last, 'end'));
  figure.appendChild(svg);
  figure.appendChild(tooltip);
  return figure;
}

/** After a redraw, the tooltip of the bar under the pointer shows again: no move, no mouseenter. */
function restoreTooltip(model: OverviewModel): void {
  const bar = model.bars.find((candidate) => candidate.runKey === hoveredKey);
  const group = bar ? root.querySelector(`.chart .bar[data-key="${CSS.escape(bar.runKey)}"]`) : null;
  const tooltip = document.getElementById('chart-tooltip');
  if (bar && group && tooltip) {
    showTooltip(tooltip, bar, group);
  }
}

function legend(model: OverviewModel): HTMLElement {
  const list = element('ul', 'legend');
  for (const entry of model.legend) {
    const item = element('li');
    const swatch = document.createElementNS(SVG_NS, 'svg');
    swatch.setAttribute('viewBox', '0 0 12 12');
    swatch.setAttribute('aria-hidden', 'true');
    swatch.classList.add('swatch', 'bar', `state-${entry.state}`);
    swatch.appendChild(svgElement('rect', { width: '12', height: '12', rx: '1.5' }));
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(entry.text));
    list.appendChild(item);
  }
  if (model.eventsAxis) {
    const item = element('li');
    item.appendChild(element('span', 'swatch events-swatch'));
    item.appendChild(document.createTextNode(model.labels.events));
    list.appendChild(item);
  }
  if (model.eventsBand) {
    const item = element('li');
    item.appendChild(element('span', 'swatch band-swatch'));
    item.appendChild(document.createTextNode(model.labels.band));
    list.appendChild(item);
  }
  if (model.bars.some((bar) => bar.flagged)) {
    const item = element('li');
    item.appendChild(element('span', 'swatch flag-swatch'));
    item.appendChild(document.createTextNode(model.labels.flagged));
    list.appendChild(item);
  }
  return list;
}

function figures(model: OverviewModel): HTMLElement {
  const section = titledSection('figures', model.labels.figures, 'figures-title');
  const list = element('dl');
  for (const figure of model.figures) {
    const item = element('div', 'figure');
    item.dataset.figure = figure.id;
    item.appendChild(element('dt', undefined, figure.label));
    item.appendChild(element('dd', 'figure-value', figure.value));
    item.appendChild(element('dd', 'figure-detail', figure.detail));
    list.appendChild(item);
  }
  section.appendChild(list);
  return section;
}

function table(model: OverviewModel): HTMLElement {
  const section = titledSection('runs', model.labels.table, 'runs-title');
  const grid = element('table');
  const head = element('thead');
  const headings = element('tr');
  for (const label of [model.labels.started, model.labels.state, model.labels.duration, model.labels.events, model.labels.error]) {
    const cell = element('th', undefined, label);
    cell.scope = 'col';
    headings.appendChild(cell);
  }
  head.appendChild(headings);
  grid.appendChild(head);
  const body = element('tbody');
  for (const row of model.rows) {
    const line = element('tr', `state-${row.state}`);
    const started = element('th');
    started.scope = 'row';
    // The run opens from its start time: a real button, so keyboard and screen readers reach it.
    const open = element('button', 'link', row.started);
    open.type = 'button';
    open.dataset.key = row.runKey;
    open.title = model.labels.open;
    open.addEventListener('click', () => openRun(row.runKey));
    started.appendChild(open);
    line.appendChild(started);
    line.appendChild(element('td', 'state-cell', row.stateText));
    line.appendChild(element('td', 'number', row.duration));
    line.appendChild(element('td', 'number', row.events));
    line.appendChild(element('td', 'error-cell', row.error));
    body.appendChild(line);
  }
  grid.appendChild(body);
  section.appendChild(grid);
  return section;
}

function render(model: OverviewModel): void {
  keepFocus(root, () => {
    const fragment = document.createDocumentFragment();
    if (model.notice) {
      fragment.appendChild(element('p', 'notice', model.notice));
    }
    const header = element('header', 'titles');
    header.appendChild(element('h1', undefined, model.heading));
    header.appendChild(element('p', 'muted', model.subheading));
    if (model.historyNote) {
      header.appendChild(element('p', 'muted history-note', model.historyNote));
    }
    fragment.appendChild(header);
    if (model.bars.length === 0) {
      fragment.appendChild(element('p', 'notice', model.labels.noRuns));
      root.replaceChildren(fragment);
      return;
    }
    const layout = element('div', 'layout');
    const chartSection = titledSection('chart-section', model.labels.chart, 'chart-title');
    chartSection.appendChild(chart(model));
    chartSection.appendChild(legend(model));
    layout.appendChild(chartSection);
    layout.appendChild(figures(model));
    fragment.appendChild(layout);
    fragment.appendChild(table(model));
    root.replaceChildren(fragment);
    restoreTooltip(model);
  });
  document.title = model.heading;
}

startPage(vscode, root, 'overview', render);
