//! Contract cases for the AutoScribe operations (36), one per `x-sdk-method`.
//!
//! As in `viewer.rs`, every request struct is a literal with every field set, values from
//! the document's examples and constraints.

use avara::models::{
    AssignableUserLevel, AutoScribeClinicalReferencesListParams, AutoScribeInvitationUpdateParams,
    AutoScribeReportsListParams, AutoScribeReportsPdfParams, AutoScribeReportsTextParams,
    AutoScribeStudiesExternalReportsListParams, AutoScribeStudiesListParams,
    AutoScribeStudyCreateParams, AutoScribeStudyRerouteUrlParams, AutoScribeStudyUpdateParams,
    AutoScribeUserInviteParams, AutoScribeUserUpdateParams, AutoScribeUsersInvitationsListParams,
    AutoScribeUsersListParams, ClinicRole, ClinicalReferenceCreateParams, ClinicalReferenceType,
    ClinicalReferenceUpdateParams, EphemeralSessionCreateParams, ExternalCreateParams,
    ExternalDeleteParams, ExternalReportCreateParams, HeightUnit, InvitationExpiredFilter,
    InvitationRevokeParams, InvitationStatus, InvitedSource, PriorReport, ReportPdfResponse,
    ReportTextResponse, Severity, Sex, StudyCancelParams, StudyReportMetadata,
    StudyReportMetadataHeight, StudyReportMetadataPatch, StudyReportMetadataWeight,
    StudyReportStatus, StudyType, StudyUncancelParams, StudyViewerOnlyRerouteUrlParams, UserLevel,
    UserReactivateParams, UserRevokeAccessParams, WeightUnit,
};
use avara::Nullable;
use serde_json::json;

use crate::harness::{
    date, string_map, Ctx, CURSOR, CUSTOMER_ID, EXTERNAL_REPORT_ID, INVITATION_ID, REFERENCE_ID,
    REPORT_ID, STUDY_ID, STUDY_UID, USER_ID,
};
use crate::Case;

pub const CASES: &[Case] = &[
    ("auto_scribe.clinical_references.create", |c| {
        Box::pin(clinical_references_create(c))
    }),
    ("auto_scribe.clinical_references.retrieve", |c| {
        Box::pin(clinical_references_retrieve(c))
    }),
    ("auto_scribe.clinical_references.update", |c| {
        Box::pin(clinical_references_update(c))
    }),
    ("auto_scribe.clinical_references.list", |c| {
        Box::pin(clinical_references_list(c))
    }),
    ("auto_scribe.clinical_references.delete", |c| {
        Box::pin(clinical_references_delete(c))
    }),
    (
        "auto_scribe.clinical_references.retrieve_by_external_reference_id",
        |c| Box::pin(clinical_references_retrieve_by_external_reference_id(c)),
    ),
    ("auto_scribe.ephemeral_sessions.create", |c| {
        Box::pin(ephemeral_sessions_create(c))
    }),
    ("auto_scribe.studies.create", |c| {
        Box::pin(studies_create(c))
    }),
    ("auto_scribe.studies.retrieve", |c| {
        Box::pin(studies_retrieve(c))
    }),
    ("auto_scribe.studies.update", |c| {
        Box::pin(studies_update(c))
    }),
    ("auto_scribe.studies.list", |c| Box::pin(studies_list(c))),
    ("auto_scribe.studies.cancel", |c| {
        Box::pin(studies_cancel(c))
    }),
    ("auto_scribe.studies.reroute_url", |c| {
        Box::pin(studies_reroute_url(c))
    }),
    ("auto_scribe.studies.retrieve_by_uid", |c| {
        Box::pin(studies_retrieve_by_uid(c))
    }),
    ("auto_scribe.studies.uncancel", |c| {
        Box::pin(studies_uncancel(c))
    }),
    ("auto_scribe.studies.viewer_only_reroute_url", |c| {
        Box::pin(studies_viewer_only_reroute_url(c))
    }),
    ("auto_scribe.studies.external.create", |c| {
        Box::pin(external_create(c))
    }),
    ("auto_scribe.studies.external.delete", |c| {
        Box::pin(external_delete(c))
    }),
    ("auto_scribe.studies.external.reports.create", |c| {
        Box::pin(external_reports_create(c))
    }),
    ("auto_scribe.studies.external.reports.retrieve", |c| {
        Box::pin(external_reports_retrieve(c))
    }),
    ("auto_scribe.studies.external.reports.list", |c| {
        Box::pin(external_reports_list(c))
    }),
    ("auto_scribe.users.retrieve", |c| {
        Box::pin(users_retrieve(c))
    }),
    ("auto_scribe.users.update", |c| Box::pin(users_update(c))),
    ("auto_scribe.users.list", |c| Box::pin(users_list(c))),
    ("auto_scribe.users.invite", |c| Box::pin(users_invite(c))),
    ("auto_scribe.users.reactivate", |c| {
        Box::pin(users_reactivate(c))
    }),
    ("auto_scribe.users.revoke_access", |c| {
        Box::pin(users_revoke_access(c))
    }),
    ("auto_scribe.users.invitations.retrieve", |c| {
        Box::pin(invitations_retrieve(c))
    }),
    ("auto_scribe.users.invitations.update", |c| {
        Box::pin(invitations_update(c))
    }),
    ("auto_scribe.users.invitations.list", |c| {
        Box::pin(invitations_list(c))
    }),
    ("auto_scribe.users.invitations.revoke", |c| {
        Box::pin(invitations_revoke(c))
    }),
    ("auto_scribe.reports.list", |c| Box::pin(reports_list(c))),
    ("auto_scribe.reports.addendum", |c| {
        Box::pin(reports_addendum(c))
    }),
    ("auto_scribe.reports.cancel_addendum", |c| {
        Box::pin(reports_cancel_addendum(c))
    }),
    ("auto_scribe.reports.pdf", |c| Box::pin(reports_pdf(c))),
    ("auto_scribe.reports.text", |c| Box::pin(reports_text(c))),
];

/// Report metadata with every field set.
fn report_metadata() -> StudyReportMetadata {
    StudyReportMetadata {
        age: Some("34.5 years".into()),
        date_of_birth: Some(date("1990-05-20")),
        facility_name: Some("City Medical Center".into()),
        height: Some(StudyReportMetadataHeight {
            unit: HeightUnit::Cm,
            value: 178.5,
        }),
        mrn: Some("MRN-0042".into()),
        patient_name: Some("Jane Doe".into()),
        procedure: Some("MRI Brain with Contrast".into()),
        referring_physician_name: Some("Dr. Alan Smith".into()),
        sex: Some(Sex::Female),
        study_date: Some(date("2024-01-15")),
        study_time: Some("09:30".into()),
        weight: Some(StudyReportMetadataWeight {
            unit: WeightUnit::Kg,
            value: 68.0,
        }),
    }
}

/// A prior report with every field set.
fn prior_report() -> PriorReport {
    PriorReport {
        report_text: "FINDINGS: No acute intracranial abnormality.".into(),
        external_study_id: Some("EXT-STUDY-881".into()),
        modality: Some("MR".into()),
        study_date: Some(date("2023-06-02")),
        study_description: Some("MRI Brain without Contrast".into()),
    }
}

// ---------------------------------------------------------------------------------------
// auto_scribe.clinical_references
// ---------------------------------------------------------------------------------------

async fn clinical_references_create(ctx: Ctx) {
    ctx.check_body_examples::<ClinicalReferenceCreateParams>();
    let body = ClinicalReferenceCreateParams {
        name: "City Medical Center".into(),
        r#type: ClinicalReferenceType::Facility,
        express_customer_id: Some(CUSTOMER_ID.into()),
        external_reference_id: Nullable::Value("FAC-001".into()),
        metadata: Some(string_map(&[("region", "northeast")])),
    };
    ctx.exercise(|| ctx.client.auto_scribe().clinical_references().create(&body))
        .await;
}

async fn clinical_references_retrieve(ctx: Ctx) {
    let reference = ctx
        .exercise(|| {
            ctx.client
                .auto_scribe()
                .clinical_references()
                .retrieve(REFERENCE_ID)
        })
        .await;
    assert_eq!(reference.clinical_reference_id, REFERENCE_ID);
}

async fn clinical_references_update(ctx: Ctx) {
    ctx.check_body_examples::<ClinicalReferenceUpdateParams>();
    let body = ClinicalReferenceUpdateParams {
        express_customer_id: Some(CUSTOMER_ID.into()),
        metadata: Nullable::Value(string_map(&[("region", "southwest")])),
        name: Some("City Medical Center East".into()),
    };
    ctx.exercise(|| {
        ctx.client
            .auto_scribe()
            .clinical_references()
            .update(REFERENCE_ID, &body)
    })
    .await;
}

async fn clinical_references_list(ctx: Ctx) {
    let params = AutoScribeClinicalReferencesListParams {
        express_customer_id: Some(CUSTOMER_ID.into()),
        is_active: Some(true),
        r#type: Some(ClinicalReferenceType::ReferringProvider),
        cursor: Some(CURSOR.into()),
        limit: Some(50.0),
    };
    let page = ctx
        .exercise(|| ctx.client.auto_scribe().clinical_references().list(&params))
        .await;
    assert!(!page.clinical_references.is_empty(), "{page:?}");
}

async fn clinical_references_delete(ctx: Ctx) {
    ctx.exercise(|| {
        ctx.client
            .auto_scribe()
            .clinical_references()
            .delete(REFERENCE_ID)
    })
    .await;
}

async fn clinical_references_retrieve_by_external_reference_id(ctx: Ctx) {
    // A free-text path segment: the client must percent-encode what a path cannot hold,
    // a `/` included, so that it stays one segment.
    for (id, sent) in [("FAC-001", "FAC-001"), ("FAC 001/east", "FAC%20001%2Feast")] {
        ctx.exercise(|| {
            ctx.client
                .auto_scribe()
                .clinical_references()
                .retrieve_by_external_reference_id(id)
        })
        .await;
        assert_eq!(
            ctx.last_exchange().path(),
            format!("/v1/autoScribe/clinicalReferences/byExternalReferenceId/{sent}")
        );
    }
}

async fn ephemeral_sessions_create(ctx: Ctx) {
    ctx.check_body_examples::<EphemeralSessionCreateParams>();
    let body = crate::viewer::ephemeral_session();
    let session = ctx
        .exercise(|| ctx.client.auto_scribe().ephemeral_sessions().create(&body))
        .await;
    assert!(session.url.starts_with("https://"), "{session:?}");
}

// ---------------------------------------------------------------------------------------
// auto_scribe.studies
// ---------------------------------------------------------------------------------------

async fn studies_create(ctx: Ctx) {
    ctx.check_body_examples::<AutoScribeStudyCreateParams>();
    let body = AutoScribeStudyCreateParams {
        report_metadata: report_metadata(),
        severity: Severity::Stat,
        study_description: "Brain MRI with Contrast".into(),
        study_instance_uid: STUDY_UID.into(),
        assigned_to: Some(USER_ID.into()),
        clinical_history: Nullable::Value("Headaches for three weeks.".into()),
        clinical_indication: Nullable::Value("Rule out mass lesion.".into()),
        express_customer_id: Some(CUSTOMER_ID.into()),
        external_patient_id: Nullable::Value("PAT-2024-7731".into()),
        metadata: Some(string_map(&[("ward", "radiology-east")])),
        modality: Nullable::Value("MR".into()),
        prior_reports: Some(vec![prior_report()]),
        technologist_notes: Some(vec![
            "Patient moved during sequence 3.".into(),
            "Contrast given at 09:40.".into(),
        ]),
        technologist_technique: Nullable::Value(
            "Axial and sagittal T1/T2, post-contrast T1.".into(),
        ),
    };
    ctx.exercise(|| ctx.client.auto_scribe().studies().create(&body))
        .await;
}

async fn studies_retrieve(ctx: Ctx) {
    let study = ctx
        .exercise(|| ctx.client.auto_scribe().studies().retrieve(STUDY_ID))
        .await;
    assert_eq!(study.study_id, STUDY_ID);
}

async fn studies_update(ctx: Ctx) {
    ctx.check_body_examples::<AutoScribeStudyUpdateParams>();
    let body = AutoScribeStudyUpdateParams {
        assigned_to: Nullable::Value(USER_ID.into()),
        clinical_history: Nullable::Value("Headaches for three weeks.".into()),
        clinical_indication: Nullable::Value("Rule out mass lesion.".into()),
        express_customer_id: Nullable::Value(CUSTOMER_ID.into()),
        external_patient_id: Nullable::Value("PAT-2024-7731".into()),
        metadata: Nullable::Value(string_map(&[("ward", "radiology-west")])),
        modality: Nullable::Value("MR".into()),
        prior_reports: Nullable::Value(vec![prior_report()]),
        report_metadata: Some(StudyReportMetadataPatch {
            age: Nullable::Value("35 years".into()),
            date_of_birth: Nullable::Value(date("1990-05-20")),
            facility_name: Nullable::Value("City Medical Center".into()),
            height: Nullable::Value(StudyReportMetadataHeight {
                unit: HeightUnit::In,
                value: 70.0,
            }),
            mrn: Nullable::Value("MRN-0042".into()),
            patient_name: Nullable::Value("Jane Doe".into()),
            procedure: Nullable::Value("MRI Brain with Contrast".into()),
            referring_physician_name: Nullable::Value("Dr. Alan Smith".into()),
            sex: Nullable::Value(Sex::Other),
            study_date: Nullable::Value(date("2024-01-15")),
            study_time: Nullable::Value("09:30".into()),
            weight: Nullable::Value(StudyReportMetadataWeight {
                unit: WeightUnit::Lbs,
                value: 150.5,
            }),
        }),
        severity: Some(Severity::High),
        study_description: Some("Brain MRI with Contrast".into()),
        technologist_notes: Nullable::Value(vec!["Patient moved during sequence 3.".into()]),
        technologist_technique: Nullable::Value(
            "Axial and sagittal T1/T2, post-contrast T1.".into(),
        ),
    };
    ctx.exercise(|| ctx.client.auto_scribe().studies().update(STUDY_ID, &body))
        .await;
}

async fn studies_list(ctx: Ctx) {
    let params = AutoScribeStudiesListParams {
        assigned_to: Some(USER_ID.into()),
        express_customer_id: Some(CUSTOMER_ID.into()),
        is_cancelled: Some(true),
        severity: Some(Severity::Normal),
        study_description: Some("MRI".into()),
        study_report_status: Some(vec![
            StudyReportStatus::Assigned,
            StudyReportStatus::InProgress,
        ]),
        study_type: Some(StudyType::Standard),
        cursor: Some(CURSOR.into()),
        limit: Some(100.0),
    };
    let page = ctx
        .exercise(|| ctx.client.auto_scribe().studies().list(&params))
        .await;
    assert!(!page.studies.is_empty(), "{page:?}");
}

async fn studies_cancel(ctx: Ctx) {
    ctx.check_body_examples::<StudyCancelParams>();
    let body = StudyCancelParams {
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
    };
    ctx.exercise(|| ctx.client.auto_scribe().studies().cancel(&body))
        .await;
}

async fn studies_reroute_url(ctx: Ctx) {
    ctx.check_body_examples::<AutoScribeStudyRerouteUrlParams>();
    let body = AutoScribeStudyRerouteUrlParams {
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
        assigned_to_user_id: USER_ID.into(),
    };
    ctx.exercise(|| ctx.client.auto_scribe().studies().reroute_url(&body))
        .await;
}

async fn studies_retrieve_by_uid(ctx: Ctx) {
    let study = ctx
        .exercise(|| {
            ctx.client
                .auto_scribe()
                .studies()
                .retrieve_by_uid(STUDY_UID)
        })
        .await;
    assert_eq!(study.study_instance_uid, STUDY_UID);
}

async fn studies_uncancel(ctx: Ctx) {
    ctx.check_body_examples::<StudyUncancelParams>();
    let body = StudyUncancelParams {
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
    };
    ctx.exercise(|| ctx.client.auto_scribe().studies().uncancel(&body))
        .await;
}

async fn studies_viewer_only_reroute_url(ctx: Ctx) {
    ctx.check_body_examples::<StudyViewerOnlyRerouteUrlParams>();
    let body = StudyViewerOnlyRerouteUrlParams {
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
        user_id: Some(USER_ID.into()),
    };
    ctx.exercise(|| {
        ctx.client
            .auto_scribe()
            .studies()
            .viewer_only_reroute_url(&body)
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// auto_scribe.studies.external
// ---------------------------------------------------------------------------------------

async fn external_create(ctx: Ctx) {
    ctx.check_body_examples::<ExternalCreateParams>();
    let body = ExternalCreateParams {
        reader_name: Some("Dr. Maria Lopez".into()),
        report_file_name: Some("report.pdf".into()),
        report_file_url: Some("https://files.example.org/reports/4711.pdf".into()),
        report_text: Some("IMPRESSION: Normal study.".into()),
        signed_at: Some("2019-03-04 14:22".into()),
        report_metadata: report_metadata(),
        severity: Severity::Normal,
        study_description: "CT Head".into(),
        study_instance_uid: STUDY_UID.into(),
        express_customer_id: Some(CUSTOMER_ID.into()),
        external_patient_id: Nullable::Value("PAT-2024-7731".into()),
        metadata: Some(string_map(&[("ward", "radiology-east")])),
        modality: Nullable::Value("CT".into()),
    };
    ctx.exercise(|| ctx.client.auto_scribe().studies().external().create(&body))
        .await;
}

async fn external_delete(ctx: Ctx) {
    ctx.check_body_examples::<ExternalDeleteParams>();
    let body = ExternalDeleteParams {
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
    };
    ctx.exercise(|| ctx.client.auto_scribe().studies().external().delete(&body))
        .await;
}

async fn external_reports_create(ctx: Ctx) {
    ctx.check_body_examples::<ExternalReportCreateParams>();
    let body = ExternalReportCreateParams {
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
        reader_name: Some("Dr. Maria Lopez".into()),
        report_file_name: Some("report.pdf".into()),
        report_file_url: Some("https://files.example.org/reports/4711.pdf".into()),
        report_text: Some("IMPRESSION: Normal study.".into()),
        signed_at: Some("2019-03-04 14:22".into()),
    };
    ctx.exercise(|| {
        ctx.client
            .auto_scribe()
            .studies()
            .external()
            .reports()
            .create(&body)
    })
    .await;
}

async fn external_reports_retrieve(ctx: Ctx) {
    let report = ctx
        .exercise(|| {
            ctx.client
                .auto_scribe()
                .studies()
                .external()
                .reports()
                .retrieve(EXTERNAL_REPORT_ID)
        })
        .await;
    assert_eq!(report.external_report_id, EXTERNAL_REPORT_ID);
}

async fn external_reports_list(ctx: Ctx) {
    let params = AutoScribeStudiesExternalReportsListParams {
        study_id: Some(STUDY_ID.into()),
        cursor: Some(CURSOR.into()),
        limit: Some(1.0),
    };
    let page = ctx
        .exercise(|| {
            ctx.client
                .auto_scribe()
                .studies()
                .external()
                .reports()
                .list(&params)
        })
        .await;
    assert!(!page.reports.is_empty(), "{page:?}");
}

// ---------------------------------------------------------------------------------------
// auto_scribe.users
// ---------------------------------------------------------------------------------------

async fn users_retrieve(ctx: Ctx) {
    let user = ctx
        .exercise(|| ctx.client.auto_scribe().users().retrieve(USER_ID))
        .await;
    assert_eq!(user.user_id, USER_ID);
}

async fn users_update(ctx: Ctx) {
    ctx.check_body_examples::<AutoScribeUserUpdateParams>();
    let body = AutoScribeUserUpdateParams {
        can_manage_studies: Some(true),
        clinic_role: Nullable::Value(ClinicRole::Radiologist),
        first_name: Some("Sarah".into()),
        has_dashboard_access: Some(false),
        last_name: Some("Johnson".into()),
        level: Some(AssignableUserLevel::Admin),
        middle_name: Nullable::Value("Marie".into()),
        phone_number: Nullable::Value("5551234567".into()),
        suffix1: Nullable::Value("MD".into()),
        suffix2: Nullable::Value("FACR".into()),
        can_create_reports: Some(true),
        npi_number: Nullable::Value("1234567893".into()),
    };
    ctx.exercise(|| ctx.client.auto_scribe().users().update(USER_ID, &body))
        .await;
}

async fn users_list(ctx: Ctx) {
    let params = AutoScribeUsersListParams {
        can_create_reports: Some(true),
        email: Some("dr.johnson@hospital.org".into()),
        first_name: Some("Sar".into()),
        invited_source: Some(InvitedSource::Dashboard),
        last_name: Some("John".into()),
        level: Some(UserLevel::Owner),
        cursor: Some(CURSOR.into()),
        limit: Some(20.0),
    };
    let page = ctx
        .exercise(|| ctx.client.auto_scribe().users().list(&params))
        .await;
    assert!(!page.users.is_empty(), "{page:?}");
}

async fn users_invite(ctx: Ctx) {
    ctx.check_body_examples::<AutoScribeUserInviteParams>();
    let body = AutoScribeUserInviteParams {
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
        can_create_reports: true,
        npi_number: Some("1234567893".into()),
    };
    ctx.exercise(|| ctx.client.auto_scribe().users().invite(&body))
        .await;
}

async fn users_reactivate(ctx: Ctx) {
    ctx.check_body_examples::<UserReactivateParams>();
    let body = UserReactivateParams {
        user_id: USER_ID.into(),
    };
    ctx.exercise(|| ctx.client.auto_scribe().users().reactivate(&body))
        .await;
}

async fn users_revoke_access(ctx: Ctx) {
    ctx.check_body_examples::<UserRevokeAccessParams>();
    let body = UserRevokeAccessParams {
        user_id: USER_ID.into(),
    };
    ctx.exercise(|| ctx.client.auto_scribe().users().revoke_access(&body))
        .await;
}

// ---------------------------------------------------------------------------------------
// auto_scribe.users.invitations
// ---------------------------------------------------------------------------------------

async fn invitations_retrieve(ctx: Ctx) {
    let invitation = ctx
        .exercise(|| {
            ctx.client
                .auto_scribe()
                .users()
                .invitations()
                .retrieve(INVITATION_ID)
        })
        .await;
    assert_eq!(invitation.invitation_id, INVITATION_ID);
}

async fn invitations_update(ctx: Ctx) {
    ctx.check_body_examples::<AutoScribeInvitationUpdateParams>();
    let body = AutoScribeInvitationUpdateParams {
        can_manage_studies: Some(true),
        clinic_role: Nullable::Value(ClinicRole::Radiologist),
        first_name: Some("Sara".into()),
        has_dashboard_access: Some(true),
        last_name: Some("Johnson".into()),
        level: Some(AssignableUserLevel::Member),
        middle_name: Nullable::Value("Marie".into()),
        phone_number: Nullable::Value("5551234567".into()),
        suffix1: Nullable::Value("MD".into()),
        suffix2: Nullable::Value("FACR".into()),
        can_create_reports: Some(true),
        npi_number: Nullable::Value("1234567893".into()),
    };
    ctx.exercise(|| {
        ctx.client
            .auto_scribe()
            .users()
            .invitations()
            .update(INVITATION_ID, &body)
    })
    .await;
}

async fn invitations_list(ctx: Ctx) {
    let params = AutoScribeUsersInvitationsListParams {
        end_date: Some(date("2024-12-31")),
        expired: Some(InvitationExpiredFilter::Expired),
        start_date: Some(date("2024-01-01")),
        status: Some(vec![
            InvitationStatus::Sent,
            InvitationStatus::Rejected,
            InvitationStatus::Revoked,
        ]),
        user_id: Some(USER_ID.into()),
        cursor: Some(CURSOR.into()),
        limit: Some(20.0),
    };
    let page = ctx
        .exercise(|| ctx.client.auto_scribe().users().invitations().list(&params))
        .await;
    assert!(!page.invitations.is_empty(), "{page:?}");
}

async fn invitations_revoke(ctx: Ctx) {
    ctx.check_body_examples::<InvitationRevokeParams>();
    let body = InvitationRevokeParams {
        invitation_id: Some(INVITATION_ID.into()),
        user_id: Some(USER_ID.into()),
    };
    ctx.exercise(|| ctx.client.auto_scribe().users().invitations().revoke(&body))
        .await;
}

// ---------------------------------------------------------------------------------------
// auto_scribe.reports
// ---------------------------------------------------------------------------------------

async fn reports_list(ctx: Ctx) {
    let params = AutoScribeReportsListParams {
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
    };
    let reports = ctx
        .exercise(|| ctx.client.auto_scribe().reports().list(&params))
        .await;
    assert!(!reports.reports.is_empty(), "{reports:?}");
}

async fn reports_addendum(ctx: Ctx) {
    ctx.exercise(|| ctx.client.auto_scribe().reports().addendum(REPORT_ID))
        .await;
}

async fn reports_cancel_addendum(ctx: Ctx) {
    ctx.exercise(|| {
        ctx.client
            .auto_scribe()
            .reports()
            .cancel_addendum(REPORT_ID)
    })
    .await;
}

async fn reports_pdf(ctx: Ctx) {
    let params = AutoScribeReportsPdfParams {
        report_id: Some(REPORT_ID.into()),
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
    };
    let response = ctx
        .exercise(|| ctx.client.auto_scribe().reports().pdf(&params))
        .await;
    // The response is one report or the study's list of them (`oneOf`). Prism's static
    // response is the first branch and its seeded dynamic one picks the same, so the other
    // branch is built here from the report Prism sent, and decoded as Prism's would be.
    match response {
        ReportPdfResponse::ReportPdfItem(item) => {
            let list = json!({
                "reports": [item],
                "studyId": item.study_id,
                "studyInstanceUid": item.study_instance_uid,
            });
            let decoded: ReportPdfResponse = ctx.check_decodes("ListReportsPdfResponse", &list);
            assert!(
                matches!(decoded, ReportPdfResponse::ListReportsPdfResponse(_)),
                "{decoded:?}"
            );
        }
        ReportPdfResponse::ListReportsPdfResponse(list) => {
            let item = serde_json::to_value(&list.reports[0]).expect("encodes");
            let decoded: ReportPdfResponse = ctx.check_decodes("ReportPdfItem", &item);
            assert!(
                matches!(decoded, ReportPdfResponse::ReportPdfItem(_)),
                "{decoded:?}"
            );
        }
    }
}

async fn reports_text(ctx: Ctx) {
    let params = AutoScribeReportsTextParams {
        report_id: Some(REPORT_ID.into()),
        study_id: Some(STUDY_ID.into()),
        study_instance_uid: Some(STUDY_UID.into()),
    };
    let response = ctx
        .exercise(|| ctx.client.auto_scribe().reports().text(&params))
        .await;
    // One report or a list, as for `pdf`: the branch Prism does not reach is built here.
    match response {
        ReportTextResponse::ReportTextItem(item) => {
            let list = json!({
                "reports": [item],
                "studyId": item.study_id,
                "studyInstanceUid": item.study_instance_uid,
            });
            let decoded: ReportTextResponse = ctx.check_decodes("ListReportsTextResponse", &list);
            assert!(
                matches!(decoded, ReportTextResponse::ListReportsTextResponse(_)),
                "{decoded:?}"
            );
        }
        ReportTextResponse::ListReportsTextResponse(list) => {
            let item = serde_json::to_value(&list.reports[0]).expect("encodes");
            let decoded: ReportTextResponse = ctx.check_decodes("ReportTextItem", &item);
            assert!(
                matches!(decoded, ReportTextResponse::ReportTextItem(_)),
                "{decoded:?}"
            );
        }
    }
}
