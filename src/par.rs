//! Independent pieces of work spread over the machine's cores (issue 12).
//!
//! Natively this is rayon's pool; on wasm32 a worker has one thread (the
//! browser's parallelism is several workers), so the same calls run in
//! order on it. Results always come back in the items' order, so whatever
//! is merged from them is merged the same way on every platform.

/// How many threads the native pool runs (1 on wasm32).
pub fn threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    {
        rayon::current_num_threads()
    }
    #[cfg(target_arch = "wasm32")]
    {
        1
    }
}

/// `f` over every item, in parallel where there are threads; the results in
/// the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        items.iter().map(f).collect()
    }
}

/// [`map`] over owned items.
pub fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        items.into_par_iter().map(f).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        items.into_iter().map(f).collect()
    }
}

/// Append `f(0)`, …, `f(n - 1)` to `v`, written in place on all cores
/// where there are threads.
pub fn extend<T: Send>(v: &mut Vec<T>, n: usize, f: impl Fn(usize) -> T + Sync + Send) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        v.par_extend((0..n).into_par_iter().map(f));
    }
    #[cfg(target_arch = "wasm32")]
    {
        v.extend((0..n).map(f));
    }
}

/// `f(index, item)` for every item of `items`, each item changed by one
/// call, in parallel where there are threads.
pub fn for_each_mut<T: Send>(items: &mut [T], f: impl Fn(usize, &mut T) + Sync + Send) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        items.par_iter_mut().enumerate().for_each(|(i, x)| f(i, x));
    }
    #[cfg(target_arch = "wasm32")]
    {
        items.iter_mut().enumerate().for_each(|(i, x)| f(i, x));
    }
}

/// Run `a` and `b`, at the same time where there are threads.
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        rayon::join(a, b)
    }
    #[cfg(target_arch = "wasm32")]
    {
        (a(), b())
    }
}
