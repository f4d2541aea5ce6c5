import { Problem } from './entries';
import { SourceRef } from './source';

/**
 * What the engine has to say to the log, as data: the edge words it (`presentation/logMessages.ts`),
 * so that the engine writes no sentence and a test can match a record instead of a phrase.
 */
export type EngineLogRecord =
  | { readonly event: 'projectNamesUnreadable'; readonly reason: string }
  | { readonly event: 'runsUnreadable'; readonly source: SourceRef; readonly problem: Problem }
  | { readonly event: 'refreshFailed'; readonly projectId?: number; readonly problem: Problem }
  | { readonly event: 'snapshotNotKept'; readonly reason: string }
  | { readonly event: 'warehouseSourcesUnreadable'; readonly projectId: number; readonly reason: string }
  /** A history file that could not be read was moved aside (to `setAside`) and a new one begun. */
  | { readonly event: 'historySetAside'; readonly file: string; readonly setAside: string; readonly reason: string }
  | { readonly event: 'historyNotKept'; readonly reason: string };

export type EngineLog = (record: EngineLogRecord) => void;

/** The text of something thrown, for a record's `reason`. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
