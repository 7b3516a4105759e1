//! A call queue as the "My call queues" card sees it: the agent's entry (FACTS §10.5) with the
//! queue's own policy on whether agents may join and leave it themselves.

use serde::{Deserialize, Serialize};

use crate::webex::models::AgentQueue;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyQueue {
    pub queue: AgentQueue,
    /// The queue's `allowAgentJoinEnabled`; `None` when Webex did not say (then Webex decides
    /// on the write).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents_may_change: Option<bool>,
}

impl MyQueue {
    /// The queue forbids agents to join or leave it: the card shows the state read-only and a
    /// change to it is refused before Webex.
    pub fn locked(&self) -> bool {
        self.agents_may_change == Some(false)
    }
}
