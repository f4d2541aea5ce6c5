import * as fs from 'fs';
import * as assert from 'assert';
import { Frame, Page } from 'playwright-core';

/** axe-core's own bundle, run inside a webview's frame as its documentation shows for any page. */
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly unknown[]; readonly failureSummary?: string }>;
}

/**
 * The WCAG 2.1 A and AA problems axe finds in a webview's page, one line each; an empty list when
 * there are none. The page's CSP does not apply: Playwright evaluates through the debugger.
 */
export async function accessibilityViolations(frame: Frame): Promise<string[]> {
  await frame.evaluate(AXE_SOURCE);
  const violations = await frame.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    // Without a context, axe checks the whole document.
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations;
  });
  return violations.flatMap((violation) => violation.nodes.map((node) =>
    `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help} at ${node.target.map(String).join(' ')}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`));
}

/** The contrast of one tree row's label and status icon against the side bar behind them. */
export interface RowContrast {
  readonly row: string;
  readonly label: number;
  /** Undefined for a row without an icon. */
  readonly icon?: number;
}

/**
 * WCAG contrast ratios of the side bar tree's rows as drawn now: each label's text colour and each
 * status icon's colour (a theme colour the extension chose) against the first opaque background
 * behind the row. Text wants 4.5:1 (1.4.3), an icon that carries meaning 3:1 (1.4.11).
 */
export async function sideBarTreeContrast(page: Page): Promise<RowContrast[]> {
  return page.evaluate(() => {
    // The test code is compiled without the DOM's types: the little it uses, declared here.
    interface Element { readonly parentElement: Element | null; querySelector(selector: string): Element | null; getAttribute(name: string): string | null; readonly textContent: string | null }
    const dom = globalThis as unknown as {
      document: { querySelectorAll(selector: string): Iterable<Element> };
      getComputedStyle(element: Element): { color: string; backgroundColor: string; display: string };
    };
    const getComputedStyle = (element: Element) => dom.getComputedStyle(element);
    const document = dom.document;
    const rgba = (color: string): [number, number, number, number] => {
      const parts = /rgba?\(([^)]+)\)/.exec(color)?.[1].split(/[\s,/]+/).filter(Boolean).map(Number) ?? [0, 0, 0, 0];
      return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
    };
    const luminance = ([r, g, b]: number[]) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element: Element | null): [number, number, number, number] => {
      for (let node = element; node; node = node.parentElement) {
        const color = rgba(getComputedStyle(node).backgroundColor);
        if (color[3] >= 1) {
          return color;
        }
      }
      return [255, 255, 255, 1];
    };
    /** A colour drawn at some alpha over an opaque background, as the eye sees it. */
    const over = (front: [number, number, number, number], back: [number, number, number, number]) =>
      [0, 1, 2].map((index) => front[index] * front[3] + back[index] * (1 - front[3]));
    const ratio = (front: string, element: Element) => {
      const back = background(element);
      const a = luminance(over(rgba(front), back));
      const b = luminance(back);
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    };
    return [...document.querySelectorAll('.sidebar .pane-body .monaco-list-row')].map((row) => {
      const label = row.querySelector('.label-name') ?? row;
      const icon = row.querySelector('.custom-view-tree-node-item-icon.codicon, .custom-view-tree-node-item-icon');
      return {
        row: (row.getAttribute('aria-label') ?? row.textContent ?? '').slice(0, 80),
        label: Math.round(ratio(getComputedStyle(label).color, row) * 100) / 100,
        icon: icon && getComputedStyle(icon).display !== 'none' ? Math.round(ratio(getComputedStyle(icon).color, row) * 100) / 100 : undefined,
      };
    });
  });
}

/** Every row of the side bar's tree reads well in `theme`: its label at 4.5:1, its status icon at 3:1. */
export async function assertTreeReadable(page: Page, theme: string): Promise<RowContrast[]> {
  const rows = await sideBarTreeContrast(page);
  assert.ok(rows.length > 0, `${theme}: the tree has rows to read`);
  for (const row of rows) {
    assert.ok(row.label >= 4.5, `${theme}: "${row.row}" label at ${row.label}:1`);
    assert.ok(row.icon === undefined || row.icon >= 3, `${theme}: "${row.row}" icon at ${row.icon}:1`);
  }
  return rows;
}
