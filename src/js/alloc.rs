//! The global allocator of the wasm build: the standard one (dlmalloc), asking the engine for
//! more linear memory in large steps.
//!
//! dlmalloc grows the wasm memory by about what each request needs (64 KiB granules), and every
//! `memory.grow` costs about a millisecond in V8 whatever its size (measured in Node 20: growing
//! to 400 MB takes 6 s in 64 KiB steps, 55 ms in 16 MB steps). A run that keeps many checkpoint
//! values grows by thousands of granules, so that cost dominated it. When an allocation had to
//! grow the memory, this allocator at once allocates and frees a block of half the memory's size
//! (1 to 64 MB): dlmalloc grows once for it and keeps it as free space at the top of its heap
//! (its wasm backend never gives memory back), so the next allocations need no growing. The
//! memory grows geometrically, in a few dozen steps instead of thousands. Pages grown but not
//! yet used are not touched, so they cost address space, not resident memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::arch::wasm32::memory_size;

const PAGE: usize = 64 * 1024;
const MIN_STEP: usize = 1 << 20;
const MAX_STEP: usize = 64 << 20;

pub struct GrowInSteps;

#[global_allocator]
static ALLOCATOR: GrowInSteps = GrowInSteps;

fn grow_ahead(pages_before: usize) {
    let pages = memory_size(0);
    if pages == pages_before {
        return;
    }
    let step = (pages * PAGE / 2).clamp(MIN_STEP, MAX_STEP);
    if let Ok(layout) = Layout::from_size_align(step, 16) {
        // SAFETY: a non-zero-sized layout, freed with the same layout right away.
        unsafe {
            let block = System.alloc(layout);
            if !block.is_null() {
                System.dealloc(block, layout);
            }
        }
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments; `grow_ahead` only adds
// an allocation that it frees before returning.
unsafe impl GlobalAlloc for GrowInSteps {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let before = memory_size(0);
        let ptr = System.alloc(layout);
        grow_ahead(before);
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let before = memory_size(0);
        let ptr = System.alloc_zeroed(layout);
        grow_ahead(before);
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let before = memory_size(0);
        let ptr = System.realloc(ptr, layout, new_size);
        grow_ahead(before);
        ptr
    }
}
