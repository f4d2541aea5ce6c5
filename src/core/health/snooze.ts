import { Translate } from '../../shared/l10n';
import { isSourceKind, SourceRef, sourceKey } from '../model/source';
import { Finding, FINDING_KINDS, FindingKind } from './judgement';

/**
 * Snoozing a source's findings: for a while, or until its next successful run. A snoozed finding
 * is still judged and shown, as snoozed, but no door announces it and it does not count as
 * needing attention. One definition for the sidebar and the command line's state file.
 */

export type SnoozeUntil = { readonly kind: 'time'; readonly at: number } | { readonly kind: 'nextSuccess' };

export interface Snooze {
  readonly source: SourceRef;
  /** The finding kind snoozed; every finding of the source when left out. */
  readonly finding?: FindingKind;
  readonly until: SnoozeUntil;
  /** When it was snoozed: a success after this ends a snooze until the next success. */
  readonly since: number;
}

/** The longest a snooze may last: a forgotten one must not hide a source for good. */
export const MAX_SNOOZE_MS = 90 * 24 * 60 * 60_000;

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 60 * 60_000, d: 24 * 60 * 60_000, w: 7 * 24 * 60 * 60_000 };

/**
 * What a person writes for the end of a snooze: a duration (`30m`, `4h`, `2d`, `1w`), a date or
 * time (`2026-12-24`, `2026-12-24T09:00Z`), or `next-success`. Undefined when it is none of these,
 * in the past, or further away than {@link MAX_SNOOZE_MS}.
 */
export function parseSnoozeUntil(text: string, now: number): SnoozeUntil | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'next-success' || trimmed === 'nextsuccess') {
    return { kind: 'nextSuccess' };
  }
  const duration = /^(\d{1,6})\s*([mhdw])$/.exec(trimmed);
  const at = duration ? now + Number(duration[1]) * UNIT_MS[duration[2]] : /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? Date.parse(text.trim()) : Number.NaN;
  return Number.isFinite(at) && at > now && at - now <= MAX_SNOOZE_MS ? { kind: 'time', at } : undefined;
}

/** Whether a snooze has ended: its time passed, or the source succeeded since it was snoozed. */
export function snoozeEnded(snooze: Snooze, lastSuccess: number | undefined, now: number): boolean {
  return snooze.until.kind === 'time' ? snooze.until.at <= now : lastSuccess !== undefined && lastSuccess > snooze.since;
}

/** Whether a snooze in force covers this finding of this source. */
export function snoozeCovers(snooze: Snooze, ref: SourceRef, finding: Pick<Finding, 'kind'>): boolean {
  return sourceKey(snooze.source) === sourceKey(ref) && (snooze.finding === undefined || snooze.finding === finding.kind);
}

/** The snooze in force over a finding, if any: of several, the one that lasts longest. */
export function snoozeOf(snoozes: readonly Snooze[], ref: SourceRef, finding: Pick<Finding, 'kind'>): Snooze | undefined {
  const covering = snoozes.filter((snooze) => snoozeCovers(snooze, ref, finding));
  return covering.find((snooze) => snooze.until.kind === 'nextSuccess')
    ?? covering.sort((a, b) => (b.until.kind === 'time' ? b.until.at : 0) - (a.until.kind === 'time' ? a.until.at : 0))[0];
}

/** The snoozes still in force; `lastSuccessOf` says when each source last succeeded. */
export function snoozesInForce(snoozes: readonly Snooze[], lastSuccessOf: (ref: SourceRef) => number | undefined, now: number): Snooze[] {
  return snoozes.filter((snooze) => !snoozeEnded(snooze, lastSuccessOf(snooze.source), now));
}

/** A new snooze replaces any of the same source and finding. */
export function withSnooze(snoozes: readonly Snooze[], snooze: Snooze): Snooze[] {
  const same = (other: Snooze) => sourceKey(other.source) === sourceKey(snooze.source) && other.finding === snooze.finding;
  return [...snoozes.filter((other) => !same(other)), snooze];
}

/** "until Dec 24, 09:00" or "until the next success", from a formatter of times. */
export function snoozeUntilWords(until: SnoozeUntil, t: Translate, formatTime: (epochMs: number) => string): string {
  return until.kind === 'nextSuccess' ? t('until the next success') : t('until {0}', formatTime(until.at));
}

/** A snooze read back from a file or storage, checked field by field: anything else is dropped. */
export function snoozeFrom(value: unknown): Snooze | undefined {
  const candidate = value as Partial<Snooze> | null;
  const source = candidate?.source as Partial<SourceRef> | undefined;
  const until = candidate?.until as Partial<SnoozeUntil> | undefined;
  if (typeof candidate !== 'object' || candidate === null || typeof source !== 'object' || source === null
    || !Number.isSafeInteger(source.projectId) || !isSourceKind(source.kind) || typeof source.id !== 'string'
    || !Number.isFinite(candidate.since) || typeof until !== 'object' || until === null) {
    return undefined;
  }
  const parsedUntil: SnoozeUntil | undefined = until.kind === 'nextSuccess' ? { kind: 'nextSuccess' }
    : until.kind === 'time' && Number.isFinite((until as { at?: unknown }).at) ? { kind: 'time', at: Math.min((until as { at: number }).at, (candidate.since as number) + MAX_SNOOZE_MS) } : undefined;
  const finding = candidate.finding;
  if (!parsedUntil || (finding !== undefined && !FINDING_KINDS.includes(finding))) {
    return undefined;
  }
  return {
    source: { projectId: source.projectId as number, kind: source.kind, id: source.id },
    ...(finding !== undefined ? { finding } : {}),
    until: parsedUntil,
    since: candidate.since as number,
  };
}

/** The choices a door offers for a snooze, worded, each with its end. */
export function snoozeChoices(t: Translate, now: number): ReadonlyArray<{ readonly label: string; readonly until: SnoozeUntil }> {
  const hours = (count: number): SnoozeUntil => ({ kind: 'time', at: now + count * UNIT_MS.h });
  return [
    { label: t('Until the next successful run'), until: { kind: 'nextSuccess' } },
    { label: t('For 1 hour'), until: hours(1) },
    { label: t('For 4 hours'), until: hours(4) },
    { label: t('For 1 day'), until: hours(24) },
    { label: t('For 1 week'), until: hours(24 * 7) },
  ];
}
