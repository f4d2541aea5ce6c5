import * as assert from 'assert';
import {
  formatAge, formatBytes, formatCount, formatDuration, formatLocalDateTime, formatPercent, formatRecentTime, inertText, TextLimit, truncate, UNKNOWN,
} from '../../../../src/core/text/format';
import { plainTranslate as t } from '../../../../src/shared/l10n';

/**
 * How VS Code finds links in notification and error messages (`parseLinkedText` in its base
 * library) and icons in quick picks: what these patterns match would come alive.
 */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const VSCODE_ICON = /\$\(([a-z0-9-]+(?:~[a-z0-9-]+)?)\)/gi;

describe('text for VS Code\'s own widgets', () => {
  const hostile = 'Bad file [Open a terminal](command:workbench.action.terminal.new) or [log in](https://evil.example.com/login "Mixpanel") $(warning) $(sync~spin)';

  it('leaves no link and no icon alive, and reads the same', () => {
    const text = inertText(hostile);
    assert.strictEqual(text.match(VSCODE_LINK), null, text);
    assert.strictEqual(text.match(VSCODE_ICON), null, text);
    assert.strictEqual(text.replace(/\u200B/g, ''), hostile);
  });

  it('makes one line of at most the limit', () => {
    const long = `first line\nsecond line ${'x'.repeat(12_000)}`;
    const text = inertText(long, TextLimit.notification);
    assert.ok(text.length <= TextLimit.notification, `${text.length}`);
    assert.ok(!text.includes('\n'));
    assert.ok(text.endsWith('…'));
    assert.strictEqual(inertText('short'), 'short');
  });

  it('truncates with an ellipsis only when needed', () => {
    assert.strictEqual(truncate('a  b\n c', 10), 'a b c');
    assert.strictEqual(truncate('abcdefghij', 5), 'abcd…');
  });
});

describe('formatters of numbers from the API', () => {
  const hostile = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.7e18, -8.64e15 - 1];
  const now = Date.UTC(2026, 11, 1, 12);

  it('never throw, and show a dash for what cannot be shown', () => {
    for (const value of hostile) {
      const shown = [
        formatLocalDateTime(value), formatRecentTime(value, now), formatRecentTime(now, value), formatAge(value, now, t),
        formatDuration(value, t), formatCount(value), formatBytes(value), formatPercent(value, t),
      ];
      for (const text of shown) {
        assert.ok(!/NaN|Infinity|Invalid/.test(text), `${value}: ${text}`);
      }
    }
    assert.strictEqual(formatLocalDateTime(1.7e18), UNKNOWN, 'a time in nanoseconds is past what a Date holds');
    assert.strictEqual(formatDuration(Number.NaN, t), UNKNOWN);
  });

  it('still format what can be shown', () => {
    assert.strictEqual(formatDuration(90_000, t), '1 min');
    assert.strictEqual(formatCount(1200, 'en-US'), '1,200');
    assert.match(formatLocalDateTime(now, { locale: 'en-US', timeZone: 'UTC' }), /Dec 1, 2026/);
  });
});
