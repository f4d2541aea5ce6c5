import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { report } from './index';

const EXTENSION_ID = 'mixpanel-connectors.mixpanel-connectors';

describe('activation', () => {
  it('activates in the real VS Code and contributes its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension is loaded');
    await extension.activate();
    assert.ok(extension.isActive);
    const manifest = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command } of manifest.contributes.commands) {
      assert.ok(registered.has(command), `${command} has a handler`);
    }
    report(`      (inside VS Code ${vscode.version}, ${vscode.env.appHost})`);
  });
});
