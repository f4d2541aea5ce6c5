import * as assert from 'assert';
import * as path from 'path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { MixpanelClient } from '../../src/mixpanel/client';
import { FakeMixpanel, RecordedRequest } from '../fake-mixpanel/fakeMixpanel';
import { addSampleProject, addWarehouseSample, FIXTURES_FOLDER, SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';

/**
 * Mixpanel's own OpenAPI documents are the contract: every request the client makes and every
 * answer the fake server gives must be valid against them, and the client must read each
 * operation's example. Checked with swagger-parser (the documents) and Ajv (the schemas).
 */

type Json = Record<string, unknown>;

interface Operation {
  readonly template: string;
  readonly method: string;
  readonly operation: Json;
  readonly pathParameters: ReadonlyArray<{ name: string; schema?: { type?: string } }>;
}

interface Contract {
  readonly name: string;
  readonly operations: Operation[];
  readonly schemas: Record<string, Json>;
  /** Compiles a schema of the document (its `$ref`s resolve inside the document). */
  readonly validator: (schema: unknown) => ValidateFunction;
}

const OPENAPI = path.join(FIXTURES_FOLDER, 'openapi');

async function load(file: string, { dereference }: { dereference: boolean }): Promise<Contract> {
  // The Cloud Import document refers to files Mixpanel did not publish (its servers and shared
  // parameters): it is read as written and only its own components are resolved.
  const document = (dereference ? await SwaggerParser.dereference(path.join(OPENAPI, file)) : await SwaggerParser.parse(path.join(OPENAPI, file))) as unknown as Json;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // Ajv follows refs into `definitions`, not into OpenAPI's `components`: the schemas move there.
  ajv.addSchema({ $id: file, definitions: rewriteRefs((document.components as Json).schemas, '') });
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths as Record<string, Json>)) {
    const shared = (item.parameters as Json[] | undefined) ?? [];
    for (const method of ['get', 'put', 'patch', 'post', 'delete']) {
      const operation = item[method] as Json | undefined;
      if (operation) {
        const parameters = [...shared, ...((operation.parameters as Json[] | undefined) ?? [])] as Array<{ name: string; in: string; schema?: { type?: string }; $ref?: string }>;
        operations.push({ template, method: method.toUpperCase(), operation, pathParameters: parameters.filter((parameter) => parameter.in === 'path') });
      }
    }
  }
  let count = 0;
  return {
    name: file,
    operations,
    schemas: (document.components as { schemas: Record<string, Json> }).schemas,
    validator: (schema) => ajv.compile({ $id: `check-${count++}-${file}`, ...rewriteRefs(schema, file) as Json }),
  };
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

function find(contracts: Contract[], request: RecordedRequest): { contract: Contract; operation: Operation; values: Record<string, string> } | undefined {
  const pathname = request.path.split('?')[0].replace(/^\/api\/app/, '');
  for (const contract of contracts) {
    for (const operation of contract.operations) {
      const names: string[] = [];
      const pattern = new RegExp(`^${operation.template.replace(/\{(\w+)\}/g, (_, name: string) => { names.push(name); return '([^/]+)'; })}$`);
      const match = pattern.exec(pathname);
      if (match && operation.method === request.method) {
        return { contract, operation, values: Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1])])) };
      }
    }
  }
  return undefined;
}

function schemaOf(content: unknown): unknown {
  return (content as { 'application/json'?: { schema?: unknown } } | undefined)?.['application/json']?.schema;
}

/** An instance of a schema made of its examples, or of the simplest value of each type. */
function exampleOf(schema: Json | undefined): unknown {
  if (!schema) {
    return {};
  }
  if (schema.example !== undefined) {
    return schema.example;
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((part) => exampleOf(part as Json)));
  }
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    return exampleOf(((schema.oneOf ?? schema.anyOf) as Json[])[0]);
  }
  if (Array.isArray(schema.enum)) {
    return schema.enum[0];
  }
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries((schema.properties as Record<string, Json> | undefined) ?? {}).map(([key, value]) => [key, exampleOf(value)]));
    case 'array':
      return [exampleOf(schema.items as Json)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'string':
      return schema.format === 'date-time' ? '2026-03-02T10:15:00Z' : 'text';
    default:
      return {};
  }
}

describe('the client and the fake server against Mixpanel\'s OpenAPI documents', function () {
  this.timeout(20_000);
  let contracts: Contract[];
  let warehouse: Contract;
  let server: FakeMixpanel;
  let client: MixpanelClient;

  before(async () => {
    await SwaggerParser.validate(path.join(OPENAPI, 'warehouse-connectors.openapi.HEAD.yaml'));
    warehouse = await load('warehouse-connectors.openapi.HEAD.yaml', { dereference: true });
    contracts = [warehouse, await load('connectors.openapi.pre-removal.yaml', { dereference: false })];
  });

  beforeEach(async () => {
    server = new FakeMixpanel();
    addWarehouseSample(addSampleProject(server));
    await server.start();
    client = new MixpanelClient({ credentials: { username: server.username, secret: server.secret }, region: 'us', baseUrl: server.baseUrl, userAgent: 'contract' });
  });

  afterEach(() => server.stop());

  it('every request the client makes and every answer the fake gives are valid, operation by operation', async () => {
    await client.listConnectors(SAMPLE_PROJECT_ID);
    await client.getConnector(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID);
    await client.listRuns(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID);
    await client.listWarehouseImports(SAMPLE_PROJECT_ID);
    await client.getWarehouseImport(SAMPLE_PROJECT_ID, SAMPLE_IMPORT_ID);
    await client.listWarehouseRuns(SAMPLE_PROJECT_ID, SAMPLE_IMPORT_ID);
    await client.startWarehouseSync(SAMPLE_PROJECT_ID, SAMPLE_IMPORT_ID);
    await client.updateWarehouseImport(SAMPLE_PROJECT_ID, SAMPLE_IMPORT_ID, { paused: true, runEveryNs: 86_400_000_000_000 });
    const checked = new Set<string>();
    for (const request of server.requests) {
      const found = find(contracts, request);
      assert.ok(found, `${request.method} ${request.path} is an operation of the documents`);
      const { contract, operation, values } = found;
      checked.add(String(operation.operation.operationId));
      for (const parameter of operation.pathParameters) {
        if (parameter.schema?.type === 'integer') {
          assert.match(values[parameter.name], /^\d+$/, `${parameter.name} is an integer`);
        }
      }
      const requestSchema = schemaOf((operation.operation.requestBody as Json | undefined)?.content);
      if (requestSchema) {
        const validate = contract.validator(requestSchema);
        assert.ok(validate(request.body), `${operation.operation.operationId} request: ${JSON.stringify(validate.errors)}`);
      } else if (operation.operation.requestBody) {
        assert.deepStrictEqual(request.body, {}, 'a body without a schema is an empty JSON object');
      }
      const answer = request.response!;
      const schema = schemaOf(((operation.operation.responses as Json)[String(answer.status)] as Json | undefined)?.content);
      assert.ok(schema, `${operation.operation.operationId} documents a ${answer.status} answer`);
      const body = JSON.parse(answer.text) as Json;
      if (contract === warehouse) {
        const validate = contract.validator(schema);
        assert.ok(validate(body), `${operation.operation.operationId} answer: ${JSON.stringify(validate.errors)}`);
      } else if (operation.operation.operationId !== 'get-connector') {
        // The variant checked for Cloud Import: the fake serves the published samples byte for
        // byte, which wrap the lists in {status, results} and break the document's record schema
        // (url and status null, created_by a string, a GCS connector without the S3 fields its
        // oneOf asks for). The page itself is checked: the document's {url, has_more, data}.
        const page = body.results as Json;
        assert.ok(page.url === null || typeof page.url === 'string', 'url: a string, or null as in every sample');
        assert.strictEqual(typeof page.has_more, 'boolean');
        assert.ok(Array.isArray(page.data));
      }
    }
    assert.deepStrictEqual([...checked].sort(), ['get-connector', 'get-connector-logs', 'get-connectors', 'get-import-history', 'get-warehouse-import', 'list-warehouse-imports', 'run-an-import', 'update-warehouse-import']);
  });

  it('the fake refuses what the documents refuse: a PATCH without run_every', async () => {
    const put = await fetch(`${server.baseUrl}/projects/${SAMPLE_PROJECT_ID}/warehouse-sources/imports/${SAMPLE_IMPORT_ID}`, {
      method: 'PATCH',
      headers: { Authorization: `Basic ${Buffer.from(`${server.username}:${server.secret}`).toString('base64')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ paused: true }),
    });
    assert.strictEqual(put.status, 400);
    const schema = (warehouse.operations.find((operation) => operation.operation.operationId === 'update-warehouse-import')!.operation.requestBody as Json).content;
    assert.strictEqual(warehouse.validator(schemaOf(schema))({ paused: true }), false, 'the schema says so too');
  });

  it('the client reads each operation\'s own example from the documents', async () => {
    const calls: Record<string, () => Promise<unknown>> = {
      'get-connectors': () => client.listConnectors(SAMPLE_PROJECT_ID),
      'get-connector': () => client.getConnector(SAMPLE_PROJECT_ID, 'abc'),
      'get-connector-logs': () => client.listRuns(SAMPLE_PROJECT_ID, 'abc'),
      'list-warehouse-imports': () => client.listWarehouseImports(SAMPLE_PROJECT_ID),
      'get-warehouse-import': () => client.getWarehouseImport(SAMPLE_PROJECT_ID, 1),
      'get-import-history': () => client.listWarehouseRuns(SAMPLE_PROJECT_ID, 1),
      'run-an-import': () => client.startWarehouseSync(SAMPLE_PROJECT_ID, 1),
      'update-warehouse-import': () => client.updateWarehouseImport(SAMPLE_PROJECT_ID, 1, { paused: false, runEveryNs: 0 }),
    };
    for (const contract of contracts) {
      for (const { operation, method, template } of contract.operations) {
        const call = calls[String(operation.operationId)];
        if (!call) {
          continue;
        }
        const schema = schemaOf(((operation.responses as Json)['200'] as Json).content) as Json | undefined;
        const example = exampleOf(schema && expand(contract, schema));
        const route = new RegExp(`^/api/app${template.replace(/\{\w+\}/g, '[^/]+')}$`);
        server.addFault({ kind: 'status', status: 200, method, path: route, body: example, times: 1 });
        await assert.doesNotReject(call(), `${operation.operationId} reads ${JSON.stringify(example).slice(0, 200)}`);
        delete calls[String(operation.operationId)];
      }
    }
    assert.deepStrictEqual(Object.keys(calls), [], 'every operation the client uses has an example read');
  });
});

/** A schema with the document's `#/components/schemas/…` refs replaced by what they name. */
function expand(contract: Contract, schema: Json): Json {
  if (typeof schema.$ref === 'string') {
    return expand(contract, contract.schemas[schema.$ref.split('/').pop()!]);
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      return [key, Object.fromEntries(Object.entries(value as Record<string, Json>).map(([name, inner]) => [name, expand(contract, inner)]))];
    }
    if ((key === 'items' || key === 'schema') && typeof value === 'object' && value !== null) {
      return [key, expand(contract, value as Json)];
    }
    if ((key === 'allOf' || key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) {
      return [key, value.map((part) => expand(contract, part as Json))];
    }
    return [key, value];
  }));
}
