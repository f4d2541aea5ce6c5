/**
 * The JSON Schema of an import file, made from Mixpanel's OpenAPI document of the Warehouse API
 * at build time: one definition per import type, each the request schema of that type's create
 * operation, plus the few fields the file adds (the project, the import's id once applied, the
 * warehouse source's name). Nothing of Mixpanel's is copied by hand: a new field, a new schedule
 * or a new import type in the document reaches the editor with the next build.
 */

type Json = Record<string, unknown>;

/** What the generated schema carries for the extension itself, beside what the editor reads. */
export interface ImportFileMeta {
  /** Per creatable import type: the create operation's path template and its request fields, in the document's order. */
  readonly create: Readonly<Record<string, { readonly path: string; readonly fields: readonly string[]; readonly required: readonly string[] }>>;
  /** The fields a PATCH changes in place, besides `paused`, which the file does not hold. */
  readonly inPlace: readonly string[];
  /** Every import type the document names, creatable or not. */
  readonly importTypes: readonly string[];
}

export interface ImportFileSchema extends Json {
  readonly 'x-mixpanel': ImportFileMeta;
}

/** The file's own fields, which are not sent to Mixpanel as they are. */
export const FILE_FIELDS = {
  projectId: 'project_id',
  importId: 'import_id',
  sourceName: 'warehouse_source_name',
  schema: '$schema',
} as const;

export const SOURCE_ID_FIELD = 'warehouse_source_id';

/** Where the build (esbuild.js) writes the schema, in the extension; package.json's `jsonValidation` points there. */
export const SCHEMA_PATH = ['dist', 'schemas', 'mixpanel-import.schema.json'] as const;

export { IMPORT_FILE_SUFFIX } from './fileName';

const OWN_PROPERTIES: Json = {
  [FILE_FIELDS.schema]: { type: 'string', description: 'The JSON Schema of this file, for editors other than VS Code.' },
  [FILE_FIELDS.projectId]: {
    type: 'integer',
    minimum: 1,
    description: 'The Mixpanel project the import belongs to. To copy the import to another project, change this and remove "import_id".',
  },
  [FILE_FIELDS.importId]: {
    type: 'integer',
    minimum: 1,
    description: 'The import\'s id in Mixpanel, written here when the file is applied. Without it, Apply creates a new import.',
  },
  [FILE_FIELDS.sourceName]: {
    type: 'string',
    minLength: 1,
    description: 'The warehouse source by name. When the project has a source of this name, its id is used, so the same file applies to another project whose source has the same name.',
  },
};

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * OpenAPI 3.0 schema → JSON Schema draft-07: `nullable` becomes a `null` type, refs point into the
 * file's `definitions`, descriptions also show as Markdown in hovers.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    return schema.map(toJsonSchema);
  }
  if (!isJson(schema)) {
    return schema;
  }
  const converted: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || key === 'example') {
      continue;
    }
    if (key === '$ref' && typeof value === 'string') {
      converted.$ref = value.replace('#/components/schemas/', '#/definitions/');
    } else if (key === 'properties' && isJson(value)) {
      converted.properties = Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, toJsonSchema(inner)]));
    } else {
      converted[key] = toJsonSchema(value);
    }
  }
  if (typeof schema.description === 'string') {
    converted.markdownDescription = schema.description;
  }
  if (schema.example !== undefined) {
    converted.examples = [schema.example];
  }
  if (schema.nullable === true) {
    if (typeof converted.type === 'string') {
      converted.type = [converted.type, 'null'];
    }
    if (Array.isArray(converted.enum)) {
      converted.enum = [...converted.enum as unknown[], null];
    }
    if (converted.$ref !== undefined) {
      return { anyOf: [{ $ref: converted.$ref }, { type: 'null' }] };
    }
  }
  const labels = enumLabels(schema);
  if (labels) {
    converted.enumDescriptions = labels;
  }
  return converted;
}

/**
 * Labels for an enum from the document's own description, where it lists the values
 * ("- `3600000000000` - Hourly"): completion then says "Hourly" beside the number.
 */
function enumLabels(schema: Json): string[] | undefined {
  if (!Array.isArray(schema.enum) || typeof schema.description !== 'string') {
    return undefined;
  }
  const description = schema.description;
  const labels = schema.enum.map((value) => new RegExp(`\`${String(value)}\`\\s*[-:]\\s*(.+)`).exec(description)?.[1].trim());
  return labels.every((label) => label !== undefined) ? labels as string[] : undefined;
}

function resolve(document: Json, schema: unknown): Json | undefined {
  if (isJson(schema) && typeof schema.$ref === 'string' && schema.$ref.startsWith('#/components/schemas/')) {
    const components = (document.components as Json | undefined)?.schemas as Json | undefined;
    return resolve(document, components?.[schema.$ref.slice('#/components/schemas/'.length)]);
  }
  return isJson(schema) ? schema : undefined;
}

/** Every schema the definitions refer to, so the file's schema is whole without the document. */
function referencedNames(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    schema.forEach((item) => referencedNames(item, found));
  } else if (isJson(schema)) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        found.add(value.slice('#/components/schemas/'.length));
      } else {
        referencedNames(value, found);
      }
    }
  }
  return found;
}

/** The schema of `*.mixpanel-import.json` files, from the Warehouse API's OpenAPI document. */
export function importFileSchema(document: unknown): ImportFileSchema {
  if (!isJson(document) || !isJson(document.paths)) {
    throw new Error('Not an OpenAPI document: it has no paths.');
  }
  const components = ((document.components as Json | undefined)?.schemas ?? {}) as Json;
  const create: Record<string, { path: string; fields: string[]; required: string[] }> = {};
  const definitions: Json = {};
  const usedComponents = new Set<string>();
  for (const [template, item] of Object.entries(document.paths)) {
    const post = isJson(item) ? item.post : undefined;
    const bodySchema = isJson(post) ? (((post.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema : undefined;
    const request = resolve(document, bodySchema);
    const typeEnum = (request?.properties as Json | undefined)?.import_type as Json | undefined;
    // A create operation is a POST whose body names exactly one import type.
    if (!request || !Array.isArray(typeEnum?.enum) || typeEnum.enum.length !== 1 || typeof typeEnum.enum[0] !== 'string') {
      continue;
    }
    const importType = typeEnum.enum[0];
    const properties = request.properties as Json;
    create[importType] = { path: template, fields: Object.keys(properties), required: (request.required as string[] | undefined) ?? [] };
    referencedNames(properties).forEach((name) => usedComponents.add(name));
    definitions[importType] = {
      type: 'object',
      description: isJson(post) && typeof post.summary === 'string' ? post.summary : undefined,
      required: [FILE_FIELDS.projectId, ...(request.required as string[] | undefined) ?? []],
      properties: { ...OWN_PROPERTIES, ...toJsonSchema(properties) as Json },
      // A misspelt field is not sent unnoticed.
      additionalProperties: false,
    };
  }
  if (Object.keys(create).length === 0) {
    throw new Error('The OpenAPI document has no create operation for imports.');
  }
  // Components refer to components: follow them until nothing new is named.
  for (let size = -1; size !== usedComponents.size;) {
    size = usedComponents.size;
    for (const name of [...usedComponents]) {
      referencedNames(components[name]).forEach((inner) => usedComponents.add(inner));
    }
  }
  for (const name of usedComponents) {
    definitions[name] = toJsonSchema(components[name]);
  }
  const patch = resolve(document, (components as Json).PatchWarehouseImportRequest);
  const inPlace = Object.keys((patch?.properties as Json | undefined) ?? {}).filter((field) => field !== 'paused');
  const typeSchema = resolve(document, components.ImportType);
  const importTypes = Array.isArray(typeSchema?.enum) ? typeSchema.enum.filter((value): value is string => typeof value === 'string') : Object.keys(create);
  const creatable = Object.keys(create);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Mixpanel warehouse import',
    description: `A Mixpanel warehouse import, as its create request (${String((document.info as Json | undefined)?.title ?? 'Warehouse Connectors API')} ${String((document.info as Json | undefined)?.version ?? '')}) plus the project it belongs to.`.replace(' )', ')'),
    type: 'object',
    required: [FILE_FIELDS.projectId, 'import_type'],
    properties: {
      ...OWN_PROPERTIES,
      import_type: {
        type: 'string',
        enum: importTypes,
        description: `What is imported. Mixpanel creates ${creatable.join(', ')}; an existing import of another type can only have its schedule changed.`,
      },
    },
    allOf: creatable.map((importType) => ({
      if: { properties: { import_type: { const: importType } }, required: ['import_type'] },
      then: { $ref: `#/definitions/${importType}` },
    })),
    definitions,
    'x-mixpanel': { create, inPlace, importTypes },
  };
}
