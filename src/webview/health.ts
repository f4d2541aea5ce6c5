import type { HealthModel, HealthPageMessage, HealthPageRow } from '../shared/healthProtocol';
import { element, keepFocus, pageApi, startPage, svgElement } from './dom';

/**
 * The Health page: filters, then one table of every source, the ones that need attention first.
 * Text from the extension goes in with `textContent` only; numbers become coordinates. The
 * filters live in the page and survive each redraw.
 */

const vscode = pageApi<HealthPageMessage>();
const root = document.getElementById('root')!;
const chosen = { project: '', kind: '', finding: '' };
let current: HealthModel | undefined;

function matches(row: HealthPageRow): boolean {
  if (chosen.project && String(row.projectId) !== chosen.project) {
    return false;
  }
  if (chosen.kind && row.kind !== chosen.kind) {
    return false;
  }
  if (chosen.finding === 'attention') {
    return row.severity !== 'ok';
  }
  return !chosen.finding || row.findingKinds.includes(chosen.finding);
}

function select(id: string, label: string, all: string, options: ReadonlyArray<{ id: string; name: string }>, value: string, onChange: (value: string) => void): HTMLElement {
  const wrapper = element('div', 'filter');
  const caption = element('label', undefined, label);
  caption.htmlFor = id;
  const control = element('select');
  control.id = id;
  for (const option of [{ id: '', name: all }, ...options]) {
    const item = element('option', undefined, option.name);
    item.value = option.id;
    item.selected = option.id === value;
    control.appendChild(item);
  }
  control.addEventListener('change', () => {
    onChange(control.value);
    draw();
  });
  wrapper.append(caption, control);
  return wrapper;
}

function strip(row: HealthPageRow): HTMLElement {
  const cell = element('td', 'strip');
  const svg = svgElement('svg', { viewBox: `0 0 ${Math.max(1, row.strip.length) * 8} 12`, width: String(Math.max(1, row.strip.length) * 8), height: '12', 'aria-hidden': 'true', focusable: 'false' });
  row.strip.forEach((state, index) => {
    svg.appendChild(svgElement('rect', { x: String(index * 8), y: '1', width: '6', height: '10', rx: '1', class: `run state-${state}` }));
  });
  cell.append(svg, element('span', 'visually-hidden', row.stripText));
  return cell;
}

function trend(row: HealthPageRow): HTMLElement {
  const cell = element('td', 'trend');
  if (row.trend) {
    const { values, low, high } = row.trend;
    const width = 96;
    const height = 24;
    const top = Math.max(...values, high ?? 0, 1);
    const y = (value: number) => (height - 2 - (value / top) * (height - 4)).toFixed(1);
    const x = (index: number) => (values.length === 1 ? width / 2 : (index / (values.length - 1)) * width).toFixed(1);
    const svg = svgElement('svg', { viewBox: `0 0 ${width} ${height}`, width: String(width), height: String(height), 'aria-hidden': 'true', focusable: 'false' });
    if (low !== undefined && high !== undefined) {
      svg.appendChild(svgElement('rect', { x: '0', y: y(high), width: String(width), height: String(Math.max(1, Number(y(low)) - Number(y(high)))), class: 'band' }));
    }
    svg.appendChild(svgElement('polyline', { points: values.map((value, index) => `${x(index)},${y(value)}`).join(' '), class: 'line' }));
    cell.appendChild(svg);
  }
  cell.appendChild(element('span', row.trend ? 'visually-hidden' : 'muted', row.trendText));
  return cell;
}

function tableRow(row: HealthPageRow, model: HealthModel): HTMLTableRowElement {
  const tr = element('tr', `severity-${row.severity}`);
  const nameCell = element('th');
  nameCell.scope = 'row';
  const open = element('button', 'link', row.name);
  open.type = 'button';
  open.setAttribute('data-key', row.key);
  open.setAttribute('aria-label', model.labels.openOverview.replace('{0}', row.name));
  open.addEventListener('click', () => vscode.postMessage({ type: 'openOverview', source: row.source }));
  nameCell.append(open, element('div', 'muted', `${row.project} · ${row.kindName}`));
  tr.appendChild(nameCell);

  const state = element('td', 'finding');
  const badge = element('span', `badge severity-${row.severity}`);
  badge.append(element('span', 'visually-hidden', `${row.severityText}: `), document.createTextNode(row.finding));
  state.appendChild(badge);
  state.appendChild(element('div', 'muted', row.stateText));
  for (const snoozed of row.snoozed ?? []) {
    state.appendChild(element('div', 'muted snoozed', snoozed));
  }
  if (row.details.length > 0) {
    // The evidence and the advice, a click or Enter away: the table stays one screen of rows.
    const more = element('details');
    more.appendChild(element('summary', undefined, model.labels.evidence));
    for (const detail of row.details) {
      more.appendChild(element('p', 'detail', detail));
    }
    state.appendChild(more);
  }
  tr.appendChild(state);
  tr.appendChild(element('td', undefined, row.since || '—'));
  tr.appendChild(element('td', undefined, row.lastSuccess));
  tr.appendChild(element('td', undefined, row.nextExpected));
  tr.appendChild(strip(row));
  tr.appendChild(trend(row));
  tr.appendChild(element('td', 'number', row.successRate));
  return tr;
}

function draw(): void {
  const model = current;
  if (!model) {
    return;
  }
  keepFocus(root, () => {
    const fragment = document.createDocumentFragment();
    const header = element('header', 'titles');
    header.appendChild(element('h1', undefined, model.heading));
    header.appendChild(element('p', 'summary', model.summary));
    fragment.appendChild(header);

    const tools = element('div', 'toolbar');
    tools.setAttribute('role', 'group');
    tools.setAttribute('aria-label', model.labels.filters);
    tools.append(
      select('filter-project', model.labels.project, model.labels.all, model.filters.projects, chosen.project, (value) => { chosen.project = value; }),
      select('filter-kind', model.labels.kind, model.labels.all, model.filters.kinds, chosen.kind, (value) => { chosen.kind = value; }),
      select('filter-finding', model.labels.finding, model.labels.all, model.filters.findings, chosen.finding, (value) => { chosen.finding = value; }),
    );
    const copy = element('button', 'copy', model.labels.copyReport);
    copy.id = 'copy-report';
    copy.type = 'button';
    copy.addEventListener('click', () => vscode.postMessage({ type: 'copyReport' }));
    tools.appendChild(copy);
    const status = element('span', 'copied');
    status.id = 'copy-status';
    status.setAttribute('role', 'status');
    tools.appendChild(status);
    fragment.appendChild(tools);

    const rows = model.rows.filter(matches);
    const scroller = element('div', 'table-scroller');
    const table = element('table', 'health');
    table.appendChild(element('caption', 'visually-hidden', model.labels.table));
    const head = element('thead');
    const headRow = element('tr');
    for (const label of [model.labels.source, model.labels.state, model.labels.since, model.labels.lastSuccess, model.labels.nextExpected, model.labels.lastRuns, model.labels.trend, model.labels.successRate]) {
      const th = element('th', undefined, label);
      th.scope = 'col';
      headRow.appendChild(th);
    }
    head.appendChild(headRow);
    table.appendChild(head);
    const body = element('tbody');
    for (const row of rows) {
      body.appendChild(tableRow(row, model));
    }
    table.appendChild(body);
    scroller.appendChild(table);
    fragment.appendChild(scroller);
    if (rows.length === 0) {
      fragment.appendChild(element('p', 'notice', model.labels.noMatch));
    }
    root.replaceChildren(fragment);
  });
}

window.addEventListener('message', (event: MessageEvent<{ type?: string } | undefined>) => {
  if (event.data?.type === 'copied' && current) {
    const status = document.getElementById('copy-status');
    if (status) {
      status.textContent = current.labels.copied;
    }
  }
});

startPage<'health', HealthModel>(vscode, root, 'health', (model) => {
  current = model;
  draw();
});
