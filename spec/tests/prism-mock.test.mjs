// Runs a Prism mock server on spec/avara.openapi.yaml and checks that the document behaves
// like the API it describes: the vendor docs' example requests are accepted, requests that
// break the document are refused with 422, a request without credentials gets 401, and the
// mocked 200 responses of both operations validate against their component schemas.
//
// Run with `npm run test:spec` (node --test spec/tests/). If Prism cannot start, the test fails.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadDocument, schemaValidator } from './support/openapi-schema.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const specPath = join(repoRoot, 'spec', 'avara.openapi.yaml');
const prismBin = join(repoRoot, 'node_modules', '.bin', 'prism');

const USER_ID = 'usr_1234567890abcdef1234567890abcdef';
const UPDATE_PATH = `/v1/viewer/users/${USER_ID}`;
const INVITE_PATH = '/v1/viewer/users';
const AUTH = { Authorization: 'Bearer test' };

// The request bodies of the vendor docs' examples.
// Seeds 000 (C#), 001 (Java) and 002 (Python) update a user giving only the id: the SDKs send `{}`.
const DOCS_UPDATE_BODY = {};
// Seed 003 (C#): Viewer.Users.Invite with these properties.
const DOCS_INVITE_BODY = {
  canManageStudies: true,
  clinicRole: 'Radiologist',
  email: 'dr.johnson@hospital.org',
  firstName: 'Sarah',
  hasDashboardAccess: true,
  lastName: 'Johnson',
  level: 'member',
};

const document = loadDocument(specPath);
const validate = schemaValidator(document);
const validateClosed = schemaValidator(document, { closed: true });

let prism;
let prismOutput = '';
let baseUrl;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portAcceptsConnections(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function startPrism() {
  const port = await freePort();
  const child = spawn(prismBin, ['mock', specPath, '-p', String(port), '-h', '127.0.0.1'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exit = null;
  child.on('exit', (code, signal) => {
    exit = { code, signal };
  });
  child.on('error', (err) => {
    exit = { error: err.message };
  });
  child.stdout.on('data', (chunk) => (prismOutput += chunk));
  child.stderr.on('data', (chunk) => (prismOutput += chunk));

  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exit) {
      throw new Error(`Prism exited before listening (${JSON.stringify(exit)}):\n${prismOutput}`);
    }
    if (/Prism is listening/.test(prismOutput) && (await portAcceptsConnections(port))) {
      return { child, url: `http://127.0.0.1:${port}` };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`Prism did not listen on port ${port} within 30 s:\n${prismOutput}`);
}

async function stopPrism(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Sends a JSON request to the mock; returns { status, contentType, body }. */
async function send(method, path, body, headers = AUTH) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), body: parsed };
}

function describeResponse(r) {
  return `status ${r.status}, body ${JSON.stringify(r.body)}`;
}

function operation(path, method) {
  const op = document.paths[path]?.[method];
  assert.ok(op, `the document has no ${method.toUpperCase()} ${path}`);
  return op;
}

function documentExamples(path, method) {
  const media = operation(path, method).requestBody.content['application/json'];
  return Object.entries(media.examples ?? {}).map(([name, ex]) => [name, ex.value]);
}

before(async () => {
  const started = await startPrism();
  prism = started.child;
  baseUrl = started.url;
});

after(async () => {
  await stopPrism(prism);
});

describe('the document', () => {
  test('names the client methods with x-sdk-method and operationId', () => {
    assert.equal(operation('/v1/viewer/users/{userId}', 'patch')['x-sdk-method'], 'viewer.users.update');
    assert.equal(operation(INVITE_PATH, 'post')['x-sdk-method'], 'viewer.users.invite');
    assert.equal(operation('/v1/viewer/users/{userId}', 'patch').operationId, 'viewerUsersUpdate');
    assert.equal(operation(INVITE_PATH, 'post').operationId, 'viewerUsersInvite');
  });

  test('carries the docs\' example requests as examples', () => {
    const update = Object.fromEntries(documentExamples('/v1/viewer/users/{userId}', 'patch'));
    const invite = Object.fromEntries(documentExamples(INVITE_PATH, 'post'));
    assert.deepEqual(update.docs, DOCS_UPDATE_BODY);
    assert.deepEqual(invite.docs, DOCS_INVITE_BODY);
  });

  test('lists the 61 current clinic roles and keeps the legacy one out of the enum', () => {
    const role = document.components.schemas.ClinicRole;
    assert.equal(role.enum.length, 61);
    assert.equal(new Set(role.enum).size, 61);
    assert.ok(!role.enum.includes('PACS Administrator'));
    assert.deepEqual(role['x-legacy-values'], ['PACS Administrator']);
    assert.match(role.description, /PACS Administrator/);
  });

  test('describes every operation, parameter, response, schema and property', () => {
    const missing = [];
    const checkSchema = (schema, where) => {
      if (schema.$ref) return; // described where it is defined
      if (!schema.description) missing.push(where);
      for (const [name, sub] of Object.entries(schema.properties ?? {})) checkSchema(sub, `${where}.${name}`);
      for (const key of ['allOf', 'anyOf', 'oneOf']) {
        (schema[key] ?? []).forEach((sub, i) => checkSchema(sub, `${where}.${key}[${i}]`));
      }
    };
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.description) missing.push(`${method} ${path}`);
      }
    }
    for (const [name, p] of Object.entries(document.components.parameters)) {
      if (!p.description) missing.push(`parameter ${name}`);
    }
    for (const [name, r] of Object.entries(document.components.responses)) {
      if (!r.description) missing.push(`response ${name}`);
    }
    for (const [name, s] of Object.entries(document.components.schemas)) checkSchema(s, name);
    assert.deepEqual(missing, []);
  });

  test('the test validator follows nullable and required as the document states them', () => {
    // Not too strict: values the document allows pass.
    assert.deepEqual(validate('UserUpdateParams', { clinicRole: null, middleName: null }), []);
    assert.deepEqual(validate('UserUpdateParams', { clinicRole: 'Radiologist' }), []);
    // Not too loose: values the document forbids fail.
    assert.notDeepEqual(validate('UserUpdateParams', { clinicRole: 'PACS Administrator' }), []);
    assert.notDeepEqual(validate('UserUpdateParams', { firstName: null }), []);
    assert.notDeepEqual(validate('UserInviteParams', { ...DOCS_INVITE_BODY, middleName: null }), []);
  });
});

describe('Prism mock: requests', () => {
  test('accepts the docs\' update request (seeds 000-002): PATCH with {}', async () => {
    const r = await send('PATCH', UPDATE_PATH, DOCS_UPDATE_BODY);
    assert.ok(r.status >= 200 && r.status < 300, describeResponse(r));
  });

  test('accepts the docs\' invite request (seed 003)', async () => {
    const r = await send('POST', INVITE_PATH, DOCS_INVITE_BODY);
    assert.ok(r.status >= 200 && r.status < 300, describeResponse(r));
  });

  test('accepts every request example in the document', async () => {
    const cases = [
      ...documentExamples('/v1/viewer/users/{userId}', 'patch').map(([n, b]) => ['PATCH', UPDATE_PATH, n, b]),
      ...documentExamples(INVITE_PATH, 'post').map(([n, b]) => ['POST', INVITE_PATH, n, b]),
    ];
    assert.ok(cases.length >= 4, 'expected examples on both operations');
    for (const [method, path, name, body] of cases) {
      const r = await send(method, path, body);
      assert.ok(r.status >= 200 && r.status < 300, `${method} example "${name}": ${describeResponse(r)}`);
    }
  });

  test('accepts null for each field the update may clear', async () => {
    for (const field of ['clinicRole', 'middleName', 'phoneNumber', 'suffix1', 'suffix2']) {
      const r = await send('PATCH', UPDATE_PATH, { [field]: null });
      assert.equal(r.status, 200, `${field}: null -> ${describeResponse(r)}`);
    }
  });

  const brokenUpdates = {
    'empty firstName': { firstName: '' },
    'empty lastName': { lastName: '' },
    'level "owner"': { level: 'owner' },
    'unknown clinicRole': { clinicRole: 'Chief Wizard' },
    'legacy clinicRole "PACS Administrator"': { clinicRole: 'PACS Administrator' },
    'firstName null (not nullable)': { firstName: null },
    'level null (not nullable)': { level: null },
    'canManageStudies null (not nullable)': { canManageStudies: null },
    'empty middleName': { middleName: '' },
  };
  for (const [name, body] of Object.entries(brokenUpdates)) {
    test(`refuses an update with ${name} with 422`, async () => {
      const r = await send('PATCH', UPDATE_PATH, body);
      assert.equal(r.status, 422, describeResponse(r));
      assert.deepEqual(validate('ErrorResponse', r.body), [], 'the 422 body is an ErrorResponse');
    });
  }

  test('refuses a malformed userId with 422', async () => {
    for (const id of ['usr_123', 'usr_1234567890ABCDEF1234567890ABCDEF', 'user_1234567890abcdef1234567890abcdef']) {
      const r = await send('PATCH', `/v1/viewer/users/${id}`, {});
      assert.equal(r.status, 422, `${id}: ${describeResponse(r)}`);
    }
  });

  for (const field of ['canManageStudies', 'clinicRole', 'email', 'firstName', 'hasDashboardAccess', 'lastName', 'level']) {
    test(`refuses an invite without required ${field} with 422`, async () => {
      const { [field]: _omitted, ...body } = DOCS_INVITE_BODY;
      const r = await send('POST', INVITE_PATH, body);
      assert.equal(r.status, 422, describeResponse(r));
    });
  }

  const brokenInvites = {
    'level "owner"': { level: 'owner' },
    'unknown clinicRole': { clinicRole: 'Chief Wizard' },
    'empty firstName': { firstName: '' },
    'an email that is not an address': { email: 'not-an-email' },
    'middleName null (not nullable on invite)': { middleName: null },
    'empty suffix1': { suffix1: '' },
  };
  for (const [name, change] of Object.entries(brokenInvites)) {
    test(`refuses an invite with ${name} with 422`, async () => {
      const r = await send('POST', INVITE_PATH, { ...DOCS_INVITE_BODY, ...change });
      assert.equal(r.status, 422, describeResponse(r));
    });
  }

  test('refuses requests without Bearer credentials with 401', async () => {
    for (const [label, headers] of [['no Authorization header', {}], ['Basic credentials', { Authorization: 'Basic dGVzdDp0ZXN0' }]]) {
      const update = await send('PATCH', UPDATE_PATH, DOCS_UPDATE_BODY, headers);
      assert.equal(update.status, 401, `update, ${label}: ${describeResponse(update)}`);
      const invite = await send('POST', INVITE_PATH, DOCS_INVITE_BODY, headers);
      assert.equal(invite.status, 401, `invite, ${label}: ${describeResponse(invite)}`);
    }
  });
});

describe('Prism mock: responses', () => {
  const operations = [
    ['update', 'PATCH', UPDATE_PATH, DOCS_UPDATE_BODY, 'UserUpdateResponse'],
    ['invite', 'POST', INVITE_PATH, DOCS_INVITE_BODY, 'UserInviteResponse'],
  ];

  for (const [label, method, path, body, schema] of operations) {
    test(`${label}: the static mocked 200 validates against ${schema} (no undocumented properties)`, async () => {
      const r = await send(method, path, body);
      assert.equal(r.status, 200, describeResponse(r));
      assert.match(r.contentType ?? '', /^application\/json/);
      assert.deepEqual(validateClosed(schema, r.body), []);
    });

    test(`${label}: dynamically generated 200s validate against ${schema}`, async () => {
      for (let i = 0; i < 10; i += 1) {
        const r = await send(method, path, body, { ...AUTH, Prefer: 'dynamic=true' });
        assert.equal(r.status, 200, describeResponse(r));
        assert.deepEqual(validateClosed(schema, r.body), [], JSON.stringify(r.body));
      }
    });

    test(`${label}: the validator rejects a broken copy of the mocked response`, async () => {
      const { body: good } = await send(method, path, body);
      assert.deepEqual(validateClosed(schema, good), []);
      const broken = {
        'userId missing': (u) => delete u.userId,
        'createdAt missing (required, even though nullable)': (u) => delete u.createdAt,
        'createdAt not a date-time': (u) => (u.createdAt = 'yesterday'),
        'lastLoginAt without a time zone': (u) => (u.lastLoginAt = '2024-03-15T09:00:00'),
        'userId in the wrong format': (u) => (u.userId = 'usr_123'),
        'email not an address': (u) => (u.email = 'nope'),
        'unknown clinicRole': (u) => (u.clinicRole = 'Chief Wizard'),
        'middleName null (optional, not nullable)': (u) => (u.middleName = null),
        'canManageStudies as a string': (u) => (u.canManageStudies = 'true'),
        'an undocumented property': (u) => (u.surprise = 1),
        'level "superuser"': (u) => (u.level = 'superuser'),
      };
      if (schema === 'UserInviteResponse') broken['level "owner" (invite returns admin|member)'] = (u) => (u.level = 'owner');
      for (const [name, mutate] of Object.entries(broken)) {
        const copy = structuredClone(good);
        mutate(copy);
        assert.notDeepEqual(validateClosed(schema, copy), [], `${name} should fail ${schema}`);
      }
      // And the states the document allows still pass.
      const allowed = structuredClone(good);
      allowed.createdAt = null;
      allowed.lastLoginAt = null;
      for (const optional of ['middleName', 'phoneNumber', 'suffix1', 'suffix2']) delete allowed[optional];
      assert.deepEqual(validateClosed(schema, allowed), []);
    });
  }
});
