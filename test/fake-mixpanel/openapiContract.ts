import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as yaml from 'js-yaml';
import { FIXTURES_FOLDER } from './fixtures';

/**
 * One of Mixpanel's OpenAPI documents, read as written, with its operations and a validator for
 * any of its schemas: what the contract test checks requests and answers with, and what the fake
 * server checks request bodies with.
 */

export type Json = Record<string, unknown>;

export interface Operation {
  readonly template: string;
  readonly method: string;
  readonly operation: Json;
  readonly pathParameters: ReadonlyArray<{ name: string; schema?: { type?: string } }>;
  /** Matches a request path below the API base (`/projects/1/…`), capturing the path parameters in order. */
  readonly pattern: RegExp;
}

export interface Contract {
  readonly name: string;
  readonly document: Json;
  readonly operations: Operation[];
  readonly schemas: Record<string, Json>;
  /** Compiles a schema of the document (its `$ref`s resolve inside the document). */
  readonly validator: (schema: unknown) => ValidateFunction;
}

export const OPENAPI_FOLDER = path.join(FIXTURES_FOLDER, 'openapi');
export const WAREHOUSE_DOCUMENT = 'warehouse-connectors.openapi.HEAD.yaml';
export const CLOUD_IMPORT_DOCUMENT = 'connectors.openapi.pre-removal.yaml';

/** The document as parsed YAML: plain data, no refs resolved. */
export function readOpenApi(file: string): Json {
  return yaml.load(fs.readFileSync(path.join(OPENAPI_FOLDER, file), 'utf8')) as Json;
}

const loaded = new Map<string, Contract>();

/** Read once per process: Ajv compiles lazily, so loading costs only the YAML parse. */
export function loadContract(file: string): Contract {
  const known = loaded.get(file);
  if (known) {
    return known;
  }
  const document = readOpenApi(file);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // Ajv follows refs into `definitions`, not into OpenAPI's `components`: the schemas move there.
  const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  ajv.addSchema({ $id: file, definitions: rewriteRefs(schemas, '') });
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths as Record<string, Json>)) {
    const shared = (item.parameters as Json[] | undefined) ?? [];
    for (const method of ['get', 'put', 'patch', 'post', 'delete']) {
      const operation = item[method] as Json | undefined;
      if (operation) {
        const parameters = [...shared, ...((operation.parameters as Json[] | undefined) ?? [])] as Array<{ name: string; in: string; schema?: { type?: string } }>;
        const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '([^/]+)')}$`);
        operations.push({ template, method: method.toUpperCase(), operation, pathParameters: parameters.filter((parameter) => parameter.in === 'path'), pattern });
      }
    }
  }
  let count = 0;
  const contract: Contract = {
    name: file,
    document,
    operations,
    schemas,
    validator: (schema) => ajv.compile({ $id: `check-${count++}-${file}`, ...rewriteRefs(schema, file) as Json }),
  };
  loaded.set(file, contract);
  return contract;
}

/** `#/components/schemas/X` refs point to `<file>#/definitions/X`, where Ajv keeps the document's schemas. */
function rewriteRefs(schema: unknown, file: string): unknown {
  if (Array.isArray(schema)) {
    return schema.map((item) => rewriteRefs(item, file));
  }
  if (typeof schema === 'object' && schema !== null) {
    return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')
      ? `${file}#/definitions/${value.slice('#/components/schemas/'.length)}`
      : rewriteRefs(value, file)]));
  }
  return schema;
}

export function schemaOf(content: unknown): unknown {
  return (content as { 'application/json'?: { schema?: unknown } } | undefined)?.['application/json']?.schema;
}

/** The operation a request path (below the API base, no query) and method belong to, with its path parameters. */
export function findOperation(contract: Contract, method: string, pathBelowBase: string): { operation: Operation; values: Record<string, string> } | undefined {
  for (const operation of contract.operations) {
    const match = operation.pattern.exec(pathBelowBase);
    if (match && operation.method === method) {
      const names = [...operation.template.matchAll(/\{(\w+)\}/g)].map((found) => found[1]);
      return { operation, values: Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1])])) };
    }
  }
  return undefined;
}

const bodyValidators = new Map<Operation, ValidateFunction | null>();

/**
 * What is wrong with a request body by the operation's request schema, in Ajv's words; undefined
 * when it is valid or the operation takes no body schema. A required body that is missing fails.
 */
export function requestBodyProblems(contract: Contract, operation: Operation, body: unknown): string | undefined {
  let validate = bodyValidators.get(operation);
  if (validate === undefined) {
    const schema = schemaOf((operation.operation.requestBody as Json | undefined)?.content);
    validate = schema ? contract.validator(schema) : null;
    bodyValidators.set(operation, validate);
  }
  if (!validate) {
    return undefined;
  }
  const required = (operation.operation.requestBody as Json | undefined)?.required === true;
  if (body === undefined) {
    return required ? 'A request body is required.' : undefined;
  }
  if (validate(body)) {
    return undefined;
  }
  return (validate.errors ?? []).map((error) => `${error.instancePath || 'body'} ${error.message ?? 'is invalid'}${error.params && 'allowedValues' in error.params ? ` (${(error.params.allowedValues as unknown[]).join(', ')})` : ''}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`).join('; ');
}
