import * as assert from 'assert';
import * as path from 'path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { readImportFile } from '../../src/core/sources/warehouse/importFiles/importFile';
import { planImport } from '../../src/core/sources/warehouse/importFiles/plan';
import { importFileSchema } from '../../src/core/sources/warehouse/importFiles/schema';
import { MixpanelClient } from '../../src/mixpanel/client';
import { FakeMixpanel, RecordedRequest } from '../fake-mixpanel/fakeMixpanel';
import { CLOUD_IMPORT_DOCUMENT, Contract, findOperation, Json, loadContract, OPENAPI_FOLDER, Operation, readOpenApi, schemaOf, WAREHOUSE_DOCUMENT } from '../fake-mixpanel/openapiContract';
import { addSampleProject, addWarehouseSample, DEMO_WAREHOUSE_SOURCES, SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_IMPORT_ID, SAMPLE_PAUSED_IMPORT_ID, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';

/**
 * Mixpanel's own OpenAPI documents are the contract: every request the client makes and every
 * answer the fake server gives must be valid against them, and the client must read each
 * operation's example. Checked with swagger-parser (the documents) and Ajv (the schemas).
 */

function find(contracts: Contract[], request: RecordedRequest): { contract: Contract; operation: Operation; values: Record<string, string> } | undefined {
  const pathname = request.path.split('?')[0].replace(/^\/api\/app/, '');
  for (const contract of contracts) {
    const found = findOperation(contract, request.method, pathname);
    if (found) {
      return { contract, ...found };
    }
  }
  return undefined;
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
    await SwaggerParser.validate(path.join(OPENAPI_FOLDER, WAREHOUSE_DOCUMENT));
    // The Cloud Import document refers to files Mixpanel did not publish (its servers and shared
    // parameters): it is read as written and only its own components are resolved.
    warehouse = loadContract(WAREHOUSE_DOCUMENT);
    contracts = [warehouse, loadContract(CLOUD_IMPORT_DOCUMENT)];
  });

  beforeEach(async () => {
    server = new FakeMixpanel();
    const project = addSampleProject(server);
    addWarehouseSample(project);
    project.warehouseSources = DEMO_WAREHOUSE_SOURCES;
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
    for (const request of createRequests()) {
      await client.createWarehouseImport(SAMPLE_PROJECT_ID, request);
    }
    await client.deleteWarehouseImport(SAMPLE_PROJECT_ID, SAMPLE_PAUSED_IMPORT_ID);
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
      if (requestSchema && request.body === undefined) {
        assert.notStrictEqual((operation.operation.requestBody as Json).required, true, `${operation.operation.operationId} may be sent without a body`);
      } else if (requestSchema) {
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
    assert.deepStrictEqual([...checked].sort(), [
      'create-event-stream-import', 'create-groups-import', 'create-lookup-table-import', 'create-people-import', 'delete-warehouse-import',
      'get-connector', 'get-connector-logs', 'get-connectors', 'get-import-history', 'get-warehouse-import', 'list-warehouse-imports', 'run-an-import', 'update-warehouse-import',
    ]);
    assert.deepStrictEqual(server.deleteBodies, [undefined], 'a delete sends no body, so never delete_data');
  });

  it('the fake refuses a create request the documents refuse, with Mixpanel\'s error shape', async () => {
    const [events] = createRequests();
    for (const [body, problem] of [
      [{ ...events, time_column_name: undefined }, /time_column_name/],
      [{ ...events, run_every: 300_000_000_000 }, /run_every/],
      [{ ...events, import_type: 'people' }, /import_type/],
    ] as const) {
      const answer = await fetch(`${server.baseUrl}/projects/${SAMPLE_PROJECT_ID}/warehouse-sources/imports/event-stream`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${server.username}:${server.secret}`).toString('base64')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.strictEqual(answer.status, 400);
      const error = await answer.json() as Json;
      assert.strictEqual(error.status, 'error');
      assert.match(String(error.error), problem);
      const operation = warehouse.operations.find((candidate) => candidate.operation.operationId === 'create-event-stream-import')!;
      assert.strictEqual(warehouse.validator(schemaOf((operation.operation.requestBody as Json).content))(JSON.parse(JSON.stringify(body))), false, 'the schema says so too');
    }
    assert.strictEqual(server.project(SAMPLE_PROJECT_ID).warehouseImports.length, 2, 'nothing was made');
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
      'create-event-stream-import': () => client.createWarehouseImport(SAMPLE_PROJECT_ID, createRequests()[0]),
      'create-people-import': () => client.createWarehouseImport(SAMPLE_PROJECT_ID, createRequests()[1]),
      'create-groups-import': () => client.createWarehouseImport(SAMPLE_PROJECT_ID, createRequests()[2]),
      'create-lookup-table-import': () => client.createWarehouseImport(SAMPLE_PROJECT_ID, createRequests()[3]),
      'delete-warehouse-import': () => client.deleteWarehouseImport(SAMPLE_PROJECT_ID, 1),
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

/**
 * One create request per import type, made as the extension makes them: from an import file,
 * through its plan (which drops the file's own fields and finds the source by name).
 */
function createRequests(): Array<Record<string, unknown>> {
  const meta = importFileSchema(readOpenApi(WAREHOUSE_DOCUMENT))['x-mixpanel'];
  const files: Array<Record<string, unknown>> = [
    { import_type: 'event_stream', warehouse_source_name: 'bq-prod', table_params: { project_id: 'acme', dataset_name: 'events', table_name: 'orders' },
      event_column_name: 'event', time_column_name: 'ts', user_column_name: 'uid', sync_mode: 'time_based', run_every: 3_600_000_000_000, property_mappings: { amount: 'Amount' } },
    { import_type: 'people', warehouse_source_name: 'snowflake-analytics', table_params: { database: 'A', schema: 'CRM', table_name: 'USERS' }, user_column_name: 'USER_ID', sync_mode: 'mirror_mode', run_every: 86_400_000_000_000 },
    { import_type: 'groups', warehouse_source_id: 7002, table_params: { database: 'A', schema: 'CRM', table_name: 'ACCOUNTS' }, group_key: 'company_id', group_id_column: 'ID', sync_mode: 'full_sync' },
    { import_type: 'lookup_table', warehouse_source_name: 'databricks-lakehouse', table_params: { catalog: 'main', schema: 'ref', table: 'products' },
      mixpanel_property: { value: 'product_id', resourceType: 'event', customPropertyId: null }, property_key_column_name: 'product_id', sync_mode: 'full_sync', run_every: 604_800_000_000_000 },
  ];
  return files.map((fields) => {
    const read = readImportFile(JSON.stringify({ project_id: SAMPLE_PROJECT_ID, ...fields }));
    assert.ok('file' in read);
    const plan = planImport({ file: read.file, live: undefined, sources: DEMO_WAREHOUSE_SOURCES.map((source) => ({ id: source.id, name: source.source_name })), meta });
    assert.deepStrictEqual(plan.blockers, []);
    return plan.request!;
  });
}

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
