import { Translate } from '../../shared/l10n';
import { SourceEntry } from '../model/entries';
import { SourceHealth } from '../health/judgement';
import { Source, SourceReading, SourceKind, SourceOfKind } from '../model/source';
import { DisplayState, PresentOptions } from '../text/runWords';

/** What a user can do to a source beyond looking at it; each is a command in a row's menu. */
export type SourceAction = 'syncNow' | 'pause' | 'resume' | 'changeSchedule' | 'exportImport' | 'deleteImport';

/** An entry whose source is of one kind. */
export type EntryOfKind<K extends SourceKind> = SourceEntry & { readonly source: SourceOfKind<K> };

/** A kind's opt-in to acting on its sources: which actions a source offers now. */
export interface SourceWriting<S extends Source> {
  actions(source: S): readonly SourceAction[];
}

/** A kind's opt-in to being kept as code: files of this suffix describe its sources. */
export interface SourceFiles {
  /** The end of such a file's name: `.mixpanel-import.json`. */
  readonly suffix: string;
}

/**
 * Everything the extension knows of one kind of source, in the kind's own folder: a narrow
 * required part (how one is named, described and read) and what it opts in to: health, writing,
 * files, and the run panel's extra words. A kind leaves out what it does not do, and says nothing of
 * it. The rest of core looks a kind up in {@link SOURCE_KINDS} (`./index.ts`) and never asks which
 * kind it holds.
 */
export interface SourceKindModule<K extends SourceKind> {
  readonly kind: K;
  /** How the engine lists it and reads its runs. */
  readonly reading: SourceReading<SourceOfKind<K>>;
  /** What health judges its sources by; a kind without it is not judged. */
  readonly health?: SourceHealth<SourceOfKind<K>>;
  /** What can be done to its sources; a kind without it is only watched. */
  readonly writing?: SourceWriting<SourceOfKind<K>>;
  /** Its sources kept as files. */
  readonly files?: SourceFiles;

  /** "Warehouse import", "Cloud Import connector": what one such source is called. */
  kindName(t: Translate): string;
  /** "no warehouse imports": what a project that has none of this kind lacks, with why, when it is worth saying. */
  noneHere(t: Translate): string;
  /** "1 import", "3 connectors". */
  countWords(count: number, t: Translate): string;
  /** What a row and a page call the source. */
  name(source: SourceOfKind<K>, t: Translate): string;
  /** "Import orders_events", "Connector gs://acme/orders": how a screen reader introduces it. */
  spokenName(source: SourceOfKind<K>, t: Translate): string;
  /** Texts a filter's words are looked for in, beside the name. */
  searchable?(source: SourceOfKind<K>): ReadonlyArray<string | undefined>;
  /** The state its row shows: its newest run's, unless the source's own state says more. */
  displayState(entry: EntryOfKind<K>): DisplayState;
  /** What its row says beside the name: "failed · 2 h ago · hourly · time-based". */
  describe(entry: EntryOfKind<K>, options: PresentOptions): string;
  /** What a screen reader says after the name and the newest run's state: "hourly, paused". */
  spokenDetails(entry: EntryOfKind<K>, t: Translate): string[];
  /** Its settings as label and value, for the tooltip and the run panel; empty values left out. */
  facts(source: SourceOfKind<K>, options: PresentOptions): Array<[string, string]>;
  /** The heading of its facts on the run panel: "Import", "Connector". */
  factsHeading(t: Translate): string;
  /** What the tooltip adds under the facts: "Paused because: …". */
  notes?(source: SourceOfKind<K>, t: Translate): string[];
  /** What the run panel says of a failed run that came with no error text, when the kind knows why. */
  failureWithoutMessage?(t: Translate): string;
  /** What to do about a failed run's error, when its cause is known. */
  errorHint?(message: string, source: SourceOfKind<K>, options: PresentOptions): string | undefined;
}

export type SourceKinds = { readonly [K in SourceKind]: SourceKindModule<K> };

/** The module of a source's kind, typed for that source. */
export function kindModule<S extends Source>(kinds: SourceKinds, source: S): SourceKindModule<S['kind']> {
  return kinds[source.kind] as unknown as SourceKindModule<S['kind']>;
}
