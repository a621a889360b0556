//! Work taken in a given order: every worker takes the next item when it is free. A
//! parallel iterator splits its items into halves, one per worker, and a worker that ends
//! its half takes the far end of another's: the items given first (a project's largest
//! files) are not the ones started first, and a large file started last keeps one worker
//! busy while the others wait.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// `f` of every item, on rayon's workers, started in the order of `items`; the results
/// in that order too.
pub fn map_in_order<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let count = items.len();
    let cells: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().clamp(1, count.max(1));
    let mut done: Vec<(usize, R)> = (0..workers)
        .into_par_iter()
        .with_max_len(1)
        .flat_map_iter(|_| {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(cell) = cells.get(i) else { break };
                // Each cell is taken once (its index is given out once).
                let item = cell.lock().unwrap_or_else(|e| e.into_inner()).take();
                if let Some(item) = item {
                    mine.push((i, f(item)));
                }
            }
            mine
        })
        .collect();
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_mapped_once_and_the_results_keep_their_order() {
        let items: Vec<usize> = (0..1000).collect();
        let calls = AtomicUsize::new(0);
        let out = map_in_order(items, |i| {
            calls.fetch_add(1, Ordering::Relaxed);
            i * 2
        });
        assert_eq!(out, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(calls.load(Ordering::Relaxed), 1000);
        assert!(map_in_order(Vec::<u8>::new(), |b| b).is_empty());
    }

    /// Items are started in their order: on one worker, exactly that order.
    #[test]
    fn items_start_in_the_order_given() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let started = Mutex::new(Vec::new());
        pool.install(|| {
            map_in_order(vec![5, 3, 9, 1], |i| started.lock().unwrap().push(i));
        });
        assert_eq!(*started.lock().unwrap(), vec![5, 3, 9, 1]);
    }
}
