import { isSourceKind, SourceRef } from '../model/source';
import { TextLimit, truncate } from '../text/format';
import { StatusIcon } from '../text/runWords';

/**
 * The tree as plain data: each row says what VS Code shows (label, description, icon, tooltip,
 * context value, what a screen reader reads, whether it opens) and what it refers to. The VS Code
 * side only copies rows into `TreeItem`s.
 */

export type RowKind = 'project' | 'source' | 'run' | 'loadMore' | 'message';

/** What a row is about; commands act on this. */
export interface RowRef {
  readonly projectId: number;
  readonly source?: SourceRef;
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

export type MessageKind = 'info' | 'problem' | 'loading';

/** A source's part of an id: its kind and its id, which is the API's text and so encoded. */
function sourcePart(ref: SourceRef): string {
  return `${ref.kind}/${encodeURIComponent(ref.id)}`;
}

/** The source named by `[kind, encoded id]`, or undefined. */
function sourceFrom(projectId: number, kind: string | undefined, encodedId: string | undefined): SourceRef | undefined {
  if (!isSourceKind(kind) || !encodedId) {
    return undefined;
  }
  try {
    return { projectId, kind, id: decodeURIComponent(encodedId) };
  } catch {
    return undefined;
  }
}

/**
 * Row ids, built and read here only. Ids are stable, so expansion and selection survive a
 * refresh. Every part that comes from the API is encoded, so no id can be read two ways.
 */
export const rowId = {
  project: (projectId: number) => `project/${projectId}`,
  source: (ref: SourceRef) => `source/${ref.projectId}/${sourcePart(ref)}`,
  run: (ref: SourceRef, runKey: string) => `run/${ref.projectId}/${sourcePart(ref)}/${encodeURIComponent(runKey)}`,
  loadMore: (ref: SourceRef) => `more/${ref.projectId}/${sourcePart(ref)}`,
  message: (kind: MessageKind, projectId: number) => `${kind}/${projectId}`,

  /** The kind and reference of an id, or undefined for an id that is not a row's. */
  parse(id: string): { kind: RowKind; ref: RowRef } | undefined {
    const [head, project, kind, encodedId, encodedRunKey, ...rest] = id.split('/');
    if (!/^\d+$/.test(project ?? '') || rest.length > 0) {
      return undefined;
    }
    const projectId = Number(project);
    const source = sourceFrom(projectId, kind, encodedId);
    switch (head) {
      case 'project':
        return kind === undefined ? { kind: 'project', ref: { projectId } } : undefined;
      case 'source':
        return source && encodedRunKey === undefined ? { kind: 'source', ref: { projectId, source } } : undefined;
      case 'more':
        return source && encodedRunKey === undefined ? { kind: 'loadMore', ref: { projectId, source } } : undefined;
      case 'run': {
        if (!source || !encodedRunKey) {
          return undefined;
        }
        try {
          return { kind: 'run', ref: { projectId, source, runKey: decodeURIComponent(encodedRunKey) } };
        } catch {
          return undefined;
        }
      }
      case 'info':
      case 'problem':
      case 'loading':
        return kind === undefined ? { kind: 'message', ref: { projectId } } : undefined;
      default:
        return undefined;
    }
  },
};

/** A screen reader reads a sentence, not a page. */
export function accessible(text: string): string {
  return truncate(text, TextLimit.accessibility);
}
