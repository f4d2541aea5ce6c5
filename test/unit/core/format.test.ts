import * as assert from 'assert';
import { inertText, TextLimit, truncate } from '../../../src/core/format';

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
