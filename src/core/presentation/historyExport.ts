import { KeptRun } from '../health/runHistory';

/** How a source's known runs are written out: one row (or JSON object) per run, newest first. */
export type HistoryFormat = 'csv' | 'jsonl';

const COLUMNS = ['start', 'end', 'status', 'events', 'progress', 'error'] as const;

function iso(time: number | undefined): string {
  return time !== undefined && Number.isFinite(time) && Math.abs(time) < 8.64e15 ? new Date(time).toISOString() : '';
}

/**
 * A CSV cell: quoted when it holds a comma, quote or line break; and text a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) is led by a quote mark, since an
 * error message is the API's text.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function fields(run: KeptRun): Record<typeof COLUMNS[number], string | number | undefined> {
  return { start: iso(run.start), end: iso(run.end) || undefined, status: run.rawStatus || run.status, events: run.events, progress: run.progress, error: run.error };
}

export function exportHistory(runs: readonly KeptRun[], format: HistoryFormat): string {
  if (format === 'jsonl') {
    return runs.map((run) => JSON.stringify(fields(run))).join('\n') + (runs.length > 0 ? '\n' : '');
  }
  const lines = [COLUMNS.join(','), ...runs.map((run) => {
    const values = fields(run);
    return COLUMNS.map((column) => csvCell(values[column] === undefined ? '' : String(values[column]))).join(',');
  })];
  return `${lines.join('\r\n')}\r\n`;
}
