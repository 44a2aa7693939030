//! The shared saver suite on the memory saver (the IndexedDB saver runs it in browsers:
//! `tests/indexeddb.rs`).

mod saver_suite;

use futures::executor::block_on;
use langgraph_wasm::MemorySaver;

macro_rules! on_memory_saver {
    ($($case:ident),* $(,)?) => {$(
        #[test]
        fn $case() {
            block_on(saver_suite::$case(&MemorySaver::new()));
        }
    )*};
}

on_memory_saver!(
    put_get_round_trip_reads_unchanged_channels_from_older_blobs,
    a_cleared_channel_stays_cleared,
    list_is_newest_first_with_before_limit_and_filter,
    writes_are_kept_per_task_and_special_channels_replace,
    delete_thread_removes_every_namespace_and_nothing_else,
    copy_thread_copies_checkpoints_values_and_writes,
    a_step_saves_its_tasks_writes_on_the_parent_and_its_checkpoint_as_the_child,
    two_steps_saved_at_once_are_parent_and_child,
);
