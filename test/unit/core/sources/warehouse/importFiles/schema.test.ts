import * as assert from 'assert';
import Ajv from 'ajv';
import { importFileSchema } from '../../../../../../src/core/sources/warehouse/importFiles/schema';
import { CREATE_PATHS } from '../../../../../../src/mixpanel/warehouse';
import { loadContract, readOpenApi, WAREHOUSE_DOCUMENT } from '../../../../../fake-mixpanel/openapiContract';
import { generatedSchema } from './generated';

type Json = Record<string, unknown>;

/** The file's schema as an editor applies it (draft-07, with VS Code's own keywords allowed). */
function validatorOf(schema: Json) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(schema);
}

const eventsFile = {
  project_id: 1001,
  warehouse_source_name: 'bq-prod',
  import_type: 'event_stream',
  warehouse_source_id: 7001,
  table_params: { project_id: 'acme', dataset_name: 'events', table_name: 'app_events' },
  event_column_name: 'event_name',
  time_column_name: 'event_time',
  sync_mode: 'time_based',
  run_every: 3_600_000_000_000,
  property_mappings: null,
};

describe('the import file schema, generated from the OpenAPI document', () => {
  it('has one definition per create operation, with that request schema\'s fields and required fields', () => {
    const schema = generatedSchema();
    const contract = loadContract(WAREHOUSE_DOCUMENT);
    const creates = contract.operations.filter((operation) => operation.method === 'POST');
    assert.strictEqual(creates.length, 4);
    for (const operation of creates) {
      const ref = (((operation.operation.requestBody as Json).content as Json)['application/json'] as { schema: { $ref: string } }).schema.$ref;
      const request = contract.schemas[ref.split('/').pop()!] as { properties: Json; required: string[] };
      const importType = (request.properties.import_type as { enum: string[] }).enum[0];
      const definition = (schema.definitions as Record<string, { properties: Json; required: string[] }>)[importType];
      assert.ok(definition, `a definition for ${importType}`);
      for (const field of Object.keys(request.properties)) {
        assert.ok(field in definition.properties, `${importType} has ${field}`);
      }
      assert.deepStrictEqual(definition.required, ['project_id', ...request.required]);
      assert.strictEqual(schema['x-mixpanel'].create[importType].path, operation.template);
    }
    assert.deepStrictEqual(schema['x-mixpanel'].inPlace, ['run_every', 'databricks_params']);
  });

  it('names the same create paths as the client', () => {
    const { create } = generatedSchema()['x-mixpanel'];
    assert.deepStrictEqual(Object.keys(CREATE_PATHS).sort(), Object.keys(create).sort());
    for (const [importType, segment] of Object.entries(CREATE_PATHS)) {
      assert.strictEqual(create[importType].path, `/projects/{projectId}/warehouse-sources/imports/${segment}`);
    }
  });

  it('accepts an exported events file, and squiggles a wrong schedule, a misspelt field and a lookup table as Mirror', () => {
    const validate = validatorOf(generatedSchema());
    assert.ok(validate(eventsFile), JSON.stringify(validate.errors));
    assert.strictEqual(validate({ ...eventsFile, run_every: 300_000_000_000 }), false, 'every 5 minutes is not one of the four');
    assert.ok(validate.errors?.some((error) => error.instancePath === '/run_every'));
    assert.strictEqual(validate({ ...eventsFile, time_colum_name: 'x' }), false);
    assert.strictEqual(validate({ ...eventsFile, time_column_name: undefined }), false, 'time_column_name is required');
    assert.strictEqual(validate({
      project_id: 1, import_type: 'lookup_table', warehouse_source_id: 1, table_params: {}, sync_mode: 'mirror_mode',
      mixpanel_property: { value: 'product_id', resourceType: 'event' }, property_key_column_name: 'product_id',
    }), false);
    assert.strictEqual(validate({ ...eventsFile, project_id: undefined }), false, 'the project is required');
  });

  it('turns OpenAPI\'s nullable into a null type, and keeps the document\'s words for hovers and completion', () => {
    const schema = generatedSchema();
    const definitions = schema.definitions as Record<string, { properties: Record<string, Json> } & Json>;
    assert.deepStrictEqual(definitions.event_stream.properties.device_column_name.type, ['string', 'null']);
    assert.strictEqual(JSON.stringify(schema).includes('"nullable"'), false);
    assert.match(String(definitions.event_stream.properties.company_column_name.markdownDescription), /B2B/);
    assert.deepStrictEqual((definitions.SyncFrequency as Json).enumDescriptions, [
      'API-triggered only (use the manual-sync endpoint to trigger)', 'Hourly', 'Daily', 'Weekly',
    ]);
  });

  it('follows the document: a field added to a create request reaches the file schema', () => {
    const document = readOpenApi(WAREHOUSE_DOCUMENT) as { components: { schemas: Record<string, { properties: Json }> } };
    document.components.schemas.CreatePeopleImportRequest.properties.region_column_name = { type: 'string', description: 'New.' };
    const schema = importFileSchema(document);
    assert.ok('region_column_name' in (schema.definitions as Record<string, { properties: Json }>).people.properties);
    assert.ok(schema['x-mixpanel'].create.people.fields.includes('region_column_name'));
  });

  it('refuses a document with no create operation', () => {
    assert.throws(() => importFileSchema({ paths: {} }), /no create operation/);
    assert.throws(() => importFileSchema('openapi: 3.0.2'), /Not an OpenAPI document/);
  });
});
