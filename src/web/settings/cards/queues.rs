//! The "My call queues" card (FACTS §10.5): each queue the person is an agent of, and whether
//! they have joined it. A save changes only this agent's join state, only for the queues whose
//! box changed; a queue id that is not one of this agent's queues is refused here (422) before
//! anything reaches Webex. Whether a queue lets its agents join or leave (`allowAgentJoinEnabled`)
//! is not in the agent GET, so Webex decides that on the PUT and the card shows its answer.

use crate::web::settings::{Card, FieldErrors, Notice};
use crate::{
    auth::authz::Target,
    features::Feature,
    i18n::Messages,
    views::{
        calling::{QueuesCard, QueuesForm},
        card::CardCommon,
    },
    webex::{AgentQueue, QueueJoinPatch, Receipt, WebexClient, WebexError},
};

pub struct Queues;

impl Card for Queues {
    const FEATURE: Feature = Feature::CallQueues;
    /// The agent's queues (none when Webex knows no such agent).
    type Setting = Vec<AgentQueue>;
    type Form = QueuesForm;
    type Patch = QueueJoinPatch;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        Ok(webex
            .get_queue_agent(person_id)
            .await?
            .map(|a| a.queues)
            .unwrap_or_default())
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
            queue: s.iter().map(|q| q.id.clone()).collect(),
            join: s
                .iter()
                .filter(|q| q.join_enabled)
                .map(|q| q.id.clone())
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
        let mine = |id: &String| current.iter().any(|q| &q.id == id);
        if !f.queue.iter().chain(&f.join).all(mine) {
            let mut errors = FieldErrors::default();
            errors.add("queue", t.calling.queue_not_yours);
            return Err(errors);
        }
        let join = current
            .iter()
            .filter(|q| f.queue.contains(&q.id))
            .filter_map(|q| {
                let wanted = f.join.contains(&q.id);
                (wanted != q.join_enabled).then(|| (q.id.clone(), wanted))
            })
            .collect();
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
