import { Translate } from '../../shared/l10n';
import { SourceEntry } from '../engine/model';
import { Source, SourceFetching, SourceKind, SourceOfKind } from '../engine/source';
import { DisplayState, PresentOptions } from '../text/runWords';

/** What a user can do to a source beyond looking at it; each is a command in a row's menu. */
export type SourceAction = 'syncNow' | 'pause' | 'resume' | 'changeSchedule' | 'exportImport' | 'deleteImport';

/** An entry whose source is of one kind. */
export type EntryOfKind<K extends SourceKind> = SourceEntry & { readonly source: SourceOfKind<K> };

/**
 * Everything the extension knows of one kind of source, in the kind's own module: how the engine
 * fetches it (`SourceFetching`) and how it is named, described and acted on. The rest of core looks
 * a kind up in {@link SOURCE_KINDS} (`./index.ts`) and never asks which kind it holds.
 */
export interface SourceKindModule<K extends SourceKind> extends SourceFetching<SourceOfKind<K>> {
  readonly kind: K;
  /** "Warehouse import", "Cloud Import connector": what one such source is called. */
  kindName(t: Translate): string;
  /** "1 import", "3 connectors". */
  countWords(count: number, t: Translate): string;
  /** What a row and a page call the source. */
  name(source: SourceOfKind<K>, t: Translate): string;
  /** "Import orders_events", "Connector gs://acme/orders": how a screen reader introduces it. */
  spokenName(source: SourceOfKind<K>, t: Translate): string;
  /** Texts a filter's words are looked for in, beside the name. */
  searchable(source: SourceOfKind<K>): ReadonlyArray<string | undefined>;
  /** The state its row shows: its newest run's, unless the source's own state says more. */
  displayState(entry: EntryOfKind<K>): DisplayState;
  /** What its row says beside the name: "failed · 2 h ago · hourly · time-based". */
  describe(entry: EntryOfKind<K>, options: PresentOptions): string;
  /** What a screen reader says after the name and the newest run's state: "hourly, paused". */
  spokenDetails(entry: EntryOfKind<K>, t: Translate): string[];
  /** Its settings as label and value, for the tooltip and the run panel; empty values left out. */
  facts(source: SourceOfKind<K>, options: PresentOptions): Array<[string, string]>;
  /** What the tooltip adds under the facts: "Paused because: …". */
  notes(source: SourceOfKind<K>, t: Translate): string[];
  /** The heading of its facts on the run panel: "Import", "Connector". */
  factsHeading(t: Translate): string;
  /** What the run panel says of a failed run that came with no error text, if the kind knows why. */
  failureWithoutMessage(t: Translate): string | undefined;
  /** What to do about a failed run's error, when its cause is known. */
  errorHint(message: string, source: SourceOfKind<K>, options: PresentOptions): string | undefined;
  /** Matched by the `when` clauses of the menus in package.json. */
  contextValue(entry: EntryOfKind<K>): string;
  /** What can be done to it now. */
  actions(source: SourceOfKind<K>): readonly SourceAction[];
}

export type SourceKinds = { readonly [K in SourceKind]: SourceKindModule<K> };

/** The module of a source's kind, typed for that source. */
export function kindModule<S extends Source>(kinds: SourceKinds, source: S): SourceKindModule<S['kind']> {
  return kinds[source.kind] as unknown as SourceKindModule<S['kind']>;
}
