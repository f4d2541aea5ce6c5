import { plainTranslate, Translate } from '../../shared/l10n';
import { Finding } from '../health/judgement';
import { SourceEntry } from '../model/entries';
import { needsAttention } from '../health/healthWords';
import { SOURCE_KINDS } from '../sources';
import { kindModule } from '../sources/kind';
import { sourceName } from './presenters';

/** What the tree shows: all sources, only those that need attention (a failed newest run or a health finding), and/or matching text. */
export interface SourceFilter {
  readonly needsAttention: boolean;
  readonly text: string;
}

export const NO_FILTER: SourceFilter = { needsAttention: false, text: '' };

export function isFiltering(filter: SourceFilter): boolean {
  return filter.needsAttention || filter.text.trim() !== '';
}

/** Case-insensitive on the name and on what the source's kind offers (a connector's bucket and prefix). */
export function matchesFilter(entry: SourceEntry, filter: SourceFilter, findings: readonly Finding[] = []): boolean {
  if (filter.needsAttention && !needsAttention(entry, findings)) {
    return false;
  }
  const needle = filter.text.trim().toLowerCase();
  if (!needle) {
    return true;
  }
  const { source } = entry;
  return [sourceName(source, plainTranslate), ...(kindModule(SOURCE_KINDS, source).searchable?.(source) ?? [])]
    .some((haystack) => haystack?.toLowerCase().includes(needle));
}

/** The sentence shown above the tree while a filter is on. */
export function describeFilter(filter: SourceFilter, shown: number, total: number, t: Translate): string | undefined {
  if (!isFiltering(filter)) {
    return undefined;
  }
  const text = filter.text.trim();
  const what = filter.needsAttention && text
    ? t('Sources needing attention matching "{0}"', text)
    : filter.needsAttention ? t('Sources needing attention') : t('Sources matching "{0}"', text);
  return t('{0}: {1} of {2}.', what, shown, total);
}
