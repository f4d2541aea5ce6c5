/**
 * Where the command line writes, and how: colour only on a terminal that wants it (not with
 * `NO_COLOR`, not when piped), tables that fit their cells, and every control character of the
 * API's text made visible, so that no name can move the cursor or clear a screen.
 */

export interface Streams {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export type Paint = (text: string) => string;

export interface Palette {
  readonly red: Paint;
  readonly yellow: Paint;
  readonly green: Paint;
  readonly dim: Paint;
  readonly bold: Paint;
}

const plain: Paint = (text) => text;
const PLAIN: Palette = { red: plain, yellow: plain, green: plain, dim: plain, bold: plain };
const sgr = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const COLOURS: Palette = { red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), dim: sgr(2, 22), bold: sgr(1, 22) };

/** Colour for a stream that is a terminal, unless NO_COLOR (any value) or TERM=dumb says no; FORCE_COLOR says yes. */
export function paletteFor(stream: { isTTY?: boolean }, environment: Readonly<Record<string, string | undefined>>): Palette {
  if (environment.NO_COLOR !== undefined && environment.NO_COLOR !== '') {
    return PLAIN;
  }
  if (environment.FORCE_COLOR !== undefined && environment.FORCE_COLOR !== '0') {
    return COLOURS;
  }
  return stream.isTTY === true && environment.TERM !== 'dumb' ? COLOURS : PLAIN;
}

/** Text from outside as one printable line: control characters (escape sequences, new lines) shown as `�`. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}

/** The visible width of a text, without its colour codes. */
function width(text: string): number {
  return [...text.replace(/\u001b\[\d+m/g, '')].length;
}

function clip(text: string, max: number): string {
  const characters = [...text];
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : text;
}

/**
 * Rows as columns padded to their widest cell; a cell wider than `maxWidth` is cut with `…`.
 * `paint` colours a cell after it is measured.
 */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, options: { maxWidth?: number; paint?: (row: number, column: number, text: string) => string } = {}): string {
  const maxWidth = options.maxWidth ?? 48;
  const cells = [header, ...rows].map((row) => row.map((cell) => clip(printable(cell), maxWidth)));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => width(row[column] ?? ''))));
  return cells.map((row, index) => row.map((cell, column) => {
    const padded = column === row.length - 1 ? cell : cell + ' '.repeat(widths[column] - width(cell));
    return index > 0 && options.paint ? options.paint(index - 1, column, padded) : padded;
  }).join('  ').trimEnd()).join('\n');
}
