//! The worker's pool path in one process: a `Session` with a pool, its
//! parts as `PartState`s, every part's data through `PartData::to_bytes`
//! and every request and answer through JSON, as `postMessage` carries
//! them between the coordinator worker and its part workers.

use kefu_lens::pool::{PartAnswer, PartData, PartState, Plan};
use kefu_lens::protocol::{Answer, Loaded, QueryKind};
use kefu_lens::session::{Build, Session};

/// `x` through JSON and back.
fn through_json<T: serde::Serialize + for<'de> serde::Deserialize<'de>>(x: T) -> T {
    serde_json::from_slice(&serde_json::to_vec(&x).unwrap()).unwrap()
}

/// A session and the part workers it asks.
#[derive(Default)]
pub struct Driven {
    pub session: Session,
    pub parts: Vec<PartState>,
}

impl Driven {
    /// Carry out what a build asks (as the worker binary does) and return
    /// what is loaded.
    pub fn finish(&mut self, build: Build, cancelled: bool, from_settings: bool) -> Loaded {
        let infos: Vec<PartAnswer> = match build {
            Build::Done(loaded) => {
                self.parts.clear();
                return loaded;
            }
            Build::Parts(data) => {
                let settings = self.session.settings().clone();
                self.parts = data
                    .into_iter()
                    .map(|d| {
                        PartState::new(PartData::from_bytes(&d.into_bytes()).expect("a part reads back"), &settings)
                    })
                    .collect();
                self.parts.iter().map(|p| through_json(p.info())).collect()
            }
            Build::Broadcast(req) => {
                self.parts.iter_mut().map(|p| through_json(p.answer(through_json(req.clone())))).collect()
            }
        };
        self.session.parts_built(infos, cancelled, from_settings).expect("the parts describe their builds")
    }

    /// Answer a query as the worker does: planned, asked, merged.
    pub fn answer(&mut self, q: QueryKind) -> Result<Answer, String> {
        match self.session.plan(q.clone()) {
            Plan::Done(a) => a,
            Plan::Ask(reqs) => {
                let answers =
                    reqs.into_iter().map(|(p, r)| through_json(self.parts[p].answer(through_json(r)))).collect();
                self.session.merge(&q, answers)
            }
        }
    }
}
