//! Contract cases for the Viewer operations (19), one per `x-sdk-method`.
//!
//! Every request struct is written as a literal with every field set (no
//! `..Default::default()`): a field added to the document stops this from compiling until
//! the case sets it. Values come from the document's examples and constraints.

use avara::models::{
    AssignableUserLevel, ClinicRole, EphemeralHangingProtocol, EphemeralSessionCreateParams,
    InvitationExpiredFilter, InvitationRevokeParams, InvitationStatus, InvitedSource, Severity,
    StudyCancelParams, StudyUncancelParams, StudyViewerStatus, UserLevel, UserReactivateParams,
    UserRevokeAccessParams, ViewerInvitationUpdateParams, ViewerLayout, ViewerStudiesListParams,
    ViewerStudyCreateParams, ViewerStudyRerouteUrlParams, ViewerStudyUpdateParams,
    ViewerUserInviteParams, ViewerUserUpdateParams, ViewerUsersInvitationsListParams,
    ViewerUsersListParams,
};
use avara::Nullable;

use crate::harness::{
    date, string_map, Ctx, CURSOR, CUSTOMER_ID, INVITATION_ID, STUDY_ID, STUDY_UID, USER_ID,
};
use crate::Case;

pub const CASES: &[Case] = &[
    ("viewer.ephemeral_sessions.create", |c| {
        Box::pin(ephemeral_sessions_create(c))
    }),
    ("viewer.studies.create", |c| Box::pin(studies_create(c))),
    ("viewer.studies.retrieve", |c| Box::pin(studies_retrieve(c))),
    ("viewer.studies.update", |c| Box::pin(studies_update(c))),
    ("viewer.studies.list", |c| Box::pin(studies_list(c))),
    ("viewer.studies.cancel", |c| Box::pin(studies_cancel(c))),
    ("viewer.studies.reroute_url", |c| {
        Box::pin(studies_reroute_url(c))
    }),
    ("viewer.studies.retrieve_by_uid", |c| {
        Box::pin(studies_retrieve_by_uid(c))
    }),
    ("viewer.studies.uncancel", |c| Box::pin(studies_uncancel(c))),
    ("viewer.users.retrieve", |c| Box::pin(users_retrieve(c))),
    ("viewer.users.update", |c| Box::pin(users_update(c))),
    ("viewer.users.list", |c| Box::pin(users_list(c))),
    ("viewer.users.invite", |c| Box::pin(users_invite(c))),
    ("viewer.users.reactivate", |c| Box::pin(users_reactivate(c))),
    ("viewer.users.revoke_access", |c| {
        Box::pin(users_revoke_access(c))
    }),
    ("viewer.users.invitations.retrieve", |c| {
        Box::pin(invitations_retrieve(c))
    }),
    ("viewer.users.invitations.update", |c| {
        Box::pin(invitations_update(c))
    }),
    ("viewer.users.invitations.list", |c| {
        Box::pin(invitations_list(c))
    }),
    ("viewer.users.invitations.revoke", |c| {
        Box::pin(invitations_revoke(c))
    }),
];

/// The ephemeral-session body with every field, shared with AutoScribe's.
pub fn ephemeral_session() -> EphemeralSessionCreateParams {
    let options = serde_json::json!({ "studyInstanceUids": [STUDY_UID] });
    EphemeralSessionCreateParams {
        retrieval_id: "order-12345".into(),
        hanging_protocol: Some(EphemeralHangingProtocol {
            layout: ViewerLayout::N2x2,
            viewport_assignments: vec![
                Some("Axial T1".into()),
                Some("Axial T2".into()),
                None,
                Some("Sagittal T2".into()),
            ],
        }),
        options: options.as_object().cloned(),
    }
}

async fn ephemeral_sessions_create(ctx: Ctx) {
    ctx.check_body_examples::<EphemeralSessionCreateParams>();
    let body = ephemeral_session();
    let session = ctx
        .exercise(|| ctx.client.viewer().ephemeral_sessions().create(&body))
        .await;
    assert!(session.url.starts_with("https://"), "{session:?}");
}

// ---------------------------------------------------------------------------------------
// viewer.studies
// ---------------------------------------------------------------------------------------

async fn studies_create(ctx: Ctx) {
    ctx.check_body_examples::<ViewerStudyCreateParams>();
    let body = ViewerStudyCreateParams {
        severity: Severity::High,
        study_description: "Chest CT".into(),
        study_instance_uid: STUDY_UID.into(),
        assigned_to: Some(USER_ID.into()),
        express_customer_id: Some(CUSTOMER_ID.into()),
        metadata: Some(string_map(&[("ward", "radiology-east")])),
    };
    let study = ctx
        .exercise(|| ctx.client.viewer().studies().create(&body))
        .await;
    assert_eq!(study.study_instance_uid, STUDY_UID);
}

async fn studies_retrieve(ctx: Ctx) {
    let study = ctx
        .exercise(|| ctx.client.viewer().studies().retrieve(STUDY_ID))
        .await;
    assert_eq!(study.study_id, STUDY_ID);
}

async fn studies_update(ctx: Ctx) {
    ctx.check_body_examples::<ViewerStudyUpdateParams>();
    let body = ViewerStudyUpdateParams {
        assigned_to: Nullable::Value(USER_ID.into()),
        metadata: Nullable::Value(string_map(&[("ward", "radiology-west")])),
        severity: Some(Severity::Stat),
        study_description: Some("Brain MRI with Contrast".into()),
        study_viewer_status: Some(StudyViewerStatus::Complete),
    };
    ctx.exercise(|| ctx.client.viewer().studies().update(STUDY_ID, &body))
        .await;
}

async fn studies_list(ctx: Ctx) {
    let params = ViewerStudiesListParams {
        assigned_to: Some(USER_ID.into()),
        express_customer_id: Some(CUSTOMER_ID.into()),
        is_cancelled: Some(false),
        severity: Some(Severity::High),
        study_description: Some("MRI".into()),
        study_viewer_status: Some(StudyViewerStatus::Incomplete),
        cursor: Some(CURSOR.into()),
        limit: Some(20.0),
    };
    let page = ctx
        .exercise(|| ctx.client.viewer().studies().list(&params))
        .await;
    assert!(!page.studies.is_empty(), "{page:?}");
}

async fn studies_cancel(ctx: Ctx) {
    ctx.check_body_examples::<StudyCancelParams>();
    let body = StudyCancelParams {
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
    };
    ctx.exercise(|| ctx.client.viewer().studies().cancel(&body))
        .await;
}

async fn studies_reroute_url(ctx: Ctx) {
    ctx.check_body_examples::<ViewerStudyRerouteUrlParams>();
    let body = ViewerStudyRerouteUrlParams {
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
    };
    ctx.exercise(|| ctx.client.viewer().studies().reroute_url(&body))
        .await;
}

async fn studies_retrieve_by_uid(ctx: Ctx) {
    let study = ctx
        .exercise(|| ctx.client.viewer().studies().retrieve_by_uid(STUDY_UID))
        .await;
    assert_eq!(study.study_instance_uid, STUDY_UID);
}

async fn studies_uncancel(ctx: Ctx) {
    ctx.check_body_examples::<StudyUncancelParams>();
    let body = StudyUncancelParams {
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
    };
    ctx.exercise(|| ctx.client.viewer().studies().uncancel(&body))
        .await;
}

// ---------------------------------------------------------------------------------------
// viewer.users
// ---------------------------------------------------------------------------------------

async fn users_retrieve(ctx: Ctx) {
    let user = ctx
        .exercise(|| ctx.client.viewer().users().retrieve(USER_ID))
        .await;
    assert_eq!(user.user_id, USER_ID);
}

async fn users_update(ctx: Ctx) {
    ctx.check_body_examples::<ViewerUserUpdateParams>();
    let body = ViewerUserUpdateParams {
        can_manage_studies: Some(true),
        clinic_role: Nullable::Value(ClinicRole::Radiologist),
        first_name: Some("Sarah".into()),
        has_dashboard_access: Some(true),
        last_name: Some("Johnson".into()),
        level: Some(AssignableUserLevel::Member),
        middle_name: Nullable::Value("Marie".into()),
        phone_number: Nullable::Value("5551234567".into()),
        suffix1: Nullable::Value("MD".into()),
        suffix2: Nullable::Value("FACR".into()),
    };
    ctx.exercise(|| ctx.client.viewer().users().update(USER_ID, &body))
        .await;
}

async fn users_list(ctx: Ctx) {
    let params = ViewerUsersListParams {
        email: Some("dr.johnson@hospital.org".into()),
        first_name: Some("Sar".into()),
        invited_source: Some(InvitedSource::Api),
        last_name: Some("John".into()),
        level: Some(UserLevel::Member),
        cursor: Some(CURSOR.into()),
        limit: Some(20.0),
    };
    let page = ctx
        .exercise(|| ctx.client.viewer().users().list(&params))
        .await;
    assert!(!page.users.is_empty(), "{page:?}");
}

async fn users_invite(ctx: Ctx) {
    ctx.check_body_examples::<ViewerUserInviteParams>();
    let body = ViewerUserInviteParams {
        can_manage_studies: true,
        clinic_role: ClinicRole::Radiologist,
        email: "dr.johnson@hospital.org".into(),
        first_name: "Sarah".into(),
        has_dashboard_access: true,
        last_name: "Johnson".into(),
        level: AssignableUserLevel::Member,
        middle_name: Some("Marie".into()),
        phone_number: Some("5551234567".into()),
        suffix1: Some("MD".into()),
        suffix2: Some("FACR".into()),
    };
    ctx.exercise(|| ctx.client.viewer().users().invite(&body))
        .await;
}

async fn users_reactivate(ctx: Ctx) {
    ctx.check_body_examples::<UserReactivateParams>();
    let body = UserReactivateParams {
        user_id: USER_ID.into(),
    };
    let result = ctx
        .exercise(|| ctx.client.viewer().users().reactivate(&body))
        .await;
    assert!(result.success, "{result:?}");
}

async fn users_revoke_access(ctx: Ctx) {
    ctx.check_body_examples::<UserRevokeAccessParams>();
    let body = UserRevokeAccessParams {
        user_id: USER_ID.into(),
    };
    let result = ctx
        .exercise(|| ctx.client.viewer().users().revoke_access(&body))
        .await;
    assert!(result.success, "{result:?}");
}

// ---------------------------------------------------------------------------------------
// viewer.users.invitations
// ---------------------------------------------------------------------------------------

async fn invitations_retrieve(ctx: Ctx) {
    let invitation = ctx
        .exercise(|| {
            ctx.client
                .viewer()
                .users()
                .invitations()
                .retrieve(INVITATION_ID)
        })
        .await;
    assert_eq!(invitation.invitation_id, INVITATION_ID);
}

async fn invitations_update(ctx: Ctx) {
    ctx.check_body_examples::<ViewerInvitationUpdateParams>();
    let body = ViewerInvitationUpdateParams {
        can_manage_studies: Some(false),
        clinic_role: Nullable::Value(ClinicRole::Radiologist),
        first_name: Some("Sara".into()),
        has_dashboard_access: Some(true),
        last_name: Some("Johnson".into()),
        level: Some(AssignableUserLevel::Admin),
        middle_name: Nullable::Value("Marie".into()),
        phone_number: Nullable::Value("5551234567".into()),
        suffix1: Nullable::Value("MD".into()),
        suffix2: Nullable::Value("FACR".into()),
    };
    ctx.exercise(|| {
        ctx.client
            .viewer()
            .users()
            .invitations()
            .update(INVITATION_ID, &body)
    })
    .await;
}

async fn invitations_list(ctx: Ctx) {
    let params = ViewerUsersInvitationsListParams {
        end_date: Some(date("2024-12-31")),
        expired: Some(InvitationExpiredFilter::NotExpired),
        start_date: Some(date("2024-01-01")),
        status: Some(vec![InvitationStatus::Sent, InvitationStatus::Accepted]),
        user_id: Some(USER_ID.into()),
        cursor: Some(CURSOR.into()),
        limit: Some(20.0),
    };
    let page = ctx
        .exercise(|| ctx.client.viewer().users().invitations().list(&params))
        .await;
    assert!(!page.invitations.is_empty(), "{page:?}");
}

async fn invitations_revoke(ctx: Ctx) {
    ctx.check_body_examples::<InvitationRevokeParams>();
    let body = InvitationRevokeParams {
        invitation_id: Some(INVITATION_ID.into()),
        user_id: Some(USER_ID.into()),
    };
    ctx.exercise(|| ctx.client.viewer().users().invitations().revoke(&body))
        .await;
}
