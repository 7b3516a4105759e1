//! The signed-in user's own pages.

use super::Lang;
use crate::{auth::CurrentUser, views::MePage};

/// The landing page after sign-in: who you are, your extension and location.
pub async fn get_me(Lang(t): Lang, CurrentUser(user): CurrentUser) -> MePage {
    MePage {
        t,
        extension: user.extension.clone(),
        // Location names come with the location lookup; the id identifies it meanwhile.
        location: user.location_id.clone(),
        voicemail_card: super::voicemail::card_path(&user.person_id),
        user,
    }
}
