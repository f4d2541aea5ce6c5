/**
 * The JSON Schema an agent tool's input is described with: plain JSON Schema (no `$schema`, no
 * `$ref`, which some models reject), objects of a few typed properties.
 */
export interface JsonSchema {
  readonly type: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
}
