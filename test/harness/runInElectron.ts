import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { PROJECT_ROOT } from './codeServer';

/**
 * The same integration suite in the desktop VS Code, for machines that can download it from
 * Microsoft's update server (set VSCODE_TEST_VERSION to pin one, default 1.100.3).
 */
async function main(): Promise<void> {
  await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? '1.100.3',
    extensionDevelopmentPath: PROJECT_ROOT,
    extensionTestsPath: path.join(PROJECT_ROOT, 'out', 'test', 'integration', 'index'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error: unknown) => {
  console.error('The integration suite failed or VS Code could not be downloaded:', error);
  process.exit(1);
});
