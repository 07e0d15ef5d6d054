//! The PostgreSQL work queue's states (needs `RASD_TEST_PG`; skipped with a printed line
//! otherwise): claims never hand one job to two workers, completion needs the job still held,
//! failures are retried up to the limit, expired leases are taken over.

use rasd_doc::{Document, Meta};
use rasd_store::pg::{self, queue::Job};
use rasd_store::PgStore;
use std::time::Duration;

fn store() -> Option<PgStore> {
    let Ok(base) = std::env::var("RASD_TEST_PG") else {
        println!("RASD_TEST_PG not set: PostgreSQL queue test skipped");
        return None;
    };
    let url = pg::scratch_database(&base, "rasd_jobs").unwrap();
    Some(PgStore::connect(&url).unwrap())
}

fn doc(id: &str) -> Document {
    Document {
        id: id.into(),
        text: format!("نص تجريبي قصير للمقال {id} عن افتتاح سوق في المدينة."),
        meta: Meta {
            published: Some("2024-05-01".into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

const LONG: Duration = Duration::from_secs(600);

#[test]
fn jobs_are_claimed_once_completed_by_their_holder_retried_and_taken_over() {
    let Some(s) = store() else { return };
    let paths: Vec<String> = ["/in/a.warc.gz", "/in/b.html", "/in/c.rss"]
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(s.enqueue(&paths).unwrap(), 3);
    assert_eq!(s.enqueue(&paths[..1]).unwrap(), 0, "already queued");
    // Claims go in queue order, one job per worker.
    let a = s.claim("w1", LONG, 3).unwrap().unwrap();
    let b = s.claim("w2", LONG, 3).unwrap().unwrap();
    let c = s.claim("w3", LONG, 3).unwrap().unwrap();
    assert_eq!(
        [&a.path, &b.path, &c.path],
        [&paths[0], &paths[1], &paths[2]]
    );
    assert!(s.claim("w4", LONG, 3).unwrap().is_none());
    assert_eq!(s.jobs_held_by("w1").unwrap(), vec![a.id]);
    // Only the holder completes, and its documents are stored with the completion.
    assert!(s
        .complete(&a, "w2", vec![doc("x")], "{}")
        .unwrap()
        .is_none());
    assert_eq!(s.article_count().unwrap(), 0);
    let st = s
        .complete(&a, "w1", vec![doc("a1"), doc("a2")], "{}")
        .unwrap();
    assert_eq!(st.unwrap().new, 2);
    assert_eq!(s.job_state(a.id).unwrap().unwrap().0, "done");
    // A failure re-queues the job while attempts are left; the next claim is a new attempt and
    // the old claim can neither renew nor complete.
    s.fail(&b, "w2", "unreadable", 2).unwrap();
    assert_eq!(s.job_state(b.id).unwrap().unwrap().0, "queued");
    let b2 = s.claim("w5", LONG, 2).unwrap().unwrap();
    assert_eq!((b2.id, b2.attempts), (b.id, 2));
    assert!(!s.renew(&b, "w2", LONG).unwrap());
    assert!(s
        .complete(&b, "w2", vec![doc("b")], "{}")
        .unwrap()
        .is_none());
    s.fail(&b2, "w5", "unreadable again", 2).unwrap();
    assert_eq!(s.job_state(b.id).unwrap().unwrap().0, "failed");
    // An expired lease is taken over; the first holder has lost the job.
    assert!(s.renew(&c, "w3", Duration::from_millis(1)).unwrap());
    std::thread::sleep(Duration::from_millis(50));
    let c2 = s.claim("w6", LONG, 3).unwrap().unwrap();
    assert_eq!(c2.id, c.id);
    assert!(!s.renew(&c, "w3", LONG).unwrap());
    assert!(s
        .complete(&c, "w3", vec![doc("c")], "{}")
        .unwrap()
        .is_none());
    assert!(s
        .complete(&c2, "w6", vec![doc("c")], "{}")
        .unwrap()
        .is_some());
    let q = s.queue_counts().unwrap();
    assert_eq!((q.queued, q.running, q.done, q.failed), (0, 0, 2, 1));
    assert_eq!(s.article_count().unwrap(), 3);
    // A finished path can be queued again (re-ingesting is a no-op for the store).
    assert_eq!(s.enqueue(&paths[..1]).unwrap(), 1);
    let again: Job = s.claim("w1", LONG, 3).unwrap().unwrap();
    assert_eq!(again.path, paths[0]);
}
