//! The "My call queues" card (FACTS §10.5): each queue the person is an agent of, and whether
//! they have joined it. A save changes only this agent's join state, only for the queues whose
//! box changed; a queue id that is not one of this agent's queues is refused here (422) before
//! anything reaches Webex. Whether a queue lets its agents join or leave (`allowAgentJoinEnabled`)
//! is not in the agent GET, so the card reads each queue's details beside it: a queue that forbids
//! it is shown read-only and a change to it is refused here too (422), never trusted to the
//! browser. Where Webex does not say, Webex decides on the PUT and the card shows its answer.

use crate::domain::queues::MyQueue;
use crate::web::settings::{Card, FieldErrors, Notice};
use crate::{
    auth::authz::Target,
    features::Feature,
    i18n::Messages,
    views::{
        calling::{QueuesCard, QueuesForm},
        card::CardCommon,
    },
    webex::{QueueJoinPatch, Receipt, WebexClient, WebexError},
};
use futures_util::future::try_join_all;

pub struct Queues;

impl Card for Queues {
    const FEATURE: Feature = Feature::CallQueues;
    /// The agent's queues (none when Webex knows no such agent), each with its policy.
    type Setting = Vec<MyQueue>;
    type Form = QueuesForm;
    type Patch = QueueJoinPatch;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        let queues = webex
            .get_queue_agent(person_id)
            .await?
            .map(|a| a.queues)
            .unwrap_or_default();
        // One details GET per queue, side by side; a queue Webex cannot find there has no policy
        // to show (404), any other failure fails the card like the agent GET would.
        try_join_all(queues.into_iter().map(|queue| async move {
            let agents_may_change = match queue.location_id.as_deref() {
                Some(location) => webex
                    .get_call_queue(location, &queue.id)
                    .await?
                    .and_then(|d| d.allow_agent_join_enabled),
                None => None,
            };
            Ok(MyQueue {
                queue,
                agents_may_change,
            })
        }))
        .await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        webex.put_queue_agent_settings(person_id, patch).await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        QueuesForm {
            queue: s.iter().map(|q| q.queue.id.clone()).collect(),
            join: s
                .iter()
                .filter(|q| q.queue.join_enabled)
                .map(|q| q.queue.id.clone())
                .collect(),
        }
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        _: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        // Nothing from the browser is trusted: every id must be one of this agent's queues.
        let mut errors = FieldErrors::default();
        let mine = |id: &String| current.iter().any(|q| &q.queue.id == id);
        if !f.queue.iter().chain(&f.join).all(mine) {
            errors.add("queue", t.calling.queue_not_yours);
            return Err(errors);
        }
        let mut join = std::collections::BTreeMap::new();
        for q in current.iter().filter(|q| f.queue.contains(&q.queue.id)) {
            let wanted = f.join.contains(&q.queue.id);
            if wanted == q.queue.join_enabled {
                continue;
            }
            if q.locked() {
                errors.add("queue", (t.calling.queue_locked)(&q.queue.name));
            }
            join.insert(q.queue.id.clone(), wanted);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let patch = QueueJoinPatch { join };
        Ok((!patch.is_empty()).then_some(patch))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        vec![(t.calling.queues_col_joined, f.join.join(", "))]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        let failed = matches!(c.notice, Some(Notice::Failed { .. }));
        askama::Template::render(&QueuesCard {
            queues: setting.cloned().unwrap_or_default(),
            c,
            form,
            failed,
        })
    }
}
