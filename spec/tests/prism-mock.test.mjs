// Runs a Prism mock server on spec/avara.openapi.yaml and checks, for every operation of the
// document (the list comes from the document itself, not from this file), that it behaves like
// the API it describes:
//   - each request built from the document's examples is accepted;
//   - requests that break the document (a malformed path id, a query value of the wrong type
//     or outside its enum or range, a body missing a required field, with a field of the wrong
//     type or an unknown enum value, or an empty either-or body) are refused with 422;
//   - the mocked 200 response, static and dynamically generated, validates strictly (no
//     undocumented properties) against the operation's response schema;
//   - a request without credentials gets 401.
// Plus the seed operations' own cases (docs examples, null clears, legacy role refused).
//
// Run with `npm run test:spec` (node --test spec/tests/). If Prism cannot start, the test fails.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadDocument, schemaValidator } from './support/openapi-schema.mjs';
import { bodyExamples, operations, refName, requestUrl, resolve } from './support/operations.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const specPath = join(repoRoot, 'spec', 'avara.openapi.yaml');
const prismBin = join(repoRoot, 'node_modules', '.bin', 'prism');

const AUTH = { Authorization: 'Bearer test' };
const document = loadDocument(specPath);
const validate = schemaValidator(document);
const validateClosed = schemaValidator(document, { closed: true });
const ops = operations(document);

// The one operation whose only input, a free-text path segment, the document leaves
// unconstrained: no request to it can break the document, so it has no 422 case.
const NOTHING_TO_BREAK = ['auto_scribe.clinical_references.retrieve_by_external_reference_id'];

// Dynamic responses come from json-schema-faker. Left to itself it adds invented properties to
// every object whose `additionalProperties` is unset; the document leaves it unset on purpose
// (clients must tolerate fields added later), but then "no undocumented property" could not be
// checked. So the faker is told not to invent any, and seeded so that a failure can be replayed.
const PRISM_OPTIONS = ['--json-schema-faker-fillProperties=false', '--seed', 'avara-spec-tests'];

let prism;
let prismOutput = '';
let baseUrl;

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function portAcceptsConnections(port) {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function startPrism() {
  const port = await freePort();
  const child = spawn(prismBin, ['mock', specPath, '-p', String(port), '-h', '127.0.0.1', ...PRISM_OPTIONS], {
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
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Sends a request to the mock; a `body` of undefined sends none. Returns { status, contentType, body }. */
async function send(method, url, body, headers = AUTH) {
  const response = await fetch(`${baseUrl}${url}`, {
    method: method.toUpperCase(),
    headers: {
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
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

const show = (r) => `status ${r.status}, body ${JSON.stringify(r.body)?.slice(0, 600)}`;

/** A value of a JSON type the schema does not allow. */
function wrongType(schema) {
  const s = resolve(document, schema);
  switch (s.type) {
    case 'string':
      return 12345;
    case 'boolean':
    case 'number':
    case 'integer':
    case 'object':
      return 'not-a-' + s.type;
    case 'array':
      return 'not-an-array';
    default:
      return undefined;
  }
}

/** The first example body of the operation, which the broken bodies start from. */
function baseBody(entry) {
  const examples = bodyExamples(entry.op);
  return examples.length ? structuredClone(examples[0][1]) : undefined;
}

/**
 * Requests that break the document, each with a label: derived from the operation's own
 * parameters and body schema, so every operation gets the cases its shape allows.
 */
function brokenRequests(entry) {
  const cases = [];
  const body = baseBody(entry);
  for (const p of entry.parameters) {
    const schema = resolve(document, p.schema);
    if (p.in === 'path' && schema.pattern) {
      cases.push([`malformed path parameter ${p.name}`, requestUrl(entry, { [p.name]: 'not-an-id' }), body]);
    }
    if (p.in !== 'query') continue;
    const itemSchema = schema.type === 'array' ? resolve(document, schema.items) : schema;
    if (itemSchema.enum) {
      const bad = schema.type === 'array' ? ['not-a-value'] : 'not-a-value';
      cases.push([`query ${p.name} outside its enum`, requestUrl(entry, { [p.name]: bad }), body]);
    } else if (['number', 'integer', 'boolean'].includes(schema.type)) {
      cases.push([`query ${p.name} of the wrong type`, requestUrl(entry, { [p.name]: 'abc' }), body]);
    } else if (schema.pattern || schema.format) {
      cases.push([`query ${p.name} in the wrong format`, requestUrl(entry, { [p.name]: 'not valid' }), body]);
    }
    if (schema.minimum !== undefined) {
      cases.push([`query ${p.name} below its minimum`, requestUrl(entry, { [p.name]: schema.minimum - 1 }), body]);
    }
  }
  if (entry.op.requestBody) {
    const url = requestUrl(entry);
    const schema = resolve(document, entry.op.requestBody.content['application/json'].schema);
    for (const field of schema.required ?? []) {
      const { [field]: _omitted, ...rest } = body;
      cases.push([`body without required ${field}`, url, rest]);
    }
    if (schema.minProperties) cases.push(['an empty body where at least one field is needed', url, {}]);
    const [first, firstSchema] = Object.entries(schema.properties)[0];
    cases.push([`body ${first} of the wrong type`, url, { ...body, [first]: wrongType(firstSchema) }]);
    for (const [name, prop] of Object.entries(schema.properties)) {
      const target = prop.anyOf ? prop.anyOf.find((b) => b.$ref) : prop;
      if (resolve(document, target).enum) {
        cases.push([`body ${name} outside its enum`, url, { ...body, [name]: 'not-a-value' }]);
      }
    }
  }
  return cases;
}

before(async () => {
  const started = await startPrism();
  prism = started.child;
  baseUrl = started.url;
});

after(async () => {
  await stopPrism(prism);
});

describe('every operation, against the Prism mock', () => {
  test('covers all 63 operations', () => {
    assert.equal(ops.length, 63);
  });

  for (const entry of ops) {
    const { method, op } = entry;
    const name = op['x-sdk-method'];
    const responseSchema = refName(op.responses['200'].content['application/json'].schema);

    describe(`${name} (${method.toUpperCase()} ${entry.path})`, () => {
      test('accepts the requests built from the document\'s examples', async () => {
        const examples = entry.op.requestBody ? bodyExamples(op) : [['(no body)', undefined]];
        assert.ok(examples.length > 0, 'a request body without examples');
        for (const [label, body] of examples) {
          const r = await send(method, requestUrl(entry), body);
          assert.equal(r.status, 200, `example "${label}": ${show(r)}`);
        }
        if (entry.parameters.some((p) => p.in === 'query')) {
          // Optional query parameters left out.
          const bare = Object.fromEntries(entry.parameters.filter((p) => p.in === 'query').map((p) => [p.name, undefined]));
          const r = await send(method, requestUrl(entry, bare), baseBody(entry));
          assert.equal(r.status, 200, `without query parameters: ${show(r)}`);
        }
      });

      test('refuses requests that break the document with 422', async () => {
        const cases = brokenRequests(entry);
        if (NOTHING_TO_BREAK.includes(name)) {
          assert.deepEqual(cases, [], 'this operation now has something to break: take it off NOTHING_TO_BREAK');
          return;
        }
        assert.ok(cases.length > 0, 'no broken request could be built for this operation');
        for (const [label, url, body] of cases) {
          const r = await send(method, url, body);
          assert.equal(r.status, 422, `${label}: ${show(r)}`);
        }
      });

      test(`the mocked 200 validates strictly against ${responseSchema}`, async () => {
        const url = requestUrl(entry);
        const body = baseBody(entry);
        const r = await send(method, url, body);
        assert.equal(r.status, 200, show(r));
        assert.match(r.contentType ?? '', /^application\/json/);
        assert.deepEqual(validateClosed(responseSchema, r.body), [], 'static response');
        for (let i = 0; i < 3; i += 1) {
          const d = await send(method, url, body, { ...AUTH, Prefer: 'dynamic=true' });
          assert.equal(d.status, 200, show(d));
          assert.deepEqual(validateClosed(responseSchema, d.body), [], `dynamic response ${JSON.stringify(d.body).slice(0, 400)}`);
        }
      });

      test('refuses a request without credentials with 401', async () => {
        const r = await send(method, requestUrl(entry), baseBody(entry), {});
        assert.equal(r.status, 401, show(r));
      });
    });
  }
});

describe('the seed operations (viewer.users.update and invite)', () => {
  const USER = '/v1/viewer/users/usr_1234567890abcdef1234567890abcdef';
  const INVITE = {
    canManageStudies: true,
    clinicRole: 'Radiologist',
    email: 'dr.johnson@hospital.org',
    firstName: 'Sarah',
    hasDashboardAccess: true,
    lastName: 'Johnson',
    level: 'member',
  };

  test('the docs\' requests are the document\'s `docs` examples', () => {
    const update = Object.fromEntries(bodyExamples(document.paths['/v1/viewer/users/{userId}'].patch));
    const invite = Object.fromEntries(bodyExamples(document.paths['/v1/viewer/users'].post));
    assert.deepEqual(update.docs, {});
    assert.deepEqual(invite.docs, INVITE);
  });

  test('accepts null for each field the update may clear, and refuses it elsewhere', async () => {
    for (const field of ['clinicRole', 'middleName', 'phoneNumber', 'suffix1', 'suffix2']) {
      const r = await send('patch', USER, { [field]: null });
      assert.equal(r.status, 200, `${field}: null -> ${show(r)}`);
    }
    for (const field of ['firstName', 'level', 'canManageStudies']) {
      const r = await send('patch', USER, { [field]: null });
      assert.equal(r.status, 422, `${field}: null -> ${show(r)}`);
    }
    const r = await send('post', '/v1/viewer/users', { ...INVITE, middleName: null });
    assert.equal(r.status, 422, `invite middleName: null -> ${show(r)}`);
  });

  test('refuses the legacy role, an owner level, empty names and a non-address email', async () => {
    const cases = [
      ['patch', USER, { clinicRole: 'PACS Administrator' }],
      ['patch', USER, { level: 'owner' }],
      ['patch', USER, { firstName: '' }],
      ['patch', USER, { middleName: '' }],
      ['post', '/v1/viewer/users', { ...INVITE, level: 'owner' }],
      ['post', '/v1/viewer/users', { ...INVITE, email: 'not-an-email' }],
      ['post', '/v1/viewer/users', { ...INVITE, suffix1: '' }],
    ];
    for (const [method, url, body] of cases) {
      const r = await send(method, url, body);
      assert.equal(r.status, 422, `${method} ${JSON.stringify(body)}: ${show(r)}`);
      assert.deepEqual(validate('ErrorResponse', r.body), [], 'the 422 body is an ErrorResponse');
    }
  });

  test('refuses Basic credentials with 401', async () => {
    const r = await send('patch', USER, {}, { Authorization: 'Basic dGVzdDp0ZXN0' });
    assert.equal(r.status, 401, show(r));
  });
});

describe('the response validator is not too loose', () => {
  test('rejects broken copies of a mocked user', async () => {
    const { body: good } = await send('get', '/v1/viewer/users/usr_1234567890abcdef1234567890abcdef');
    assert.deepEqual(validateClosed('ViewerUser', good), []);
    const broken = {
      'userId missing': (u) => delete u.userId,
      'createdAt missing (required, even though nullable)': (u) => delete u.createdAt,
      'createdAt not a date-time': (u) => (u.createdAt = 'yesterday'),
      'userId in the wrong format': (u) => (u.userId = 'usr_123'),
      'unknown clinicRole': (u) => (u.clinicRole = 'Chief Wizard'),
      'middleName null (optional, not nullable)': (u) => (u.middleName = null),
      'an undocumented property': (u) => (u.surprise = 1),
    };
    for (const [label, mutate] of Object.entries(broken)) {
      const copy = structuredClone(good);
      mutate(copy);
      assert.notDeepEqual(validateClosed('ViewerUser', copy), [], label);
    }
  });

  test('rejects a page whose items are of the wrong kind', async () => {
    const { body: page } = await send('get', '/v1/viewer/users');
    assert.deepEqual(validateClosed('CursorViewerUsers', page), []);
    assert.notDeepEqual(validateClosed('CursorViewerUsers', { ...page, users: [{}] }), []);
    assert.notDeepEqual(validateClosed('CursorViewerUsers', { users: page.users }), [], 'hasMore missing');
  });
});
