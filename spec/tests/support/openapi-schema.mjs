// Turns the OpenAPI 3.0.3 schemas of spec/avara.openapi.yaml into JSON Schema (draft-07) and
// compiles them with Ajv, so the Prism test can check bodies against the document itself.
//
// The conversion is deliberately strict: a keyword it does not know is an error rather than
// something silently ignored, so a schema can never validate more loosely than it reads.

import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** Keywords copied unchanged from an OpenAPI Schema Object (same meaning in draft-07). */
const SAME_MEANING = new Set([
  'type', 'enum', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties', 'required', 'description', 'title', 'default',
]);

/** Keywords that only annotate the document and do not constrain values. */
const ANNOTATION_ONLY = new Set(['example', 'externalDocs', 'deprecated']);

/**
 * `discriminator` only tells a reader which branch of a `oneOf` to try; the branches' own
 * `type` enums already make them exclusive, so dropping it loses no constraint. Checked here
 * so that a mapping that names a schema missing from the `oneOf` is an error, not ignored.
 */
function checkDiscriminator(schema) {
  const { propertyName, mapping = {} } = schema.discriminator;
  if (typeof propertyName !== 'string') throw new Error('discriminator without propertyName');
  const branches = new Set((schema.oneOf ?? schema.anyOf ?? []).map((b) => b.$ref));
  for (const [tag, ref] of Object.entries(mapping)) {
    if (!branches.has(ref)) throw new Error(`discriminator maps "${tag}" to ${ref}, which is not a branch`);
  }
}

/** Loads the OpenAPI document from `path`. */
export function loadDocument(path) {
  return parse(readFileSync(path, 'utf8'));
}

/**
 * Converts one OpenAPI schema into JSON Schema.
 * `closed` adds `additionalProperties: false` to objects that do not say otherwise, for checks
 * that a body carries no property the document does not define.
 */
export function toJsonSchema(schema, { closed = false } = {}) {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new Error(`not a schema object: ${JSON.stringify(schema)}`);
  }
  if ('$ref' in schema) {
    const match = /^#\/components\/schemas\/([^/]+)$/.exec(schema.$ref);
    if (!match) throw new Error(`unsupported $ref ${schema.$ref}`);
    return { $ref: `#/definitions/${match[1]}` };
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || ANNOTATION_ONLY.has(key) || key === 'nullable') continue;
    if (key === 'discriminator') {
      checkDiscriminator(schema);
      continue;
    }
    if (SAME_MEANING.has(key)) {
      out[key] = Array.isArray(value) ? [...value] : value;
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub, { closed })]),
      );
    } else if (key === 'additionalProperties') {
      out.additionalProperties =
        typeof value === 'boolean' ? value : toJsonSchema(value, { closed });
    } else if (key === 'items' || key === 'not') {
      out[key] = toJsonSchema(value, { closed });
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = value.map((sub) => toJsonSchema(sub, { closed }));
    } else {
      throw new Error(`schema keyword "${key}" is not handled by the test's converter`);
    }
  }
  if (schema.nullable === true) {
    // OpenAPI 3.0.3: `nullable` adds null to the allowed types of the `type` next to it; an
    // `enum` next to it must also admit null. Constraints reached through allOf/anyOf/oneOf
    // keep their own meaning.
    if (typeof schema.type !== 'string') {
      throw new Error(`"nullable" without "type" in ${JSON.stringify(schema).slice(0, 120)}`);
    }
    out.type = [schema.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum.push(null);
  }
  if (closed && out.type === 'object' && !('additionalProperties' in out)) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * Returns validate(name, value) -> list of error strings (empty when valid), checking `value`
 * against `#/components/schemas/<name>` of `document`.
 */
export function schemaValidator(document, { closed = false } = {}) {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  const definitions = Object.fromEntries(
    Object.entries(document.components.schemas).map(([name, s]) => [
      name,
      toJsonSchema(s, { closed }),
    ]),
  );
  const compiled = new Map();
  return (name, value) => {
    if (!(name in definitions)) throw new Error(`no component schema named ${name}`);
    if (!compiled.has(name)) {
      compiled.set(name, ajv.compile({ definitions, $ref: `#/definitions/${name}` }));
    }
    const validate = compiled.get(name);
    if (validate(value)) return [];
    return validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`);
  };
}
