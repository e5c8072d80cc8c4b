// Checks on spec/avara.openapi.yaml that need no server: every operation of the official SDKs
// is there exactly once and named as the generator expects, everything is described, the
// pagination and webhook extensions are consistent with the schemas they point into, and the
// test's own validator reads `nullable`/`required` as the document means them.
//
// Run with `npm run test:spec` (node --test spec/tests/).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadDocument, schemaValidator } from './support/openapi-schema.mjs';
import { operations, resolve, refName } from './support/operations.mjs';

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const document = loadDocument(join(specDir, 'avara.openapi.yaml'));
const validate = schemaValidator(document);
const ops = operations(document);

describe('operations', () => {
  test('x-sdk-method names exactly the 63 methods of the Python SDK\'s api.md (spec/sdk-methods.txt)', () => {
    const listed = readFileSync(join(specDir, 'sdk-methods.txt'), 'utf8').split('\n').filter(Boolean);
    assert.equal(listed.length, 63);
    assert.equal(new Set(listed).size, 63, 'sdk-methods.txt repeats a method');
    const inDocument = ops.map((o) => o.op['x-sdk-method']);
    assert.equal(new Set(inDocument).size, inDocument.length, 'an x-sdk-method is used twice');
    assert.deepEqual([...inDocument].sort(), [...listed].sort());
  });

  test('every operationId is unique and the camelCase of its x-sdk-method', () => {
    const ids = ops.map((o) => o.op.operationId);
    assert.equal(new Set(ids).size, ids.length);
    for (const { op } of ops) {
      const camel = op['x-sdk-method'].replace(/[._]([a-z])/g, (_, c) => c.toUpperCase());
      assert.equal(op.operationId, camel, op['x-sdk-method']);
    }
  });

  test('every operation has exactly one tag, declared at the root', () => {
    const declared = new Set(document.tags.map((t) => t.name));
    for (const { op } of ops) {
      assert.equal(op.tags?.length, 1, op.operationId);
      assert.ok(declared.has(op.tags[0]), `${op.operationId}: undeclared tag ${op.tags[0]}`);
    }
  });

  test('every operation answers 200 with a JSON body that is a component schema', () => {
    for (const { op } of ops) {
      const media = op.responses['200']?.content?.['application/json'];
      assert.ok(media, op.operationId);
      assert.ok(document.components.schemas[refName(media.schema)], op.operationId);
    }
  });

  test('the unusual shapes are there on purpose', () => {
    const byMethod = Object.fromEntries(ops.map((o) => [o.op['x-sdk-method'], o]));
    // DELETE with a JSON body.
    assert.equal(byMethod['express.users.remove'].method, 'delete');
    assert.ok(byMethod['express.users.remove'].op.requestBody.required);
    // POSTs without a body.
    for (const m of ['auto_scribe.clinical_references.delete', 'auto_scribe.reports.addendum', 'auto_scribe.reports.cancel_addendum', 'express.deactivate', 'express.reactivate']) {
      assert.equal(byMethod[m].method, 'post', m);
      assert.equal(byMethod[m].op.requestBody, undefined, m);
    }
    // Comma-joined array query parameters.
    const arrays = ops.flatMap((o) => o.parameters.filter((p) => p.in === 'query' && resolve(document, p.schema).type === 'array'));
    assert.deepEqual(arrays.map((p) => p.name).sort(), ['status', 'status', 'studyReportStatus']);
    for (const p of arrays) assert.deepEqual([p.style, p.explode], ['form', false], p.name);
    // `limit` is a number, not an integer, as in every SDK.
    assert.equal(document.components.parameters.Limit.schema.type, 'number');
    // seriesNumber is a string or a number.
    const series = document.components.schemas.StudyAccessRequestedManifestSeries.properties.seriesNumber;
    assert.deepEqual(series.oneOf.map((b) => b.type), ['string', 'number']);
    // viewportAssignments holds nullable strings.
    assert.equal(document.components.schemas.EphemeralHangingProtocol.properties.viewportAssignments.items.nullable, true);
    // assignedTo: a user id in requests, a UserReference in responses.
    assert.equal(document.components.schemas.ViewerStudyCreateParams.properties.assignedTo.type, 'string');
    assert.equal(document.components.schemas.ViewerStudy.properties.assignedTo.anyOf[0].$ref, '#/components/schemas/UserReference');
    // metadata maps: a string map, nullable only in PATCH bodies.
    assert.equal(document.components.schemas.ViewerStudyCreateParams.properties.metadata.additionalProperties.type, 'string');
    assert.equal(document.components.schemas.ViewerStudyUpdateParams.properties.metadata.nullable, true);
    assert.equal(document.components.schemas.ExpressUpdateParams.properties.metadata.nullable, true);
    // The PATCH twin of StudyReportMetadata has the same keys, all nullable.
    const meta = document.components.schemas.StudyReportMetadata.properties;
    const patch = document.components.schemas.StudyReportMetadataPatch.properties;
    assert.deepEqual(Object.keys(patch), Object.keys(meta));
    for (const [k, v] of Object.entries(patch)) assert.equal(v.nullable, true, k);
  });
});

describe('pagination', () => {
  const listOps = ops.filter((o) => o.op['x-pagination']);

  test('the nine list operations, and only they, carry x-pagination of the agreed shape', () => {
    assert.deepEqual(listOps.map((o) => o.op['x-sdk-method']).sort(), [
      'auto_scribe.clinical_references.list', 'auto_scribe.studies.external.reports.list', 'auto_scribe.studies.list',
      'auto_scribe.users.invitations.list', 'auto_scribe.users.list', 'express.list', 'viewer.studies.list',
      'viewer.users.invitations.list', 'viewer.users.list',
    ]);
    for (const { op } of listOps) {
      assert.deepEqual(Object.keys(op['x-pagination']), ['items', 'cursor', 'hasMore', 'cursorParam'], op.operationId);
    }
  });

  test('x-pagination names an items array, a string cursor, a boolean hasMore and a cursor query parameter', () => {
    for (const { op, parameters } of listOps) {
      const pg = op['x-pagination'];
      const page = resolve(document, op.responses['200'].content['application/json'].schema);
      assert.equal(page.properties[pg.items].type, 'array', op.operationId);
      assert.ok(page.required.includes(pg.items), op.operationId);
      assert.equal(page.properties[pg.cursor].type, 'string', op.operationId);
      assert.equal(page.properties[pg.hasMore].type, 'boolean', op.operationId);
      assert.deepEqual(Object.keys(page.properties).sort(), [pg.cursor, pg.hasMore, pg.items].sort(), op.operationId);
      const param = parameters.find((p) => p.name === pg.cursorParam);
      assert.equal(param?.in, 'query', op.operationId);
      assert.ok(parameters.some((p) => p.name === 'limit' && p.in === 'query'), op.operationId);
    }
  });
});

describe('webhooks', () => {
  const union = document.components.schemas.UnwrapWebhookEvent;

  test('x-webhooks has the agreed shape and points at the event union', () => {
    assert.deepEqual(document['x-webhooks'], {
      signature: 'standard-webhooks',
      event: 'UnwrapWebhookEvent',
      'x-sdk-env': 'AVARA_WEBHOOK_KEY',
    });
    assert.ok(union);
  });

  test('the union is discriminated by type, each branch fixing its own type value', () => {
    assert.equal(union.discriminator.propertyName, 'type');
    const mapping = union.discriminator.mapping;
    assert.equal(Object.keys(mapping).length, 7);
    assert.deepEqual(new Set(Object.values(mapping)), new Set(union.oneOf.map((b) => b.$ref)));
    for (const [tag, ref] of Object.entries(mapping)) {
      const event = resolve(document, { $ref: ref });
      assert.deepEqual(event.properties.type.enum, [tag], ref);
      assert.deepEqual([...event.required].sort(), ['data', 'id', 'type'], ref);
      const pair = document['x-webhook-events'].events[tag];
      assert.equal(pair.event.$ref, ref);
      assert.ok(resolve(document, pair.response), `${tag}: receiver response`);
    }
  });

  test('an event from the SDK tests validates, and one with an unknown type does not', () => {
    const event = {
      id: 'whe_1234567890abcdef1234567890abcdef',
      data: { retrievalId: 'order-12345', options: { studyInstanceUids: 'bar' } },
      type: 'ephemeral.access_requested',
    };
    assert.deepEqual(validate('UnwrapWebhookEvent', event), []);
    assert.notDeepEqual(validate('UnwrapWebhookEvent', { ...event, type: 'study.deleted' }), []);
    assert.notDeepEqual(validate('UnwrapWebhookEvent', { ...event, type: 'report.delivered' }), []);
  });
});

describe('descriptions and names', () => {
  test('every operation, parameter, response, schema and property is described', () => {
    const missing = [];
    const checkSchema = (schema, where) => {
      if (schema.$ref) return; // described where it is defined
      if (!schema.description) missing.push(where);
      for (const [name, sub] of Object.entries(schema.properties ?? {})) checkSchema(sub, `${where}.${name}`);
      if (schema.items) checkSchema(schema.items, `${where}[]`);
      if (typeof schema.additionalProperties === 'object') checkSchema(schema.additionalProperties, `${where}{}`);
      for (const key of ['allOf', 'anyOf', 'oneOf']) {
        (schema[key] ?? []).forEach((sub, i) => checkSchema(sub, `${where}.${key}[${i}]`));
      }
    };
    for (const { op, parameters, method, path } of ops) {
      if (!op.description) missing.push(`${method} ${path}`);
      for (const p of parameters) if (!p.description) missing.push(`${method} ${path} parameter ${p.name}`);
      if (op.requestBody && !op.requestBody.description) missing.push(`${method} ${path} requestBody`);
    }
    for (const [name, r] of Object.entries(document.components.responses)) {
      if (!r.description) missing.push(`response ${name}`);
    }
    for (const [name, s] of Object.entries(document.components.schemas)) checkSchema(s, name);
    assert.deepEqual(missing, []);
  });

  test('identical SDK shapes are one schema: SuccessResponse and UrlResponse', () => {
    const success = ops.filter((o) => refName(o.op.responses['200'].content['application/json'].schema) === 'SuccessResponse');
    assert.equal(success.length, 15);
    const url = ops.filter((o) => refName(o.op.responses['200'].content['application/json'].schema) === 'UrlResponse');
    assert.equal(url.length, 5);
  });

  test('lists the 61 current clinic roles and keeps the legacy one out of the enum', () => {
    const role = document.components.schemas.ClinicRole;
    assert.equal(role.enum.length, 61);
    assert.equal(new Set(role.enum).size, 61);
    assert.ok(!role.enum.includes('PACS Administrator'));
    assert.deepEqual(role['x-legacy-values'], ['PACS Administrator']);
    assert.match(role.description, /PACS Administrator/);
  });
});

describe('the test validator', () => {
  test('follows nullable and required as the document states them', () => {
    // Not too strict: values the document allows pass.
    assert.deepEqual(validate('ViewerUserUpdateParams', { clinicRole: null, middleName: null }), []);
    assert.deepEqual(validate('ViewerUserUpdateParams', { clinicRole: 'Radiologist' }), []);
    assert.deepEqual(validate('StudyReportMetadataPatch', { height: null, sex: null, studyTime: null }), []);
    assert.deepEqual(validate('StudyReportMetadataPatch', { height: { unit: 'cm', value: 170 }, sex: 'other' }), []);
    assert.deepEqual(validate('EphemeralHangingProtocol', { layout: '1x2', viewportAssignments: [null, 'A'] }), []);
    assert.deepEqual(validate('StudyAccessRequestedManifestSeries', {
      modality: 'CT', seriesDescription: 'Axial', seriesInstanceUID: '1.2.3', seriesNumber: '7',
      sops: [{ sopClassUID: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUID: '1.2.3.4' }],
    }), []);
    // Not too loose: values the document forbids fail.
    assert.notDeepEqual(validate('ViewerUserUpdateParams', { clinicRole: 'PACS Administrator' }), []);
    assert.notDeepEqual(validate('ViewerUserUpdateParams', { firstName: null }), []);
    assert.notDeepEqual(validate('ViewerUserInviteParams', { middleName: null }), []);
    assert.notDeepEqual(validate('StudyReportMetadata', { height: null }), []);
    assert.notDeepEqual(validate('StudyReportMetadataPatch', { sex: 'unknown' }), []);
    assert.notDeepEqual(validate('StudyCancelParams', {}), []);
    assert.notDeepEqual(validate('ViewerStudyCreateParams', { severity: 'normal', studyDescription: 'x', studyInstanceUid: '1.2', metadata: { k: 1 } }), []);
    assert.notDeepEqual(validate('StudyAccessRequestedManifestSeries', { modality: 'CT', seriesDescription: 'A', seriesInstanceUID: '1', seriesNumber: true, sops: [] }), []);
  });
});
