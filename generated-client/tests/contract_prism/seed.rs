//! Hand-written cases for the first two operations, `viewer.users.update` and `invite`:
//! the document's examples decoded into expected values, absent / null / value for every
//! nullable field, values the document refuses (422), wrong credentials (401), and
//! `send_with_response`.

use std::time::Duration;

use avara::models::{
    AssignableUserLevel, ClinicRole, ErrorResponse, InvitedSource, UserLevel, ViewerUser,
    ViewerUserInviteParams, ViewerUserInviteResponse, ViewerUserUpdateParams,
};
use avara::{Client, Error, ErrorKind, Nullable};
use chrono::{DateTime, FixedOffset};
use http::StatusCode;

use crate::harness::{accepted, USER_ID};
use crate::Case;

pub const CASES: &[Case] = &[
    ("update_with_no_fields", |c| {
        Box::pin(update_with_no_fields(c.client))
    }),
    ("update_with_every_field_set", |c| {
        Box::pin(update_with_every_field_set(c.client))
    }),
    ("update_clearing_every_nullable_field", |c| {
        Box::pin(update_clearing_every_nullable_field(c.client))
    }),
    ("update_mixing_absent_null_and_values", |c| {
        Box::pin(update_mixing_absent_null_and_values(c.client))
    }),
    ("invite_with_required_fields_only", |c| {
        Box::pin(invite_with_required_fields_only(c.client))
    }),
    ("invite_with_every_field_set", |c| {
        Box::pin(invite_with_every_field_set(c.client))
    }),
    ("invite_with_empty_first_name_is_422", |c| {
        Box::pin(invite_with_empty_first_name_is_422(c.client))
    }),
    ("update_with_legacy_clinic_role_is_422", |c| {
        Box::pin(update_with_legacy_clinic_role_is_422(c.client))
    }),
    ("update_with_malformed_user_id_is_422", |c| {
        Box::pin(update_with_malformed_user_id_is_422(c.client))
    }),
    ("wrong_credentials_are_401", |c| {
        Box::pin(wrong_credentials_are_401(c.client))
    }),
    ("send_with_response_exposes_status_and_headers", |c| {
        Box::pin(send_with_response_exposes_status_and_headers(c.client))
    }),
];

// ---------------------------------------------------------------------------------------
// Expected values: the document's 200 examples.
// ---------------------------------------------------------------------------------------

fn timestamp(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("an RFC 3339 timestamp")
}

/// The 200 example of `PATCH /v1/viewer/users/{userId}`.
fn example_updated_user() -> ViewerUser {
    let mut user = ViewerUser::new(
        true,
        ClinicRole::Radiologist,
        Some(timestamp("2024-01-15T10:00:00Z")),
        "dr.johnson@hospital.org",
        "Sarah",
        true,
        InvitedSource::Api,
        Some(timestamp("2024-03-15T09:00:00Z")),
        "Johnson",
        UserLevel::Member,
        USER_ID,
    );
    user.middle_name = Some("Marie".into());
    user.phone_number = Some("5551234567".into());
    user.suffix1 = Some("MD".into());
    user.suffix2 = Some("FACR".into());
    user
}

/// The 200 example of `POST /v1/viewer/users`.
fn example_invited_user() -> ViewerUserInviteResponse {
    let mut user = ViewerUserInviteResponse::new(
        true,
        ClinicRole::Radiologist,
        Some(timestamp("2024-01-15T10:00:00Z")),
        "dr.johnson@hospital.org",
        "Sarah",
        true,
        InvitedSource::Api,
        Some(timestamp("2024-03-15T09:00:00Z")),
        "Johnson",
        AssignableUserLevel::Member,
        USER_ID,
    );
    user.middle_name = Some("Marie".into());
    user.phone_number = Some("5551234567".into());
    user.suffix1 = Some("MD".into());
    user.suffix2 = Some("FACR".into());
    user
}

/// The docs' invite request (seed 003), built from the required fields only.
fn docs_invite() -> ViewerUserInviteParams {
    ViewerUserInviteParams::new(
        true,
        ClinicRole::Radiologist,
        "dr.johnson@hospital.org",
        "Sarah",
        true,
        "Johnson",
        AssignableUserLevel::Member,
    )
}

/// Checks that `error` is Prism's 422 and that Prism named `field` as the violation.
fn assert_refused_with_422(error: &Error, field: &str) {
    let Error::Status(api) = error else {
        panic!("expected Error::Status, got {error:?}");
    };
    assert_eq!(api.status(), StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(api.kind(), ErrorKind::UnprocessableEntity);
    assert_eq!(error.kind(), Some(ErrorKind::UnprocessableEntity));
    assert_eq!(error.status(), Some(StatusCode::UNPROCESSABLE_ENTITY));
    assert!(!api.body().is_empty(), "the 422 has a body");
    let body: ErrorResponse = api
        .json()
        .unwrap_or_else(|| panic!("the 422 body is an ErrorResponse: {}", api.body_text()));
    assert!(body.message.is_some(), "{body:?}");
    assert!(
        error.to_string().contains("422"),
        "the error message names the status: {error}"
    );
    let violations = api
        .headers()
        .get("sl-violations")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    // Prism names a path parameter in lower case (`userid`).
    assert!(
        violations.to_lowercase().contains(&field.to_lowercase()),
        "Prism refused the request for another reason than `{field}`: {violations}"
    );
}

// ---------------------------------------------------------------------------------------
// viewer.users.update
// ---------------------------------------------------------------------------------------

async fn update_with_no_fields(client: Client) {
    let params = ViewerUserUpdateParams::default();
    let user = accepted(
        client.viewer().users().update(USER_ID, &params).await,
        "update with {}",
    );
    assert_eq!(user, example_updated_user());
}

async fn update_with_every_field_set(client: Client) {
    // A struct literal without `..Default::default()`: a field added to the document makes
    // this stop compiling until it is covered here.
    let params = ViewerUserUpdateParams {
        can_manage_studies: Some(false),
        clinic_role: ClinicRole::PathologistsAssistant.into(),
        first_name: Some("Sarah".into()),
        has_dashboard_access: Some(true),
        last_name: Some("O'Brien-Johnson".into()),
        level: Some(AssignableUserLevel::Admin),
        middle_name: Nullable::Value("Marie".into()),
        phone_number: Nullable::Value("5551234567".into()),
        suffix1: Nullable::Value("MD".into()),
        suffix2: Nullable::Value("FACR".into()),
    };
    let user = accepted(
        client.viewer().users().update(USER_ID, &params).await,
        "update with every field",
    );
    assert_eq!(user, example_updated_user());
    assert_eq!(user.clinic_role, ClinicRole::Radiologist);
    assert_eq!(user.level, UserLevel::Member);
    assert_eq!(
        user.created_at.map(|at| at.to_rfc3339()),
        Some("2024-01-15T10:00:00+00:00".to_owned())
    );
}

async fn update_clearing_every_nullable_field(client: Client) {
    let params = ViewerUserUpdateParams {
        can_manage_studies: None,
        clinic_role: Nullable::Null,
        first_name: None,
        has_dashboard_access: None,
        last_name: None,
        level: None,
        middle_name: Nullable::Null,
        phone_number: Nullable::Null,
        suffix1: Nullable::Null,
        suffix2: Nullable::Null,
    };
    let user = accepted(
        client.viewer().users().update(USER_ID, &params).await,
        "update clearing every nullable field",
    );
    assert_eq!(user, example_updated_user());
}

async fn update_mixing_absent_null_and_values(client: Client) {
    // Each nullable field alone as null, then alongside values of the other fields.
    let clear_one: [fn(&mut ViewerUserUpdateParams); 5] = [
        |p| p.clinic_role = Nullable::Null,
        |p| p.middle_name = Nullable::Null,
        |p| p.phone_number = Nullable::Null,
        |p| p.suffix1 = Nullable::Null,
        |p| p.suffix2 = Nullable::Null,
    ];
    for (i, clear) in clear_one.iter().enumerate() {
        let mut params = ViewerUserUpdateParams::default();
        clear(&mut params);
        accepted(
            client.viewer().users().update(USER_ID, &params).await,
            &format!("update with nullable field #{i} null: {params:?}"),
        );

        let mut params = ViewerUserUpdateParams {
            first_name: Some("Sarah".into()),
            level: Some(AssignableUserLevel::Member),
            clinic_role: ClinicRole::Other.into(),
            suffix1: Nullable::Value("Jr.".into()),
            ..Default::default()
        };
        clear(&mut params);
        accepted(
            client.viewer().users().update(USER_ID, &params).await,
            &format!("update mixing values and null #{i}: {params:?}"),
        );
    }
}

async fn update_with_legacy_clinic_role_is_422(client: Client) {
    // The client can send a role it only knows as `Unknown`; the API refuses the legacy one.
    let params = ViewerUserUpdateParams {
        clinic_role: ClinicRole::from("PACS Administrator").into(),
        ..Default::default()
    };
    let error = client
        .viewer()
        .users()
        .update(USER_ID, &params)
        .await
        .expect_err("Prism refuses the legacy role");
    assert_refused_with_422(&error, "clinicRole");

    // A first name may not be cleared with an empty string either.
    let params = ViewerUserUpdateParams {
        first_name: Some(String::new()),
        ..Default::default()
    };
    let error = client
        .viewer()
        .users()
        .update(USER_ID, &params)
        .await
        .expect_err("Prism refuses an empty first name");
    assert_refused_with_422(&error, "firstName");
}

async fn update_with_malformed_user_id_is_422(client: Client) {
    let params = ViewerUserUpdateParams::default();
    for id in ["usr_123", "usr_1234567890ABCDEF1234567890ABCDEF"] {
        let error = client
            .viewer()
            .users()
            .update(id, &params)
            .await
            .expect_err("Prism refuses a user id that breaks the pattern");
        assert_refused_with_422(&error, "userId");
    }
    // An empty id never reaches the server.
    let error = client
        .viewer()
        .users()
        .update("", &params)
        .await
        .expect_err("an empty user id is refused");
    assert!(
        matches!(error, Error::InvalidArgument { arg: "user_id", .. }),
        "{error:?}"
    );
}

// ---------------------------------------------------------------------------------------
// viewer.users.invite
// ---------------------------------------------------------------------------------------

async fn invite_with_required_fields_only(client: Client) {
    let user = accepted(
        client.viewer().users().invite(&docs_invite()).await,
        "the docs' invite",
    );
    assert_eq!(user, example_invited_user());
    assert_eq!(user.user_id, USER_ID);
    assert_eq!(user.level, AssignableUserLevel::Member);
    assert_eq!(user.invited_source, InvitedSource::Api);
}

async fn invite_with_every_field_set(client: Client) {
    let params = ViewerUserInviteParams {
        can_manage_studies: false,
        clinic_role: ClinicRole::PathologistsAssistant,
        email: "dr.johnson@hospital.org".into(),
        first_name: "Sarah".into(),
        has_dashboard_access: true,
        last_name: "Johnson".into(),
        level: AssignableUserLevel::Admin,
        middle_name: Some("Marie".into()),
        phone_number: Some("5551234567".into()),
        suffix1: Some("MD".into()),
        suffix2: Some("FACR".into()),
    };
    let user = accepted(
        client.viewer().users().invite(&params).await,
        "invite with every field",
    );
    assert_eq!(user, example_invited_user());
    assert_eq!(user.suffix2.as_deref(), Some("FACR"));
}

async fn invite_with_empty_first_name_is_422(client: Client) {
    let mut params = docs_invite();
    params.first_name = String::new();
    let error = client
        .viewer()
        .users()
        .invite(&params)
        .await
        .expect_err("Prism refuses an empty first name");
    assert_refused_with_422(&error, "firstName");

    let mut params = docs_invite();
    params.email = "not-an-email".into();
    let error = client
        .viewer()
        .users()
        .invite(&params)
        .await
        .expect_err("Prism refuses an email that is not an address");
    assert_refused_with_422(&error, "email");

    // `owner` cannot be assigned; the open enum lets a caller try anyway.
    let mut params = docs_invite();
    params.level = AssignableUserLevel::from("owner");
    let error = client
        .viewer()
        .users()
        .invite(&params)
        .await
        .expect_err("Prism refuses level owner");
    assert_refused_with_422(&error, "level");
}

// ---------------------------------------------------------------------------------------
// Both
// ---------------------------------------------------------------------------------------

async fn wrong_credentials_are_401(client: Client) {
    // A per-call header replaces the client's `Authorization: Bearer test`.
    let error = client
        .viewer()
        .users()
        .invite(&docs_invite())
        .header("Authorization", "Basic dGVzdDp0ZXN0")
        .await
        .expect_err("Prism refuses non-Bearer credentials");
    assert_eq!(error.kind(), Some(ErrorKind::Authentication), "{error}");
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
}

async fn send_with_response_exposes_status_and_headers(client: Client) {
    let response = accepted(
        client
            .viewer()
            .users()
            .update(USER_ID, &ViewerUserUpdateParams::default())
            .timeout(Duration::from_secs(30))
            .max_retries(1)
            .send_with_response()
            .await,
        "update with send_with_response",
    );
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type:?}"
    );
    assert!(response
        .headers()
        .contains_key(http::header::CONTENT_LENGTH));
    assert_eq!(response.value(), &example_updated_user());

    let (status, headers, user) = accepted(
        client
            .viewer()
            .users()
            .invite(&docs_invite())
            .send_with_response()
            .await,
        "invite with send_with_response",
    )
    .into_parts();
    assert_eq!(status, StatusCode::OK);
    assert!(headers.contains_key(http::header::CONTENT_TYPE));
    assert_eq!(user, example_invited_user());
}
