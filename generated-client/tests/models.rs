//! The generated models on the wire, byte for byte, without a server: what request bodies
//! serialize to (absent, `null` and values; fields in the order the structs declare them),
//! and what response bodies decode into (open enums, the legacy clinic role, nullable
//! timestamps, unknown fields).

use avara::models::{
    AssignableUserLevel, ClinicRole, ErrorResponse, InvitedSource, UserLevel, ViewerUser,
    ViewerUserInviteParams, ViewerUserInviteResponse, ViewerUserUpdateParams,
};
use avara::Nullable;
use chrono::DateTime;

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serializes")
}

fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|error| panic!("{error}: {json}"))
}

/// The 200 example of both operations in the document, as Prism sends it.
const EXAMPLE_USER: &str = r#"{"canManageStudies":true,"clinicRole":"Radiologist","createdAt":"2024-01-15T10:00:00Z","email":"dr.johnson@hospital.org","firstName":"Sarah","hasDashboardAccess":true,"invitedSource":"api","lastLoginAt":"2024-03-15T09:00:00Z","lastName":"Johnson","level":"member","userId":"usr_1234567890abcdef1234567890abcdef","middleName":"Marie","phoneNumber":"5551234567","suffix1":"MD","suffix2":"FACR"}"#;

/// A stored user that still carries the legacy role.
const LEGACY_USER: &str = r#"{"canManageStudies":false,"clinicRole":"PACS Administrator","createdAt":null,"email":"pacs@hospital.org","firstName":"Pat","hasDashboardAccess":true,"invitedSource":"dashboard","lastLoginAt":"2024-03-15T09:00:00Z","lastName":"Lee","level":"owner","userId":"usr_00000000000000000000000000000001"}"#;

// ---------------------------------------------------------------------------------------
// ViewerUserUpdateParams: three states per nullable field
// ---------------------------------------------------------------------------------------

#[test]
fn update_params_default_sends_an_empty_object() {
    assert_eq!(to_json(&ViewerUserUpdateParams::default()), "{}");
}

#[test]
fn update_params_null_is_sent_and_absent_is_not() {
    let params = ViewerUserUpdateParams {
        middle_name: Nullable::Null,
        ..Default::default()
    };
    assert_eq!(to_json(&params), r#"{"middleName":null}"#);

    let params = ViewerUserUpdateParams {
        clinic_role: Nullable::Null,
        middle_name: Nullable::Null,
        phone_number: Nullable::Null,
        suffix1: Nullable::Null,
        suffix2: Nullable::Null,
        ..Default::default()
    };
    assert_eq!(
        to_json(&params),
        r#"{"clinicRole":null,"middleName":null,"phoneNumber":null,"suffix1":null,"suffix2":null}"#
    );
}

#[test]
fn update_params_with_every_field_in_declaration_order() {
    let params = ViewerUserUpdateParams {
        can_manage_studies: Some(true),
        clinic_role: ClinicRole::Radiologist.into(),
        first_name: Some("Sarah".into()),
        has_dashboard_access: Some(false),
        last_name: Some("Johnson".into()),
        level: Some(AssignableUserLevel::Member),
        middle_name: "Marie".to_owned().into(),
        phone_number: Nullable::Value("5551234567".into()),
        suffix1: Nullable::Value("MD".into()),
        suffix2: Nullable::Value("FACR".into()),
    };
    assert_eq!(
        to_json(&params),
        r#"{"canManageStudies":true,"clinicRole":"Radiologist","firstName":"Sarah","hasDashboardAccess":false,"lastName":"Johnson","level":"member","middleName":"Marie","phoneNumber":"5551234567","suffix1":"MD","suffix2":"FACR"}"#
    );
}

#[test]
fn update_params_mix_values_null_and_absent() {
    let params = ViewerUserUpdateParams {
        first_name: Some("Sarah".into()),
        clinic_role: Nullable::Value(ClinicRole::PathologistsAssistant),
        phone_number: Nullable::Null,
        ..Default::default()
    };
    assert_eq!(
        to_json(&params),
        r#"{"clinicRole":"Pathologists' Assistant","firstName":"Sarah","phoneNumber":null}"#
    );
}

#[test]
fn update_params_decode_the_three_states() {
    let params: ViewerUserUpdateParams =
        from_json(r#"{"middleName":null,"suffix1":"MD","clinicRole":"Other"}"#);
    assert_eq!(
        params,
        ViewerUserUpdateParams {
            clinic_role: Nullable::Value(ClinicRole::Other),
            middle_name: Nullable::Null,
            suffix1: Nullable::Value("MD".into()),
            ..Default::default()
        }
    );
    assert!(params.phone_number.is_absent());
    assert_eq!(params.first_name, None);
}

// ---------------------------------------------------------------------------------------
// ViewerUserInviteParams
// ---------------------------------------------------------------------------------------

#[test]
fn invite_params_new_sends_the_required_fields_only() {
    // `new` takes every required field, so a body without one cannot be built with it.
    let params = ViewerUserInviteParams::new(
        true,
        ClinicRole::Radiologist,
        "dr.johnson@hospital.org",
        "Sarah",
        true,
        "Johnson",
        AssignableUserLevel::Member,
    );
    // Byte for byte the docs' invite request (seed 003).
    assert_eq!(
        to_json(&params),
        r#"{"canManageStudies":true,"clinicRole":"Radiologist","email":"dr.johnson@hospital.org","firstName":"Sarah","hasDashboardAccess":true,"lastName":"Johnson","level":"member"}"#
    );
    assert_eq!(params.middle_name, None);
    assert_eq!(params.suffix2, None);
}

#[test]
fn invite_params_with_every_field() {
    let mut params = ViewerUserInviteParams::new(
        false,
        ClinicRole::ItSupport,
        "it@hospital.org",
        "Sam",
        false,
        "Doe",
        AssignableUserLevel::Admin,
    );
    params.middle_name = Some("Marie".into());
    params.phone_number = Some("5551234567".into());
    params.suffix1 = Some("MD".into());
    params.suffix2 = Some("FACR".into());
    assert_eq!(
        to_json(&params),
        r#"{"canManageStudies":false,"clinicRole":"IT Support","email":"it@hospital.org","firstName":"Sam","hasDashboardAccess":false,"lastName":"Doe","level":"admin","middleName":"Marie","phoneNumber":"5551234567","suffix1":"MD","suffix2":"FACR"}"#
    );
}

#[test]
fn invite_params_optional_fields_are_left_out_not_null() {
    // On invite the optional fields are not nullable: `None` must not become `null`.
    let mut params = ViewerUserInviteParams::new(
        true,
        ClinicRole::Doctor,
        "a@b.org",
        "A",
        true,
        "B",
        AssignableUserLevel::Member,
    );
    params.suffix1 = Some("Jr.".into());
    let json = to_json(&params);
    assert!(!json.contains("null"), "{json}");
    assert!(
        json.ends_with(r#","level":"member","suffix1":"Jr."}"#),
        "{json}"
    );
}

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

#[test]
fn the_documented_example_decodes() {
    let user: ViewerUser = from_json(EXAMPLE_USER);
    assert!(user.can_manage_studies);
    assert_eq!(user.clinic_role, ClinicRole::Radiologist);
    assert_eq!(
        user.created_at,
        Some(DateTime::parse_from_rfc3339("2024-01-15T10:00:00Z").unwrap())
    );
    assert_eq!(user.email, "dr.johnson@hospital.org");
    assert_eq!(user.invited_source, InvitedSource::Api);
    assert_eq!(user.level, UserLevel::Member);
    assert_eq!(user.user_id, "usr_1234567890abcdef1234567890abcdef");
    assert_eq!(user.middle_name.as_deref(), Some("Marie"));
    assert_eq!(user.suffix2.as_deref(), Some("FACR"));

    let invited: ViewerUserInviteResponse = from_json(EXAMPLE_USER);
    assert_eq!(invited.level, AssignableUserLevel::Member);
    assert_eq!(invited.phone_number.as_deref(), Some("5551234567"));
}

#[test]
fn the_documented_example_round_trips_byte_for_byte() {
    let user: ViewerUser = from_json(EXAMPLE_USER);
    assert_eq!(to_json(&user), EXAMPLE_USER);
    let user: ViewerUserInviteResponse = from_json(EXAMPLE_USER);
    assert_eq!(to_json(&user), EXAMPLE_USER);
}

#[test]
fn timestamps_keep_their_instant_and_offset() {
    // What Prism's generated responses look like: a `.0` fraction, read as the same instant.
    let json = EXAMPLE_USER
        .replace("2024-01-15T10:00:00Z", "1936-01-28T01:14:01.0Z")
        .replace("2024-03-15T09:00:00Z", "2024-03-15T11:00:00+02:00");
    let user: ViewerUser = from_json(&json);
    let created = user.created_at.expect("createdAt");
    assert_eq!(created.timestamp(), -1_070_664_359);
    let last_login = user.last_login_at.expect("lastLoginAt");
    assert_eq!(last_login.offset().local_minus_utc(), 2 * 3600);
    assert_eq!(
        Some(last_login),
        DateTime::parse_from_rfc3339("2024-03-15T09:00:00Z").ok()
    );
    // Written back: the offset is kept, a zero fraction is not.
    let again = to_json(&user);
    assert!(
        again.contains(r#""createdAt":"1936-01-28T01:14:01Z""#),
        "{again}"
    );
    assert!(
        again.contains(r#""lastLoginAt":"2024-03-15T11:00:00+02:00""#),
        "{again}"
    );
}

#[test]
fn the_legacy_clinic_role_is_kept_and_sent_back_unchanged() {
    let user: ViewerUser = from_json(LEGACY_USER);
    assert_eq!(
        user.clinic_role,
        ClinicRole::Unknown("PACS Administrator".into())
    );
    assert_eq!(user.clinic_role.as_str(), "PACS Administrator");
    assert_eq!(user.level, UserLevel::Owner);
    assert_eq!(user.invited_source, InvitedSource::Dashboard);
    assert_eq!(to_json(&user), LEGACY_USER);
}

#[test]
fn null_timestamps_decode_as_none_and_are_sent_as_null() {
    let json = EXAMPLE_USER
        .replace(r#""2024-01-15T10:00:00Z""#, "null")
        .replace(r#""2024-03-15T09:00:00Z""#, "null");
    let user: ViewerUserInviteResponse = from_json(&json);
    assert_eq!(user.created_at, None);
    assert_eq!(user.last_login_at, None);
    // Required and nullable: `None` is written as `null`, not left out.
    assert_eq!(to_json(&user), json);
}

#[test]
fn a_missing_required_nullable_timestamp_also_decodes_as_none() {
    // The document requires `createdAt` (always present, may be null), but serde reads a
    // missing `Option` field as `None`: the client cannot tell "missing" from `null`.
    let json = EXAMPLE_USER.replace(r#""createdAt":"2024-01-15T10:00:00Z","#, "");
    let user: ViewerUser = from_json(&json);
    assert_eq!(user.created_at, None);
    assert!(to_json(&user).contains(r#""createdAt":null"#));
}

#[test]
fn unknown_fields_are_accepted() {
    let json = EXAMPLE_USER.replacen(
        '{',
        r#"{"surprise":1,"nested":{"a":[true,null]},"clinicRoleV2":"x","#,
        1,
    );
    let user: ViewerUser = from_json(&json);
    assert_eq!(user, from_json::<ViewerUser>(EXAMPLE_USER));
    // The response types have no catch-all map: unknown fields are not kept.
    assert!(!to_json(&user).contains("surprise"));
}

#[test]
fn optional_response_fields_may_be_missing() {
    let json = r#"{"canManageStudies":true,"clinicRole":"Doctor","createdAt":null,"email":"a@b.org","firstName":"A","hasDashboardAccess":false,"invitedSource":"api","lastLoginAt":null,"lastName":"B","level":"admin","userId":"usr_1234567890abcdef1234567890abcdef"}"#;
    let user: ViewerUserInviteResponse = from_json(json);
    assert_eq!(user.middle_name, None);
    assert_eq!(user.phone_number, None);
    assert_eq!(user.suffix1, None);
    assert_eq!(user.suffix2, None);
    assert_eq!(to_json(&user), json);
}

#[test]
fn a_missing_required_field_is_an_error_naming_it() {
    let json = EXAMPLE_USER.replace(r#""userId":"usr_1234567890abcdef1234567890abcdef","#, "");
    let error = serde_json::from_str::<ViewerUser>(&json).unwrap_err();
    assert!(
        error.to_string().contains("missing field `userId`"),
        "{error}"
    );

    // Through the runtime's decoder, the error carries the body and the status.
    let body = bytes::Bytes::from(json);
    let error = avara::runtime::json::<ViewerUser>(http::StatusCode::OK, &body)
        .expect_err("userId is required");
    assert!(error.message().contains("userId"), "{error}");
    assert_eq!(error.status(), Some(http::StatusCode::OK));
}

#[test]
fn a_wrongly_typed_field_is_an_error_with_its_path() {
    let json = EXAMPLE_USER.replace(r#""canManageStudies":true"#, r#""canManageStudies":"true""#);
    let body = bytes::Bytes::from(json);
    let error = avara::runtime::json::<ViewerUser>(http::StatusCode::OK, &body)
        .expect_err("a string is not a bool");
    assert_eq!(error.path(), Some("canManageStudies"));

    let json = EXAMPLE_USER.replace("2024-01-15T10:00:00Z", "yesterday");
    let body = bytes::Bytes::from(json);
    let error = avara::runtime::json::<ViewerUser>(http::StatusCode::OK, &body)
        .expect_err("not a timestamp");
    assert_eq!(error.path(), Some("createdAt"));
}

#[test]
fn an_assignable_level_that_is_not_assignable_is_kept() {
    // `owner` is a UserLevel but not an AssignableUserLevel: an invite response with it
    // still decodes, into the catch-all.
    let json = EXAMPLE_USER.replace(r#""level":"member""#, r#""level":"owner""#);
    let user: ViewerUserInviteResponse = from_json(&json);
    assert_eq!(user.level, AssignableUserLevel::Unknown("owner".into()));
    assert_eq!(to_json(&user.level), r#""owner""#);
    let user: ViewerUser = from_json(&json);
    assert_eq!(user.level, UserLevel::Owner);
}

#[test]
fn error_response_keeps_every_property() {
    let json = r#"{"message":"Request body property firstName must NOT have fewer than 1 characters","code":"minLength","validation":[{"location":["body","firstName"]}]}"#;
    let error: ErrorResponse = from_json(json);
    assert_eq!(
        error.message.as_deref(),
        Some("Request body property firstName must NOT have fewer than 1 characters")
    );
    assert_eq!(error.additional_properties.len(), 2);
    assert_eq!(error.additional_properties["code"], "minLength");
    // `message` first, then the others in key order, which is the order they came in here.
    assert_eq!(to_json(&error), json);

    let empty: ErrorResponse = from_json("{}");
    assert_eq!(empty, ErrorResponse::default());
    assert_eq!(to_json(&empty), "{}");
}

// ---------------------------------------------------------------------------------------
// Open enums
// ---------------------------------------------------------------------------------------

#[test]
fn clinic_roles_with_punctuation_round_trip() {
    for (role, wire) in [
        (ClinicRole::PathologistsAssistant, "Pathologists' Assistant"),
        (
            ClinicRole::SpeechLanguagePathologist,
            "Speech-Language Pathologist",
        ),
        (ClinicRole::ItAdministrator, "IT Administrator"),
        (
            ClinicRole::CertifiedRegisteredNurseAnesthetist,
            "Certified Registered Nurse Anesthetist",
        ),
        (ClinicRole::Doctor, "Doctor"),
        (ClinicRole::Other, "Other"),
    ] {
        let json = format!("\"{wire}\"");
        assert_eq!(to_json(&role), json);
        assert_eq!(from_json::<ClinicRole>(&json), role);
        assert_eq!(ClinicRole::from(wire), role);
        assert_eq!(ClinicRole::from(wire.to_owned()), role);
        assert_eq!(role.as_str(), wire);
        assert_eq!(role.to_string(), wire);
    }
}

#[test]
fn other_is_a_real_role_not_an_unknown_one() {
    assert_eq!(ClinicRole::from("Other"), ClinicRole::Other);
    assert!(!matches!(ClinicRole::from("Other"), ClinicRole::Unknown(_)));
    assert_eq!(from_json::<ClinicRole>(r#""Other""#), ClinicRole::Other);
}

#[test]
fn unknown_values_are_kept_exactly() {
    for wire in [
        "PACS Administrator",
        "Chief Wizard",
        "radiologist",
        " Doctor",
        "",
    ] {
        let role = ClinicRole::from(wire);
        assert_eq!(role, ClinicRole::Unknown(wire.to_owned()), "{wire:?}");
        assert_eq!(role.as_str(), wire);
        assert_eq!(role.to_string(), wire);
        assert_eq!(to_json(&role), serde_json::to_string(wire).unwrap());
    }
    assert_eq!(
        from_json::<InvitedSource>(r#""sso""#),
        InvitedSource::Unknown("sso".into())
    );
    assert_eq!(
        from_json::<UserLevel>(r#""superuser""#),
        UserLevel::Unknown("superuser".into())
    );
    // A value that is not a string is still an error.
    assert!(serde_json::from_str::<ClinicRole>("42").is_err());
}

#[test]
fn levels_and_sources_give_their_wire_values() {
    assert_eq!(UserLevel::Owner.as_str(), "owner");
    assert_eq!(UserLevel::Admin.to_string(), "admin");
    assert_eq!(AssignableUserLevel::Member.to_string(), "member");
    assert_eq!(
        AssignableUserLevel::from("admin"),
        AssignableUserLevel::Admin
    );
    assert_eq!(InvitedSource::Dashboard.as_str(), "dashboard");
    assert_eq!(InvitedSource::from("api"), InvitedSource::Api);
    assert_eq!(to_json(&UserLevel::Member), r#""member""#);
}
