import { truncate } from '../text/format';

/**
 * What a tool hands an agent: small, and with Mixpanel's text as data. A model reads every byte of
 * an answer, so a list is cut to a bound with a count of what was left out rather than grown, and
 * text from the API (names, table names, error messages) is quoted inside JSON strings, stripped of
 * what could hide or reorder it, and cut: never markup, never a link the agent did not ask for.
 */

/** The largest answer, in bytes of UTF-8: about 2,000 tokens, whatever the list. */
export const MAX_ANSWER_BYTES = 8 * 1024;

/** How long a piece of Mixpanel's text may be in an answer. */
export const TextBound = {
  name: 160,
  message: 1_000,
} as const;

/** Control characters, and the invisible ones that reorder or hide text (bidi overrides, zero widths). */
const HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** Text from the API as an answer carries it: visible characters only, whitespace as single spaces, cut to `max`. */
export function dataText(text: string, max: number = TextBound.name): string {
  return truncate(text.replace(HIDDEN, ''), max);
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** An answer as a tool returns it: JSON text, and whether it reports a refusal or a failure. */
export interface ToolAnswer {
  readonly text: string;
  readonly isError?: boolean;
}

export function answer(value: unknown): ToolAnswer {
  return { text: JSON.stringify(value) };
}

export function refusal(message: string, extra: Record<string, unknown> = {}): ToolAnswer {
  return { text: JSON.stringify({ error: message, ...extra }), isError: true };
}

/**
 * The answer with as many of `items` as fit in {@link MAX_ANSWER_BYTES}, in their order, and
 * `more`: how many were left out. `build` makes the whole answer from a slice.
 */
export function fitted<T>(items: readonly T[], build: (shown: readonly T[], more: number) => unknown, maxBytes = MAX_ANSWER_BYTES): ToolAnswer {
  const fits = (count: number) => byteLength(JSON.stringify(build(items.slice(0, count), items.length - count))) <= maxBytes;
  if (fits(items.length)) {
    return answer(build(items, 0));
  }
  // The largest count that fits: answers grow with the count, so a binary search finds it.
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return answer(build(items.slice(0, low), items.length - low));
}
