//! Ordered parallel map for batches: `jobs` run on `workers` threads, results come back in input
//! order, and at most a fixed window of jobs is in flight — so a corpus of any size streams through
//! in constant memory however slow one document is.

use std::collections::BTreeMap;
use std::sync::mpsc::{channel, sync_channel};
use std::sync::{Arc, Mutex};

/// Runs `work` over `jobs` on `workers` threads (1 = in this thread) and hands each result, in input
/// order, to `sink`. Stops early when `sink` fails, and returns that error.
pub fn ordered_map<J, R, E>(
    jobs: impl Iterator<Item = J> + Send,
    workers: usize,
    work: impl Fn(J) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    J: Send,
    R: Send,
{
    if workers <= 1 {
        for j in jobs {
            sink(work(j))?;
        }
        return Ok(());
    }
    let window = workers * 4;
    std::thread::scope(|scope| {
        let (job_tx, job_rx) = sync_channel::<(usize, J)>(window);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (res_tx, res_rx) = channel::<(usize, R)>();
        // One token per job in flight: the producer takes one before queueing, the sink returns it.
        let (token_tx, token_rx) = sync_channel::<()>(window);
        for _ in 0..window {
            let _ = token_tx.send(());
        }
        for _ in 0..workers {
            let (job_rx, res_tx, work) = (Arc::clone(&job_rx), res_tx.clone(), &work);
            scope.spawn(move || loop {
                let next = job_rx.lock().map(|rx| rx.recv());
                let Ok(Ok((i, job))) = next else { break };
                if res_tx.send((i, work(job))).is_err() {
                    break;
                }
            });
        }
        drop(res_tx);
        scope.spawn(move || {
            for (i, job) in jobs.enumerate() {
                if token_rx.recv().is_err() || job_tx.send((i, job)).is_err() {
                    break;
                }
            }
        });
        let mut pending = BTreeMap::new();
        let mut next = 0usize;
        for (i, r) in res_rx.iter() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&next) {
                next += 1;
                // The sink failing (a closed pipe) ends the batch: dropping the token sender stops the producer.
                sink(r)?;
                let _ = token_tx.send(());
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_input_order_with_uneven_work() {
        let mut seen = Vec::new();
        let res: Result<(), ()> = ordered_map(
            0..200u64,
            3,
            |i| {
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                i * 2
            },
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert!(res.is_ok());
        assert_eq!(seen, (0..200).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn stops_when_the_sink_fails() {
        let mut n = 0;
        let res = ordered_map(
            0..10_000u32,
            2,
            |i| i,
            |_| {
                n += 1;
                if n == 5 {
                    Err("closed")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(res, Err("closed"));
    }
}
