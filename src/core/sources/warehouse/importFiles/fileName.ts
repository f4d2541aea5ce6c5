/** A file is named so: VS Code's `jsonValidation` and the commands find it by this ending. */
export const IMPORT_FILE_SUFFIX = '.mixpanel-import.json';

/** Whether a file is an import file, by its name alone: what can be asked before the rest is loaded. */
export function isImportFileName(fileName: string): boolean {
  return fileName.toLowerCase().endsWith(IMPORT_FILE_SUFFIX);
}
