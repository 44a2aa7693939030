//! The lease locks of pages without Web Locks: one owner at a time, renewed by its owner only,
//! free again when released or expired.

use langgraph_wasm::checkpoint::indexeddb::{delete_database, lease, LazyDb};
use wasm_bindgen_test::*;

use super::support::unique;

#[wasm_bindgen_test]
async fn a_lease_has_one_owner_until_it_is_released_or_expires() {
    let name = unique("lease");
    // Two pages: each its own connection.
    let (page_a, page_b) = (LazyDb::own(&name), LazyDb::own(&name));
    let lock = "thread:t1";
    assert!(lease::acquire(&page_a, lock, "a", 10_000.0).await.unwrap());
    assert!(
        !lease::acquire(&page_b, lock, "b", 10_000.0).await.unwrap(),
        "held by a"
    );
    assert!(
        !lease::renew(&page_b, lock, "b", 10_000.0).await.unwrap(),
        "only its owner renews it"
    );
    assert!(
        !lease::release(&page_b, lock, "b").await.unwrap(),
        "only its owner releases it"
    );
    assert!(lease::renew(&page_a, lock, "a", 10_000.0).await.unwrap());
    assert!(lease::release(&page_a, lock, "a").await.unwrap());
    assert!(
        lease::acquire(&page_b, lock, "b", 0.0).await.unwrap(),
        "free once released"
    );
    // b's lease lasted no time (its page died): a takes it over.
    let expired = js_sys::Date::now();
    while js_sys::Date::now() <= expired {}
    assert!(
        lease::acquire(&page_a, lock, "a", 10_000.0).await.unwrap(),
        "free once expired"
    );
    assert!(
        lease::acquire(&page_a, "thread:t2", "b", 10_000.0).await.unwrap(),
        "one lease per lock"
    );
    delete_database(&name).await.unwrap();
}
