import { TextLimit, truncate } from '../text/format';
import { StatusIcon } from './presenters';

/**
 * The tree as plain data: each row says what VS Code shows (label, description, icon, tooltip,
 * context value, what a screen reader reads, whether it opens) and what it refers to. The VS Code
 * side only copies rows into `TreeItem`s.
 */

export type RowKind = 'project' | 'connector' | 'run' | 'loadMore' | 'message';

/** What a row is about; commands act on this. */
export interface RowRef {
  readonly projectId: number;
  readonly connectorId?: string;
  readonly runKey?: string;
}

export type RowTooltip = { readonly markdown: string } | { readonly text: string };

export interface Row {
  readonly id: string;
  readonly kind: RowKind;
  readonly ref: RowRef;
  readonly label: string;
  readonly description?: string;
  readonly icon?: StatusIcon;
  /**
   * Built when VS Code asks for it (on hover): it formats dates, and the first use of a date
   * format costs the extension host tens of milliseconds the first rows must not wait for.
   */
  readonly tooltip?: () => RowTooltip;
  /** Matched by the `when` clauses of the menus in package.json. */
  readonly contextValue: string;
  readonly accessibilityLabel: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  /** What a click on the row does. */
  readonly click?: 'openRun' | 'loadMoreRuns' | 'refresh';
}

/** Context values: a row's kind, and a word for what can be done with it. */
export const ContextValue = {
  project: 'project',
  connector: 'connector',
  /** A warehouse import: Sync Now, Pause or Resume, Change Schedule. */
  import: 'import',
  run: 'run',
  loadMore: 'loadMore',
  message: 'message',
} as const;

/** Added to a context value when the row has an error message to copy. */
export const HAS_ERROR = 'hasError';

export function withError(contextValue: string, hasError: boolean): string {
  return hasError ? `${contextValue} ${HAS_ERROR}` : contextValue;
}

/** Added to an import's context value while it is paused: it offers Resume instead of Pause. */
export const PAUSED = 'paused';

export function withPaused(contextValue: string, paused: boolean): string {
  return paused ? `${contextValue} ${PAUSED}` : contextValue;
}

export type MessageKind = 'info' | 'problem' | 'loading';

/**
 * Row ids, built and read here only. Ids are stable, so expansion and selection survive a
 * refresh. A run's key starts with its connector's id (`connectorId/start/position`).
 */
export const rowId = {
  project: (projectId: number) => `project/${projectId}`,
  connector: (projectId: number, connectorId: string) => `connector/${projectId}/${connectorId}`,
  run: (projectId: number, runKey: string) => `run/${projectId}/${runKey}`,
  loadMore: (projectId: number, connectorId: string) => `more/${projectId}/${connectorId}`,
  message: (kind: MessageKind, projectId: number) => `${kind}/${projectId}`,

  /** The kind and reference of an id, or undefined for an id that is not a row's. */
  parse(id: string): { kind: RowKind; ref: RowRef } | undefined {
    const match = /^(project|connector|run|more|info|problem|loading)\/(\d+)(?:\/(.+))?$/.exec(id);
    if (!match) {
      return undefined;
    }
    const projectId = Number(match[2]);
    const rest = match[3];
    switch (match[1]) {
      case 'project':
        return rest === undefined ? { kind: 'project', ref: { projectId } } : undefined;
      case 'connector':
        return rest ? { kind: 'connector', ref: { projectId, connectorId: rest } } : undefined;
      case 'more':
        return rest ? { kind: 'loadMore', ref: { projectId, connectorId: rest } } : undefined;
      case 'run': {
        const parts = rest?.split('/') ?? [];
        return parts.length >= 3 ? { kind: 'run', ref: { projectId, connectorId: parts.slice(0, -2).join('/'), runKey: rest } } : undefined;
      }
      default:
        return rest === undefined ? { kind: 'message', ref: { projectId } } : undefined;
    }
  },
};

/** A screen reader reads a sentence, not a page. */
export function accessible(text: string): string {
  return truncate(text, TextLimit.accessibility);
}
