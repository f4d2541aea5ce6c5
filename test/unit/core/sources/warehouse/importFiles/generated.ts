import { ImportFileSchema, importFileSchema } from '../../../../../../src/core/sources/warehouse/importFiles/schema';
import { readOpenApi, WAREHOUSE_DOCUMENT } from '../../../../../fake-mixpanel/openapiContract';

/** The import file schema as the build makes it, from the same official document. */
export function generatedSchema(): ImportFileSchema {
  return importFileSchema(readOpenApi(WAREHOUSE_DOCUMENT));
}
