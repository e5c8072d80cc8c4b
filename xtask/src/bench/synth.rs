//! A seeded generator of large, realistic OpenAPI 3.0 documents for the codegen benchmarks.
//!
//! The document is a made-up medical-imaging API of `resources` resources, each with the
//! shapes real documents use: a resource object with required, optional and nullable fields of
//! every scalar format, string enums (component and inline), `$ref`s to other resources,
//! arrays, maps, nested inline objects, an `allOf` extension, a discriminated `oneOf`, a
//! nullable reference; and CRUD operations with path, query and header parameters, JSON
//! bodies and 200/204/4xx responses, grouped by `x-sdk-method` (most groups) or by a tag.
//! Per resource: 14 component schemas and 5 or 6 operations, about 10 KB of YAML, so 250
//! resources make about 3,500 schemas, 1,300 operations and 2.5 MB.

use super::yaml::{raw, reference, s, strings, Y};

/// The seed every benchmark uses, so that runs compare.
pub const SEED: u64 = 0x00A7_A2A0_2026;

/// A small, fast, seeded random number generator (SplitMix64); stable across platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Product areas; `TAGGED` of them group operations by tag instead of `x-sdk-method`.
const GROUPS: &[&str] = &[
    "viewer",
    "scribe",
    "billing",
    "scheduling",
    "archive",
    "analytics",
    "integrations",
    "admin",
    "lab",
    "pharmacy",
    "referrals",
    "telehealth",
];
const TAGGED: &[&str] = &["lab", "pharmacy"];

const QUALIFIERS: &[&str] = &[
    "imaging", "patient", "clinic", "device", "report", "study", "order", "claim", "payer",
    "provider", "template", "workflow", "audit", "consent", "document", "result", "sample",
    "message", "invoice", "schedule", "protocol", "exam", "modality", "storage", "access",
    "webhook", "export", "import", "label", "review",
];
const NOUNS: &[&str] = &[
    "series",
    "note",
    "record",
    "policy",
    "rule",
    "group",
    "batch",
    "job",
    "link",
    "slot",
    "entry",
    "item",
    "event",
    "task",
    "queue",
    "key",
    "setting",
    "profile",
    "summary",
    "request",
    "session",
    "token",
    "channel",
    "folder",
    "snapshot",
    "annotation",
    "measure",
    "finding",
    "comment",
    "version",
];

/// Property names for the random fields of a resource (camelCase, distinct in snake_case).
const FIELDS: &[&str] = &[
    "name",
    "title",
    "displayName",
    "code",
    "externalId",
    "email",
    "phoneNumber",
    "notes",
    "priority",
    "score",
    "weight",
    "count",
    "total",
    "version",
    "sequence",
    "durationSeconds",
    "sizeBytes",
    "ratio",
    "latitude",
    "longitude",
    "enabled",
    "archived",
    "locked",
    "visible",
    "startsAt",
    "endsAt",
    "expiresAt",
    "dueDate",
    "timezone",
    "locale",
    "url",
    "type",
    "source",
    "channel",
    "reference",
    "accessionNumber",
    "bodyPart",
    "laterality",
    "reviewedAt",
    "reviewedBy",
    "retryCount",
    "lastError",
];

const WORDS: &[&str] = &[
    "the",
    "a",
    "user",
    "clinic",
    "study",
    "when",
    "is",
    "of",
    "for",
    "set",
    "by",
    "server",
    "value",
    "in",
    "may",
    "be",
    "empty",
    "returned",
    "only",
    "after",
    "request",
    "field",
    "this",
    "record",
    "time",
    "last",
    "changed",
    "and",
    "not",
    "an",
    "image",
    "report",
    "patient",
    "visible",
    "to",
    "admins",
    "defaults",
    "used",
    "API",
    "as",
    "sent",
    "with",
    "each",
    "page",
    "ordered",
    "newest",
    "first",
    "unless",
    "given",
    "otherwise",
    "stored",
    "UTC",
];

const STATUSES: &[&str] = &[
    "draft",
    "pending",
    "active",
    "in_review",
    "approved",
    "rejected",
    "suspended",
    "archived",
    "deleted",
    "failed",
];
const KINDS: &[&str] = &[
    "standard",
    "priority",
    "urgent",
    "routine",
    "external",
    "internal",
    "manual",
    "automatic",
    "scheduled",
    "adhoc",
];
const ACTIONS: &[&str] = &["archive", "restore", "approve", "reject", "retry", "lock"];

/// Generates the YAML text of a document with `resources` resources from `seed`. The
/// resources of a larger document include those of the smaller one, so sizes compare.
pub fn document(resources: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut names = Vec::new();
    'outer: for round in 1.. {
        for q in QUALIFIERS {
            for n in NOUNS {
                if names.len() == resources {
                    break 'outer;
                }
                names.push(if round == 1 {
                    format!("{q}_{n}")
                } else {
                    format!("{q}_{n}_v{round}")
                });
            }
        }
    }
    // A fixed shuffle, the same for every size, so neighbouring resources differ.
    let mut order: Vec<usize> = (0..names.len()).collect();
    let mut shuffle = Rng(seed ^ 0x5EED);
    for i in (1..order.len()).rev() {
        order.swap(i, shuffle.below(i + 1));
    }
    let names: Vec<Resource> = order
        .iter()
        .enumerate()
        .map(|(i, &n)| Resource::new(&names[n], GROUPS[i % GROUPS.len()]))
        .collect();

    let mut schemas = shared_schemas();
    let mut paths = Vec::new();
    for (i, resource) in names.iter().enumerate() {
        // References go to resources defined before this one (and to itself), as in real APIs.
        let other = &names[rng.below(i + 1)];
        schemas.extend(resource_schemas(&mut rng, resource, other));
        paths.extend(resource_paths(&mut rng, resource));
    }
    let doc = Y::map()
        .kv("openapi", s("3.0.3"))
        .kv(
            "info",
            Y::map()
                .kv("title", s("Synthetic Imaging API"))
                .kv("version", s("v1"))
                .kv(
                    "description",
                    s(format!(
                        "A generated document of {resources} resources for benchmarks (seed {seed})."
                    )),
                ),
        )
        .kv(
            "servers",
            Y::Seq(vec![Y::map().kv("url", s("https://api.example.com"))]),
        )
        .kv(
            "security",
            Y::Seq(vec![Y::map().kv("BearerAuth", Y::Seq(Vec::new()))]),
        )
        .kv("paths", Y::Map(paths))
        .kv(
            "components",
            Y::map()
                .kv(
                    "securitySchemes",
                    Y::map().kv(
                        "BearerAuth",
                        Y::map()
                            .kv("type", s("http"))
                            .kv("scheme", s("bearer"))
                            .kv("description", s("An API key sent as a bearer token.")),
                    ),
                )
                .kv("parameters", shared_parameters())
                .kv("responses", shared_responses())
                .kv("schemas", Y::Map(schemas)),
        );
    super::yaml::to_string(&doc)
}

/// The names of one resource.
struct Resource {
    /// `imaging_series`.
    snake: String,
    /// `ImagingSeries`.
    camel: String,
    /// `imagingSeries`.
    lower_camel: String,
    /// `imaging-series`.
    kebab: String,
    group: &'static str,
}

impl Resource {
    fn new(snake: &str, group: &'static str) -> Self {
        let camel: String = snake
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect();
        let mut lower_camel = camel.clone();
        lower_camel[..1].make_ascii_lowercase();
        Self {
            snake: snake.to_owned(),
            kebab: snake.replace('_', "-"),
            camel,
            lower_camel,
            group,
        }
    }

    fn schema(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.camel)
    }
}

fn sentence(rng: &mut Rng, min: usize, max: usize) -> String {
    let n = min + rng.below(max - min + 1);
    let mut text = String::new();
    for i in 0..n {
        let word = *rng.pick(WORDS);
        if i == 0 {
            let mut c = word.chars();
            if let Some(f) = c.next() {
                text.push(f.to_ascii_uppercase());
                text.push_str(c.as_str());
            }
        } else {
            text.push(' ');
            text.push_str(word);
        }
    }
    text.push('.');
    text
}

fn schema_ref(name: &str) -> Y {
    reference("schemas", name)
}

fn object(description: String, required: Vec<String>, properties: Vec<(String, Y)>) -> Y {
    let mut o = Y::map()
        .kv("type", s("object"))
        .kv("description", s(description));
    if !required.is_empty() {
        o = o.kv("required", strings(required));
    }
    o.kv("properties", Y::Map(properties))
}

fn shared_schemas() -> Vec<(String, Y)> {
    let p =
        |ty: &str, description: &str| Y::map().kv("type", s(ty)).kv("description", s(description));
    vec![
        (
            "ErrorResponse".into(),
            object(
                "JSON body of an error response.".into(),
                vec!["message".into()],
                vec![
                    ("message".into(), p("string", "What went wrong.")),
                    ("code".into(), p("string", "A stable error code.")),
                    (
                        "details".into(),
                        Y::map()
                            .kv("type", s("object"))
                            .kv("description", s("More about the error, by field."))
                            .kv("additionalProperties", Y::map().kv("type", s("string"))),
                    ),
                ],
            ),
        ),
        (
            "Pagination".into(),
            object(
                "Where a page of results is in the whole list.".into(),
                vec!["hasMore".into()],
                vec![
                    (
                        "hasMore".into(),
                        p("boolean", "Whether there are more pages."),
                    ),
                    (
                        "nextCursor".into(),
                        p("string", "Pass as `cursor` for the next page.")
                            .kv("nullable", raw(true)),
                    ),
                    (
                        "total".into(),
                        p("integer", "How many results there are in all.").kv("format", s("int64")),
                    ),
                ],
            ),
        ),
        (
            "Money".into(),
            object(
                "An amount of money.".into(),
                vec!["amount".into(), "currency".into()],
                vec![
                    (
                        "amount".into(),
                        p("integer", "In minor units (cents).").kv("format", s("int64")),
                    ),
                    (
                        "currency".into(),
                        p("string", "ISO 4217 code.").kv("pattern", s("^[A-Z]{3}$")),
                    ),
                ],
            ),
        ),
        (
            "Address".into(),
            object(
                "A postal address.".into(),
                vec!["line1".into(), "country".into()],
                vec![
                    ("line1".into(), p("string", "Street and number.")),
                    (
                        "line2".into(),
                        p("string", "More of the street address.").kv("nullable", raw(true)),
                    ),
                    ("city".into(), p("string", "City or town.")),
                    ("postalCode".into(), p("string", "Postal code.")),
                    ("country".into(), p("string", "ISO 3166-1 alpha-2 code.")),
                ],
            ),
        ),
        (
            "AuditInfo".into(),
            object(
                "Who changed a record, and when.".into(),
                vec!["changedAt".into()],
                vec![
                    (
                        "changedAt".into(),
                        p("string", "When.").kv("format", s("date-time")),
                    ),
                    (
                        "changedBy".into(),
                        p("string", "Who: a user id.").kv("nullable", raw(true)),
                    ),
                ],
            ),
        ),
    ]
}

fn shared_parameters() -> Y {
    Y::map()
        .kv(
            "Limit",
            Y::map()
                .kv("name", s("limit"))
                .kv("in", s("query"))
                .kv("description", s("How many results a page holds."))
                .kv(
                    "schema",
                    Y::map()
                        .kv("type", s("integer"))
                        .kv("format", s("int32"))
                        .kv("minimum", raw(1))
                        .kv("maximum", raw(100))
                        .kv("default", raw(20)),
                ),
        )
        .kv(
            "Cursor",
            Y::map()
                .kv("name", s("cursor"))
                .kv("in", s("query"))
                .kv(
                    "description",
                    s("Where the page starts: `nextCursor` of the previous page."),
                )
                .kv("schema", Y::map().kv("type", s("string"))),
        )
        .kv(
            "IdempotencyKey",
            Y::map()
                .kv("name", s("Idempotency-Key"))
                .kv("in", s("header"))
                .kv(
                    "description",
                    s("Makes a retried create safe: the same key creates once."),
                )
                .kv(
                    "schema",
                    Y::map().kv("type", s("string")).kv("maxLength", raw(64)),
                ),
        )
}

/// Shared error responses: (component name, status, description).
const ERRORS: &[(&str, &str, &str)] = &[
    ("BadRequest", "400", "The request is malformed."),
    ("NotFound", "404", "The resource does not exist."),
    (
        "Conflict",
        "409",
        "The request conflicts with the current state.",
    ),
    (
        "UnprocessableEntity",
        "422",
        "The body does not satisfy the schema.",
    ),
    ("RateLimited", "429", "Too many requests."),
];

fn shared_responses() -> Y {
    let mut responses = Y::map();
    for (name, status, description) in ERRORS {
        responses = responses.kv(
            *name,
            Y::map()
                .kv("description", s(format!("{description} ({status})")))
                .kv(
                    "content",
                    Y::map().kv(
                        "application/json",
                        Y::map().kv("schema", schema_ref("ErrorResponse")),
                    ),
                ),
        );
    }
    responses
}

fn error_responses(statuses: &[&str]) -> Vec<(String, Y)> {
    ERRORS
        .iter()
        .filter(|(_, status, _)| statuses.contains(status))
        .map(|(name, status, _)| (status.to_string(), reference("responses", name)))
        .collect()
}

/// A random scalar-ish property: its schema, and an example value for some.
fn random_field(rng: &mut Rng, r: &Resource, other: &Resource, field: &str) -> Y {
    let description = sentence(rng, 3, 8);
    let base = |ty: &str| {
        Y::map()
            .kv("type", s(ty))
            .kv("description", s(description.clone()))
    };
    match rng.below(14) {
        0 | 1 => base("string")
            .kv("minLength", raw(1))
            .kv("example", s(format!("{} {field}", r.snake))),
        2 => base("string").kv("format", s("date-time")),
        3 => base("string").kv("format", s("date")),
        4 => base("integer")
            .kv("format", s("int32"))
            .kv("example", raw(7)),
        5 => base("integer").kv("format", s("int64")),
        6 => base("number").kv("format", s("double")),
        7 => base("number").kv("format", s("float")),
        8 => base("boolean").kv("example", raw(true)),
        9 => base("string").kv("enum", strings(["low", "normal", "high", "critical"])),
        10 => base("array").kv("items", Y::map().kv("type", s("string"))),
        11 => base("array").kv("items", schema_ref(&other.schema("Summary"))),
        12 => base("object").kv(
            "additionalProperties",
            Y::map().kv("type", s("integer")).kv("format", s("int64")),
        ),
        _ => base("string").kv("pattern", s("^[A-Z0-9-]+$")),
    }
}

/// The 14 component schemas of one resource.
fn resource_schemas(rng: &mut Rng, r: &Resource, other: &Resource) -> Vec<(String, Y)> {
    let c = &r.camel;
    let id_field = || {
        Y::map()
            .kv("type", s("string"))
            .kv("readOnly", raw(true))
            .kv(
                "description",
                s(format!("Unique identifier of the {}.", r.snake)),
            )
            .kv("example", s(format!("{}_0123456789abcdef", r.kebab)))
    };
    // The random fields, shared by the resource, its create and update params.
    let mut fields: Vec<&str> = Vec::new();
    let n = 2 + rng.below(4);
    while fields.len() < n {
        let f = *rng.pick(FIELDS);
        if !fields.contains(&f) {
            fields.push(f);
        }
    }
    let props: Vec<(String, Y, bool, bool)> = fields
        .iter()
        .map(|f| {
            let schema = random_field(rng, r, other, f);
            let required = rng.chance(40);
            let nullable = rng.chance(20);
            let schema = if nullable {
                schema.kv("nullable", raw(true))
            } else {
                schema
            };
            (f.to_string(), schema, required, nullable)
        })
        .collect();

    let mut resource_props = vec![
        ("id".to_owned(), id_field()),
        (
            "createdAt".to_owned(),
            Y::map()
                .kv("type", s("string"))
                .kv("format", s("date-time"))
                .kv("description", s("When it was created."))
                .kv("example", s("2024-01-15T10:00:00Z")),
        ),
        (
            "updatedAt".to_owned(),
            Y::map()
                .kv("type", s("string"))
                .kv("format", s("date-time"))
                .kv("nullable", raw(true))
                .kv("description", s("When it last changed; null if never.")),
        ),
        ("status".to_owned(), schema_ref(&r.schema("Status"))),
        ("kind".to_owned(), schema_ref(&r.schema("Kind"))),
    ];
    let mut required = vec!["id".to_owned(), "createdAt".to_owned(), "status".to_owned()];
    for (name, schema, req, _) in &props {
        resource_props.push((name.clone(), schema.clone()));
        if *req {
            required.push(name.clone());
        }
    }
    resource_props.push((
        "owner".to_owned(),
        Y::map()
            .kv("nullable", raw(true))
            .kv(
                "description",
                s(format!("The {} this belongs to, if any.", other.snake)),
            )
            .kv("allOf", Y::Seq(vec![schema_ref(&other.schema("Summary"))])),
    ));
    resource_props.push(("metadata".to_owned(), schema_ref(&r.schema("Metadata"))));
    // A nested inline object, with (sometimes) an inline object of its own.
    let mut preference_props = Y::map()
        .kv(
            "notify",
            Y::map()
                .kv("type", s("boolean"))
                .kv("description", s("Whether to send notifications.")),
        )
        .kv(
            "channel",
            Y::map()
                .kv("type", s("string"))
                .kv("description", s("Where notifications go."))
                .kv("enum", strings(["email", "sms", "push"])),
        );
    if rng.chance(33) {
        let time = Y::map()
            .kv("type", s("string"))
            .kv("description", s("Local time, HH:MM."));
        preference_props = preference_props.kv(
            "quietHours",
            Y::map()
                .kv("type", s("object"))
                .kv("description", s("When not to notify."))
                .kv(
                    "properties",
                    Y::map().kv("start", time.clone()).kv("end", time),
                ),
        );
    }
    resource_props.push((
        "preferences".to_owned(),
        Y::map()
            .kv("type", s("object"))
            .kv("description", s(sentence(rng, 3, 8)))
            .kv("required", strings(["notify"]))
            .kv("properties", preference_props),
    ));

    // Creating takes the required fields and some of the optional ones.
    let create_props: Vec<(String, Y)> = props
        .iter()
        .filter(|(_, _, req, _)| *req || rng.chance(50))
        .map(|(n, schema, _, _)| (n.clone(), schema.clone()))
        .chain([("kind".to_owned(), schema_ref(&r.schema("Kind")))])
        .collect();
    let create_required: Vec<String> = props
        .iter()
        .filter(|(_, _, req, _)| *req)
        .map(|(n, ..)| n.clone())
        .collect();
    let update_props: Vec<(String, Y)> = props
        .iter()
        .map(|(n, schema, _, _)| (n.clone(), schema.clone()))
        .chain([(
            "status".to_owned(),
            Y::map()
                .kv("type", s("string"))
                .kv("nullable", raw(true))
                .kv("description", s("The new status; null resets it."))
                .kv(
                    "anyOf",
                    Y::Seq(vec![
                        schema_ref(&r.schema("Status")),
                        Y::map().kv("enum", Y::Seq(vec![raw("null")])),
                    ]),
                ),
        )])
        .collect();

    let enum_schema = |values: &[&str], rng: &mut Rng, what: &str| {
        let n = 3 + rng.below(values.len() - 3);
        Y::map()
            .kv("type", s("string"))
            .kv("description", s(format!("The {what} of a {}.", r.snake)))
            .kv("enum", strings(values[..n].iter().copied()))
    };
    let event = |rng: &mut Rng, tag: &str| {
        object(
            sentence(rng, 6, 14),
            vec!["eventType".into(), "at".into()],
            vec![
                (
                    "eventType".into(),
                    Y::map()
                        .kv("type", s("string"))
                        .kv("description", s(format!("Always `{tag}`."))),
                ),
                (
                    "at".into(),
                    Y::map()
                        .kv("type", s("string"))
                        .kv("format", s("date-time"))
                        .kv("description", s("When it happened.")),
                ),
                ("subject".into(), schema_ref(&r.schema("Summary"))),
                ("audit".into(), schema_ref("AuditInfo")),
            ],
        )
    };
    let number = |ty: &str, format: &str, description: &str| {
        Y::map()
            .kv("type", s(ty))
            .kv("format", s(format))
            .kv("description", s(description))
    };

    vec![
        (
            c.clone(),
            object(sentence(rng, 8, 20), required, resource_props),
        ),
        (r.schema("Status"), enum_schema(STATUSES, rng, "status")),
        (r.schema("Kind"), enum_schema(KINDS, rng, "kind")),
        (
            r.schema("Summary"),
            object(
                format!(
                    "A short view of a {}, as other resources embed it.",
                    r.snake
                ),
                vec!["id".into(), "status".into()],
                vec![
                    ("id".into(), id_field()),
                    ("status".into(), schema_ref(&r.schema("Status"))),
                    (
                        "label".into(),
                        Y::map()
                            .kv("type", s("string"))
                            .kv("description", s("A display label.")),
                    ),
                ],
            ),
        ),
        (
            r.schema("CreateParams"),
            object(
                format!("Body of the request that creates a {}.", r.snake),
                create_required,
                create_props,
            ),
        ),
        (
            r.schema("UpdateParams"),
            object(
                format!(
                    "Body of the request that updates a {}: fields left out do not change.",
                    r.snake
                ),
                Vec::new(),
                update_props,
            ),
        ),
        (
            r.schema("List"),
            object(
                format!("A page of {} records.", r.snake),
                vec!["data".into(), "pagination".into()],
                vec![
                    (
                        "data".into(),
                        Y::map()
                            .kv("type", s("array"))
                            .kv("description", s("The records of this page."))
                            .kv("items", schema_ref(c)),
                    ),
                    ("pagination".into(), schema_ref("Pagination")),
                ],
            ),
        ),
        (
            r.schema("Metadata"),
            Y::map()
                .kv("type", s("object"))
                .kv(
                    "description",
                    s("Free-form string labels set by the caller."),
                )
                .kv("additionalProperties", Y::map().kv("type", s("string"))),
        ),
        (
            r.schema("Event"),
            Y::map()
                .kv(
                    "description",
                    s(format!("Something that happened to a {}.", r.snake)),
                )
                .kv(
                    "oneOf",
                    Y::Seq(vec![
                        schema_ref(&r.schema("CreatedEvent")),
                        schema_ref(&r.schema("DeletedEvent")),
                    ]),
                )
                .kv(
                    "discriminator",
                    Y::map().kv("propertyName", s("eventType")).kv(
                        "mapping",
                        Y::map()
                            .kv(
                                "created",
                                s(format!("#/components/schemas/{}", r.schema("CreatedEvent"))),
                            )
                            .kv(
                                "deleted",
                                s(format!("#/components/schemas/{}", r.schema("DeletedEvent"))),
                            ),
                    ),
                ),
        ),
        (r.schema("CreatedEvent"), event(rng, "created")),
        (r.schema("DeletedEvent"), event(rng, "deleted")),
        (
            r.schema("Detailed"),
            Y::map()
                .kv(
                    "description",
                    s(format!(
                        "A {} with its statistics, settings and history.",
                        r.snake
                    )),
                )
                .kv(
                    "allOf",
                    Y::Seq(vec![
                        schema_ref(c),
                        Y::map().kv("type", s("object")).kv(
                            "properties",
                            Y::map()
                                .kv("stats", schema_ref(&r.schema("Stats")))
                                .kv("settings", schema_ref(&r.schema("Settings")))
                                .kv("address", schema_ref("Address"))
                                .kv(
                                    "history",
                                    Y::map()
                                        .kv("type", s("array"))
                                        .kv("description", s("Events, oldest first."))
                                        .kv("items", schema_ref(&r.schema("Event"))),
                                ),
                        ),
                    ]),
                ),
        ),
        (
            r.schema("Settings"),
            object(
                sentence(rng, 6, 16),
                vec!["retentionDays".into()],
                vec![
                    (
                        "retentionDays".into(),
                        number("integer", "int32", "How long records are kept."),
                    ),
                    ("price".into(), schema_ref("Money")),
                    (
                        "labels".into(),
                        Y::map()
                            .kv("type", s("array"))
                            .kv("description", s("Labels applied to new records."))
                            .kv("items", Y::map().kv("type", s("string"))),
                    ),
                ],
            ),
        ),
        (
            r.schema("Stats"),
            object(
                format!("Counters of a {}.", r.snake),
                vec!["views".into()],
                vec![
                    (
                        "views".into(),
                        number("integer", "int64", "Times it was viewed."),
                    ),
                    (
                        "averageScore".into(),
                        number("number", "double", "Mean review score."),
                    ),
                    (
                        "errorRate".into(),
                        number("number", "float", "Share of failed runs."),
                    ),
                ],
            ),
        ),
    ]
}

/// The paths of one resource.
fn resource_paths(rng: &mut Rng, r: &Resource) -> Vec<(String, Y)> {
    let tagged = TAGGED.contains(&r.group);
    let base = format!("/v1/{}/{}", r.group, r.kebab);
    let item = format!("{base}/{{{}Id}}", r.lower_camel);
    let id_param = Y::map()
        .kv("name", s(format!("{}Id", r.lower_camel)))
        .kv("in", s("path"))
        .kv("required", raw(true))
        .kv("description", s(format!("The id of the {}.", r.snake)))
        .kv("schema", Y::map().kv("type", s("string")));
    let json = |schema: Y| Y::map().kv("application/json", Y::map().kv("schema", schema));
    let ok = |description: String, schema: Y| {
        Y::map()
            .kv("description", s(description))
            .kv("content", json(schema))
    };
    // `verb` is the method name (`x-sdk-method`) and the start of the `operationId`.
    let operation = |rng: &mut Rng, verb: &str, summary: String| {
        let op_id = format!("{verb}{}", r.camel);
        let mut op = Y::map().kv("operationId", s(&op_id));
        if tagged {
            let mut tag = r.group.to_owned();
            tag[..1].make_ascii_uppercase();
            op = op.kv("tags", strings([tag]));
        } else {
            op = op.kv("x-sdk-method", s(format!("{}.{}.{verb}", r.group, r.snake)));
        }
        op.kv("summary", s(summary))
            .kv("description", s(sentence(rng, 6, 16)))
    };
    let responses = |success: Vec<(String, Y)>, errors: &[&str]| {
        Y::Map(success.into_iter().chain(error_responses(errors)).collect())
    };

    let list = operation(rng, "list", format!("List {} records", r.snake))
        .kv(
            "parameters",
            Y::Seq(
                vec![
                    reference("parameters", "Limit"),
                    reference("parameters", "Cursor"),
                    Y::map()
                        .kv("name", s("status"))
                        .kv("in", s("query"))
                        .kv("description", s("Only records with one of these statuses."))
                        .kv("explode", raw(rng.chance(50)))
                        .kv(
                            "schema",
                            Y::map()
                                .kv("type", s("array"))
                                .kv("items", schema_ref(&r.schema("Status"))),
                        ),
                    Y::map()
                        .kv("name", s("createdAfter"))
                        .kv("in", s("query"))
                        .kv("description", s("Only records created after this time."))
                        .kv(
                            "schema",
                            Y::map()
                                .kv("type", s("string"))
                                .kv("format", s("date-time")),
                        ),
                ]
                .into_iter()
                .chain(rng.chance(30).then(|| {
                    Y::map()
                        .kv("name", s("X-Request-Id"))
                        .kv("in", s("header"))
                        .kv("description", s("Echoed in the logs, for support."))
                        .kv("schema", Y::map().kv("type", s("string")))
                }))
                .collect(),
            ),
        )
        .kv(
            "responses",
            responses(
                vec![(
                    "200".into(),
                    ok(
                        format!("A page of {}.", r.snake),
                        schema_ref(&r.schema("List")),
                    ),
                )],
                &["400", "429"],
            ),
        );
    let create = operation(rng, "create", format!("Create a {}", r.snake))
        .kv(
            "parameters",
            Y::Seq(vec![reference("parameters", "IdempotencyKey")]),
        )
        .kv(
            "requestBody",
            Y::map()
                .kv("required", raw(true))
                .kv("description", s("The new record."))
                .kv("content", json(schema_ref(&r.schema("CreateParams")))),
        )
        .kv(
            "responses",
            responses(
                vec![(
                    "200".into(),
                    ok("The created record.".into(), schema_ref(&r.camel)),
                )],
                &["400", "409", "422"],
            ),
        );
    let expand = Y::map()
        .kv("name", s("expand"))
        .kv("in", s("query"))
        .kv("description", s("Related records to include."))
        .kv(
            "schema",
            Y::map().kv("type", s("array")).kv(
                "items",
                Y::map()
                    .kv("type", s("string"))
                    .kv("enum", strings(["owner", "history", "stats"])),
            ),
        );
    let get = operation(rng, "get", format!("Get a {}", r.snake))
        .kv("parameters", Y::Seq(vec![expand]))
        .kv(
            "responses",
            responses(
                vec![(
                    "200".into(),
                    ok("The record.".into(), schema_ref(&r.schema("Detailed"))),
                )],
                &["404", "429"],
            ),
        );
    let update = operation(rng, "update", format!("Update a {}", r.snake))
        .kv(
            "requestBody",
            Y::map()
                .kv("required", raw(true))
                .kv("description", s("The fields to change."))
                .kv("content", json(schema_ref(&r.schema("UpdateParams")))),
        )
        .kv(
            "responses",
            responses(
                vec![(
                    "200".into(),
                    ok("The record after the update.".into(), schema_ref(&r.camel)),
                )],
                &["404", "422"],
            ),
        );
    let delete = operation(rng, "delete", format!("Delete a {}", r.snake)).kv(
        "responses",
        responses(
            vec![("204".into(), Y::map().kv("description", s("Deleted.")))],
            &["404", "409"],
        ),
    );
    let mut paths = vec![
        (base, Y::map().kv("get", list).kv("post", create)),
        (
            item.clone(),
            Y::map()
                .kv("parameters", Y::Seq(vec![id_param.clone()]))
                .kv("get", get)
                .kv("patch", update)
                .kv("delete", delete),
        ),
    ];
    if rng.chance(20) {
        let action = *rng.pick(ACTIONS);
        let op = operation(rng, action, format!("{action} a {}", r.snake))
            .kv("parameters", Y::Seq(vec![id_param]))
            .kv(
                "requestBody",
                Y::map().kv(
                    "content",
                    json(object(
                        format!("Why the {} is changed.", r.snake),
                        vec!["reason".into()],
                        vec![
                            (
                                "reason".into(),
                                Y::map()
                                    .kv("type", s("string"))
                                    .kv("description", s("Shown in the audit log.")),
                            ),
                            (
                                "notify".into(),
                                Y::map()
                                    .kv("type", s("boolean"))
                                    .kv("description", s("Whether to tell the owner.")),
                            ),
                        ],
                    )),
                ),
            )
            .kv(
                "responses",
                responses(
                    vec![(
                        "200".into(),
                        ok(
                            "The record after the change.".into(),
                            Y::map().kv("type", s("object")).kv(
                                "properties",
                                Y::map()
                                    .kv("record", schema_ref(&r.camel))
                                    .kv("audit", schema_ref("AuditInfo")),
                            ),
                        ),
                    )],
                    &["404", "409"],
                ),
            );
        paths.push((format!("{item}/{action}"), Y::map().kv("post", op)));
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_document_generates_and_is_deterministic() {
        let a = document(12, SEED);
        let b = document(12, SEED);
        assert_eq!(a, b);
        let doc = codegen::load::load_str(&a).unwrap();
        assert_eq!(doc.components.as_ref().unwrap().schemas.len(), 5 + 12 * 14);
        assert!(doc.operations().count() >= 12 * 5);
        let options = codegen::Options::from_title(&doc);
        let generated = codegen::generate(&doc, &options).unwrap_or_else(|e| panic!("{e}"));
        assert!(!generated.files.is_empty());
    }
}
