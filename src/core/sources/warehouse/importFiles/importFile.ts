import { applyEdits, findNodeAtLocation, modify, Node, parse, parseTree, ParseError, printParseErrorCode, visit } from 'jsonc-parser';
import { WarehouseImport, WarehouseSourceInfo } from '../../../../mixpanel/types';
import { FILE_FIELDS, ImportFileMeta, SOURCE_ID_FIELD } from './schema';
import { IMPORT_FILE_SUFFIX } from './fileName';

export { isImportFileName } from './fileName';

/**
 * An import file (`*.mixpanel-import.json`): the create request's fields as Mixpanel names them,
 * plus the project, the import's id once applied, and the warehouse source's name. Read with
 * jsonc-parser, VS Code's own JSON reader, so every field can be placed back in the text (for a
 * diagnostic) and the file is edited without reformatting it (when an id is written back).
 */

export type Json = Record<string, unknown>;

export interface ImportFile {
  readonly projectId: number;
  readonly importId?: number;
  readonly sourceName?: string;
  /** The create request's fields as written: everything but the file's own. */
  readonly request: Readonly<Json>;
  /** Every key, in the order the file has them. */
  readonly keys: readonly string[];
}

/** Why a text is not an import file at all (the schema's squiggles say the rest). */
export type FileProblem =
  | { readonly kind: 'notJson'; readonly offset: number; readonly length: number; readonly code: string }
  | { readonly kind: 'notAnObject' }
  | { readonly kind: 'noProject' }
  /** Larger than any import file: not read (checking it would hold the editor). */
  | { readonly kind: 'tooLarge'; readonly limit: number }
  /** A key such as `__proto__`, which a reader takes for the object's prototype: it could hide `project_id`. */
  | { readonly kind: 'reservedKey'; readonly key: string };

/** An import file is a couple of kilobytes; one of this many characters is no import file. */
export const MAX_IMPORT_FILE_CHARS = 256 * 1024;

const RESERVED_KEYS = new Set(['__proto__']);

/** The first key anywhere in the text that a reader would take for something else than a field. */
function reservedKeyIn(text: string): string | undefined {
  let found: string | undefined;
  visit(text, {
    onObjectProperty: (name) => {
      if (found === undefined && RESERVED_KEYS.has(name)) {
        found = name;
      }
    },
  });
  return found;
}

export type ReadFile = { readonly file: ImportFile } | { readonly problem: FileProblem };

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

export function readImportFile(text: string): ReadFile {
  if (text.length > MAX_IMPORT_FILE_CHARS) {
    return { problem: { kind: 'tooLarge', limit: MAX_IMPORT_FILE_CHARS } };
  }
  const reserved = reservedKeyIn(text);
  if (reserved !== undefined) {
    return { problem: { kind: 'reservedKey', key: reserved } };
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) {
    return { problem: { kind: 'notJson', offset: errors[0].offset, length: errors[0].length, code: printParseErrorCode(errors[0].error) } };
  }
  if (!isJson(value)) {
    return { problem: { kind: 'notAnObject' } };
  }
  const projectId = positiveInteger(value[FILE_FIELDS.projectId]);
  if (projectId === undefined) {
    return { problem: { kind: 'noProject' } };
  }
  const own = new Set<string>(Object.values(FILE_FIELDS));
  const request = Object.fromEntries(Object.entries(value).filter(([key]) => !own.has(key)));
  const sourceName = value[FILE_FIELDS.sourceName];
  return {
    file: {
      projectId,
      importId: positiveInteger(value[FILE_FIELDS.importId]),
      sourceName: typeof sourceName === 'string' && sourceName.trim() !== '' ? sourceName : undefined,
      request,
      keys: Object.keys(value),
    },
  };
}

/** The create request's fields of an import type; for a type Mixpanel cannot create, those of every type. */
export function requestFields(meta: ImportFileMeta, importType: unknown): readonly string[] {
  const known = typeof importType === 'string' && Object.hasOwn(meta.create, importType) ? meta.create[importType] : undefined;
  return known ? known.fields : [...new Set(Object.values(meta.create).flatMap((operation) => operation.fields))];
}

/**
 * A live import as the file that would create it: the fields of its type's create request that
 * Mixpanel holds (absent and null ones left out), in the document's order, after the project, the
 * id and the source's name.
 */
export function importFileOf(live: WarehouseImport, source: WarehouseSourceInfo | undefined, meta: ImportFileMeta): Json {
  const raw = isJson(live.raw) ? live.raw : {};
  const file: Json = {
    [FILE_FIELDS.projectId]: live.projectId,
    [FILE_FIELDS.importId]: live.id,
  };
  if (source?.name) {
    file[FILE_FIELDS.sourceName] = source.name;
  }
  for (const field of requestFields(meta, raw.import_type)) {
    if (raw[field] !== undefined && raw[field] !== null) {
      file[field] = raw[field];
    }
  }
  return file;
}

export function importFileText(file: Json): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A file name for an import: its table (or its type and id), in letters, digits, dots and dashes. */
export function importFileName(live: WarehouseImport, table: string | undefined): string {
  const stem = (table ?? `${live.importType ?? 'import'}-${live.id}`).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80);
  return `${stem || `import-${live.id}`}${IMPORT_FILE_SUFFIX}`;
}

/** Where a field's value is in the text (or its key's, for a field that is absent: the object's start). */
export interface TextRange {
  readonly offset: number;
  readonly length: number;
}

/** The range of a field's value, by its path (`['table_params', 'table']`); the whole object when it is absent. */
export function fieldRange(text: string, path: readonly (string | number)[]): TextRange | undefined {
  return fieldLocator(text)(path);
}

/** {@link fieldRange} for many fields of one text, which is parsed once. */
export function fieldLocator(text: string): (path: readonly (string | number)[]) => TextRange | undefined {
  const root = parseTree(text);
  return (path) => (root ? rangeInTree(root, path) : undefined);
}

function rangeInTree(root: Node, path: readonly (string | number)[]): TextRange {
  for (let depth = path.length; depth > 0; depth--) {
    const node = findNodeAtLocation(root, [...path.slice(0, depth)]);
    if (node) {
      // The key and its value, so the squiggle starts where the reader looks.
      const property = node.parent?.type === 'property' ? node.parent : node;
      return { offset: property.offset, length: property.length };
    }
  }
  return { offset: root.offset, length: Math.min(root.length, 1) };
}

/** The text with fields set, formatted as the file already is: only what changes is touched. */
export function withFields(text: string, fields: Readonly<Json>): string {
  let updated = text;
  const tabs = /\n\t/.test(text);
  const indent = /\n( +)"/.exec(text)?.[1].length ?? 2;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  for (const [field, value] of Object.entries(fields)) {
    // A new id goes right after the project, where export puts it.
    const edits = modify(updated, [field], value, {
      formattingOptions: { insertSpaces: !tabs, tabSize: indent, eol },
      getInsertionIndex: (properties) => Math.max(0, properties.indexOf(FILE_FIELDS.projectId) + 1),
    });
    updated = applyEdits(updated, edits);
  }
  return updated;
}

/** The file as it reads once `fields` are written into it (`withFields` on its text): the id after the project. */
export function withAppliedFields(file: ImportFile, fields: Readonly<Json>): ImportFile {
  const keys = [...file.keys];
  for (const field of Object.keys(fields).filter((key) => !keys.includes(key))) {
    keys.splice(Math.max(0, keys.indexOf(FILE_FIELDS.projectId) + 1), 0, field);
  }
  const { [FILE_FIELDS.importId]: importId, ...requestFields } = fields;
  return { ...file, importId: positiveInteger(importId) ?? file.importId, request: { ...file.request, ...requestFields }, keys };
}

/** The id written back after a create, and the source's id where it was found by name. */
export function appliedFields(importId: number, sourceId: number | undefined, file: ImportFile): Json {
  const fields: Json = { [FILE_FIELDS.importId]: importId };
  if (sourceId !== undefined && file.request[SOURCE_ID_FIELD] !== sourceId) {
    fields[SOURCE_ID_FIELD] = sourceId;
  }
  return fields;
}
