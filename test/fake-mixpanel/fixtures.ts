import * as fs from 'fs';
import * as path from 'path';

/** Where the published samples and Mixpanel's OpenAPI documents are kept, found from wherever the tests were compiled to. */

function findFixturesFolder(): string {
  let folder = __dirname;
  for (;;) {
    const candidate = path.join(folder, 'test', 'fixtures');
    if (fs.existsSync(path.join(candidate, 'connectors-list.json'))) {
      return candidate;
    }
    const parent = path.dirname(folder);
    if (parent === folder) {
      throw new Error('test/fixtures not found above ' + __dirname);
    }
    folder = parent;
  }
}

export const FIXTURES_FOLDER = findFixturesFolder();

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(FIXTURES_FOLDER, name), 'utf8');
}
