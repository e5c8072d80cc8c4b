//! Contract cases for the Express operations (8), one per `x-sdk-method`.
//!
//! As in `viewer.rs`, every request struct is a literal with every field set, values from
//! the document's examples and constraints.

use avara::models::{
    ExpressCreateParams, ExpressListParams, ExpressUpdateParams, UserAddParams, UserRemoveParams,
};
use avara::Nullable;

use crate::harness::{string_map, Ctx, CURSOR, CUSTOMER_ID, USER_ID};
use crate::Case;

pub const CASES: &[Case] = &[
    ("express.create", |c| Box::pin(create(c))),
    ("express.retrieve", |c| Box::pin(retrieve(c))),
    ("express.update", |c| Box::pin(update(c))),
    ("express.list", |c| Box::pin(list(c))),
    ("express.deactivate", |c| Box::pin(deactivate(c))),
    ("express.reactivate", |c| Box::pin(reactivate(c))),
    ("express.users.add", |c| Box::pin(users_add(c))),
    ("express.users.remove", |c| Box::pin(users_remove(c))),
];

async fn create(ctx: Ctx) {
    ctx.check_body_examples::<ExpressCreateParams>();
    let body = ExpressCreateParams {
        express_customer_name: "Northside Imaging".into(),
        metadata: Some(string_map(&[("region", "northeast"), ("tier", "gold")])),
    };
    ctx.exercise(|| ctx.client.express().create(&body)).await;
}

async fn retrieve(ctx: Ctx) {
    let customer = ctx
        .exercise(|| ctx.client.express().retrieve(CUSTOMER_ID))
        .await;
    assert_eq!(customer.express_customer_id, CUSTOMER_ID);
}

async fn update(ctx: Ctx) {
    ctx.check_body_examples::<ExpressUpdateParams>();
    let body = ExpressUpdateParams {
        express_customer_name: Some("Northside Imaging Group".into()),
        metadata: Nullable::Value(string_map(&[("region", "southwest")])),
    };
    ctx.exercise(|| ctx.client.express().update(CUSTOMER_ID, &body))
        .await;
}

async fn list(ctx: Ctx) {
    let params = ExpressListParams {
        cursor: Some(CURSOR.into()),
        limit: Some(20.0),
    };
    let page = ctx.exercise(|| ctx.client.express().list(&params)).await;
    assert!(!page.express_customers.is_empty(), "{page:?}");
}

async fn deactivate(ctx: Ctx) {
    ctx.exercise(|| ctx.client.express().deactivate(CUSTOMER_ID))
        .await;
}

async fn reactivate(ctx: Ctx) {
    ctx.exercise(|| ctx.client.express().reactivate(CUSTOMER_ID))
        .await;
}

async fn users_add(ctx: Ctx) {
    ctx.check_body_examples::<UserAddParams>();
    let body = UserAddParams {
        user_id: USER_ID.into(),
    };
    let result = ctx
        .exercise(|| ctx.client.express().users().add(CUSTOMER_ID, &body))
        .await;
    assert!(result.success, "{result:?}");
}

async fn users_remove(ctx: Ctx) {
    ctx.check_body_examples::<UserRemoveParams>();
    let body = UserRemoveParams {
        user_id: USER_ID.into(),
    };
    let result = ctx
        .exercise(|| ctx.client.express().users().remove(CUSTOMER_ID, &body))
        .await;
    assert!(result.success, "{result:?}");
}
